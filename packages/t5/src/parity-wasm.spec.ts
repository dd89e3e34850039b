/**
 * The same parity checks on the wasm backend (the default when tfjs-node is absent), whose
 * kernels (XNNPACK matmuls, custom gradients) differ from the cpu backend's.
 */
import '@tensorflow/tfjs-backend-wasm';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { expectClose } from '@hyperprompt/core/testing';
import { FIXTURES, generatedTokens, readExpected } from './__fixtures__/expected';
import { T5Model } from './t5-model';

describe.each(['t5-tiny-relu', 't5-tiny-gated'])('parity on wasm: %s', (name) => {
  const expected = readExpected(name);
  const { inputs, outputs } = expected;
  let model: T5Model;

  beforeAll(async () => {
    expect(await tf.setBackend('wasm')).toBe(true);
    model = T5Model.fromPretrained(path.join(FIXTURES, name));
  });
  afterAll(() => model.dispose());

  it('matches logits, loss and greedy tokens', () => {
    const out = model.forward({
      inputIds: inputs.input_ids,
      attentionMask: inputs.attention_mask,
      decoderInputIds: inputs.decoder_input_ids,
      decoderAttentionMask: inputs.decoder_attention_mask,
    });
    expectClose(out.logits, outputs.logits, { atol: 1e-4, rtol: 1e-4 });
    tf.dispose(Object.values(out));
    const loss = model.loss({
      inputIds: inputs.input_ids,
      attentionMask: inputs.attention_mask,
      labels: inputs.labels,
    });
    expectClose(loss, outputs.loss, { atol: 1e-5, rtol: 1e-5 });
    loss.dispose();
    const g = expected.generation;
    const generated = model.generate(
      { inputIds: inputs.input_ids, attentionMask: inputs.attention_mask },
      { maxNewTokens: g.max_new_tokens },
    );
    expect(generated).toEqual(generatedTokens(g.sequences, g.eos_token_id));
  });

  it('trains every table (embeddings, position bias) on wasm without missing gradient kernels', () => {
    const optimizer = tf.train.adam(1e-3);
    const before = model.variables
      .get('encoder/block/0/layer/0/SelfAttention/relative_attention_bias/weight')
      .dataSync()
      .slice();
    const loss = optimizer.minimize(
      () =>
        model.loss({
          inputIds: inputs.input_ids,
          attentionMask: inputs.attention_mask,
          labels: inputs.labels,
        }),
      true,
      model.variables.trainableVariables(),
    );
    expect(Number.isFinite(loss?.dataSync()[0])).toBe(true);
    const after = model.variables
      .get('encoder/block/0/layer/0/SelfAttention/relative_attention_bias/weight')
      .dataSync();
    expect(Array.from(after)).not.toEqual(Array.from(before));
    loss?.dispose();
    optimizer.dispose();
  });
});
