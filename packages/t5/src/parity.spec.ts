/**
 * Numerical parity with the Hugging Face T5 (through the PyTorch reference fixtures):
 * logits, hidden states, loss, position biases, greedy generation and rank classification,
 * for T5 v1.0 (relu, tied) and T5.1.1 (gated-gelu, untied, odd heads, d_kv·N ≠ D, encoder
 * and decoder of different depth), stored as F32, F16, BF16 and sharded.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { expectClose } from '@hyperprompt/core/testing';
import { FIXTURES, generatedTokens, readExpected } from './__fixtures__/expected';
import { positionBias } from './layers/relative-position';
import { T5Model } from './t5-model';

const MODELS = ['t5-tiny-relu', 't5-tiny-gated', 't5-tiny-f16', 't5-tiny-bf16', 't5-tiny-gated-sharded'];

describe.each(MODELS)('parity with the HF reference: %s', (name) => {
  const expected = readExpected(name);
  let model: T5Model;
  const { inputs, outputs } = expected;
  const batch = {
    inputIds: inputs.input_ids,
    attentionMask: inputs.attention_mask,
    decoderInputIds: inputs.decoder_input_ids,
    decoderAttentionMask: inputs.decoder_attention_mask,
  };

  beforeAll(async () => {
    await tf.setBackend('cpu');
    model = T5Model.fromPretrained(path.join(FIXTURES, name));
  });
  afterAll(() => model.dispose());

  it('matches logits, encoder output and every block output', () => {
    const hidden: tf.Tensor[] = [];
    const out = model.forward(batch, { observeHidden: (h) => hidden.push(tf.keep(h.clone())) });
    expectClose(out.logits, outputs.logits, { atol: 1e-4, rtol: 1e-4 });
    expectClose(out.encoderHiddenState, outputs.encoder_last_hidden_state, { atol: 1e-5, rtol: 1e-4 });
    const blocks = [...outputs.encoder_block_outputs, ...outputs.decoder_block_outputs];
    expect(hidden).toHaveLength(blocks.length);
    hidden.forEach((h, i) => expectClose(h, blocks[i], { atol: 1e-4, rtol: 1e-4 }));
    tf.dispose([out.logits, out.encoderHiddenState, out.encoderMask, ...hidden]);
  });

  it('matches the loss on labels with -100 padding', () => {
    const loss = model.loss({
      inputIds: inputs.input_ids,
      attentionMask: inputs.attention_mask,
      labels: inputs.labels,
      decoderAttentionMask: inputs.decoder_attention_mask,
    });
    expectClose(loss, outputs.loss, { atol: 1e-5, rtol: 1e-5 });
    loss.dispose();
  });

  it('matches the position biases of both stacks', () => {
    const c = model.config;
    const enc = positionBias(
      model.encoderWeights.relativeAttentionBias,
      12,
      12,
      true,
      c.relativeAttentionMaxDistance,
    );
    const t = inputs.decoder_input_ids[0].length;
    const dec = positionBias(
      model.decoderWeights.relativeAttentionBias,
      t,
      t,
      false,
      c.relativeAttentionMaxDistance,
    );
    expectClose(enc, outputs.encoder_position_bias, 1e-6);
    expectClose(dec, outputs.decoder_position_bias, 1e-6);
    tf.dispose([enc, dec]);
  });

  it('generates the same greedy tokens, cached and uncached, stopping at EOS', () => {
    const g = expected.generation;
    const want = generatedTokens(g.sequences, g.eos_token_id);
    const enc = { inputIds: inputs.input_ids, attentionMask: inputs.attention_mask };
    expect(model.generate(enc, { maxNewTokens: g.max_new_tokens })).toEqual(want);
    expect(model.generate(enc, { maxNewTokens: g.max_new_tokens, useCache: false })).toEqual(want);
    const early = g.early_stop;
    const wantEarly = generatedTokens(early.sequences, g.eos_token_id);
    const earlyInputs = { inputIds: early.input_ids, attentionMask: early.attention_mask };
    expect(model.generate(earlyInputs, { maxNewTokens: g.max_new_tokens })).toEqual(wantEarly);
  });

  it('scores candidate targets like the reference (rank classification)', () => {
    const r = expected.rank_classification;
    const scores = model.scoreCandidates(
      { inputIds: inputs.input_ids, attentionMask: inputs.attention_mask },
      r.candidates,
    );
    expectClose(scores, r.log_likelihood, { atol: 1e-4, rtol: 1e-5 });
  });
});

describe.each(['t5-tiny-relu', 't5-tiny-gated'])('parity beyond max_distance: %s', (name) => {
  const long = JSON.parse(fs.readFileSync(path.join(FIXTURES, name, 'expected_long.json'), 'utf8')) as {
    inputs: { input_ids: number[][]; attention_mask: number[][]; labels: number[][] };
    outputs: { loss: number; logits: number[][][] };
  };

  it('matches logits and loss for inputs (45 tokens) and targets (28) longer than max_distance (20)', async () => {
    await tf.setBackend('cpu');
    const model = T5Model.fromPretrained(path.join(FIXTURES, name));
    expect(long.inputs.input_ids[0].length).toBeGreaterThan(model.config.relativeAttentionMaxDistance);
    const inputs = {
      inputIds: long.inputs.input_ids,
      attentionMask: long.inputs.attention_mask,
      labels: long.inputs.labels,
    };
    const out = model.forward(inputs);
    expectClose(out.logits, long.outputs.logits, { atol: 1e-4, rtol: 1e-4 });
    const loss = model.loss(inputs);
    expectClose(loss, long.outputs.loss, { atol: 1e-5, rtol: 1e-5 });
    tf.dispose([...Object.values(out), loss]);
    model.dispose();
  });
});
