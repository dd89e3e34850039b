/**
 * The backbone's hook wiring: where and how often each hook fires, with which shapes; that
 * empty hooks change nothing; and that keys/values prepended through `keyValue` (as
 * HyperPrompt does) are visible to every query, in training-style forwards and in cached
 * decoding.
 */
import * as tf from '@tensorflow/tfjs';
import { createForwardContext, type BackboneHooks } from '@hyperprompt/core';
import { recordingHooks } from '@hyperprompt/core/testing';
import { t5Preset } from './presets';
import { T5Model } from './t5-model';

const config = t5Preset('tiny', { numDecoderLayers: 3, dropoutRate: 0 });
const batch = {
  inputIds: [
    [5, 6, 7, 8, 1],
    [9, 10, 1],
  ],
  decoderInputIds: [
    [0, 4, 5, 6],
    [0, 7, 8, 9],
  ],
  decoderAttentionMask: [
    [1, 1, 1, 1],
    [1, 1, 1, 0],
  ],
};

/** Prepends `p` key/value positions whose content depends on the example's task. */
function promptHooks(p: number, taskIds: readonly number[], scale = 1): BackboneHooks {
  return {
    keyValue: (kv, site) => {
      if (site.attention !== 'self') return kv;
      const [b, n, , h] = kv.keys.shape;
      const t = kv.bias.shape[2];
      const perTask = tf.tensor1d(taskIds.map((id) => (id + 1) * scale)).reshape([b, 1, 1, 1]);
      const prompt = tf
        .ones([b, n, p, h])
        .mul(perTask)
        .mul(site.layer + 1); // [B, N, P, H]
      return {
        keys: tf.concat<tf.Tensor4D>([prompt as tf.Tensor4D, kv.keys], 2),
        values: tf.concat<tf.Tensor4D>([prompt.neg() as tf.Tensor4D, kv.values], 2),
        bias: tf.concat<tf.Tensor4D>([tf.zeros([kv.bias.shape[0], n, t, p]), kv.bias], 3),
      };
    },
  };
}

describe('T5 hook points', () => {
  let model: T5Model;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    model = T5Model.random(config, 3);
  });
  afterAll(() => model.dispose());

  it('calls each hook at the documented sites with the documented shapes', () => {
    const rec = recordingHooks();
    const out = model.forward(batch, { hooks: rec.hooks });
    const { numHeads: n, dKv: h, dModel: d } = config;
    expect(rec.calls.filter((c) => c.hook === 'embed').map((c) => c.where)).toEqual(['encoder', 'decoder']);
    expect(rec.count('keyValue', 'encoder')).toBe(config.numLayers);
    expect(rec.count('keyValue', 'decoder')).toBe(2 * config.numDecoderLayers);
    expect(rec.count('keyValue', 'cross')).toBe(config.numDecoderLayers);
    expect(rec.count('attentionOutput')).toBe(config.numLayers + 2 * config.numDecoderLayers);
    expect(rec.count('ffnOutput')).toBe(config.numLayers + config.numDecoderLayers);
    const encoderKV = rec.calls.find((c) => c.hook === 'keyValue' && c.where === 'encoder.layer_1.self');
    expect(encoderKV?.shapes).toEqual({ keys: [2, n, 5, h], values: [2, n, 5, h], bias: [2, n, 5, 5] });
    const crossKV = rec.calls.find((c) => c.where === 'decoder.layer_2.cross');
    expect(crossKV?.shapes).toEqual({ keys: [2, n, 5, h], values: [2, n, 5, h], bias: [2, n, 4, 5] });
    const ffn = rec.calls.find((c) => c.hook === 'ffnOutput' && c.where === 'decoder.layer_0');
    expect(ffn?.shapes).toEqual({ h: [2, 4, d] });
    tf.dispose(Object.values(out));
  });

  it('gives bit-identical logits with empty hooks and with no hooks', () => {
    const plain = model.forward(batch);
    const empty = model.forward(batch, { hooks: {} });
    const emptyList = model.forward(batch, { hooks: [{}, {}] });
    expect(Array.from(empty.logits.dataSync())).toEqual(Array.from(plain.logits.dataSync()));
    expect(Array.from(emptyList.logits.dataSync())).toEqual(Array.from(plain.logits.dataSync()));
    tf.dispose([...Object.values(plain), ...Object.values(empty), ...Object.values(emptyList)]);
  });

  it('lets every query attend to prepended positions: zero bias, never masked', () => {
    const p = 2;
    const massOnPrompt: number[] = [];
    const out = model.forward(batch, {
      hooks: promptHooks(p, [0, 1]),
      observeAttention: (probs, site) => {
        if (site.attention !== 'self') return;
        expect(probs.shape[3]).toBe(probs.shape[2] + p);
        const mass = probs.slice([0, 0, 0, 0], [-1, -1, -1, p]).sum(-1); // [B, N, T]
        massOnPrompt.push(mass.min().dataSync()[0]);
      },
    });
    // Every query of every self-attention block (including decoder row 0 under the causal mask
    // and padded decoder positions) puts non-zero mass on the prompt columns.
    expect(massOnPrompt).toHaveLength(config.numLayers + config.numDecoderLayers);
    for (const m of massOnPrompt) expect(m).toBeGreaterThan(1e-6);
    tf.dispose(Object.values(out));
  });

  it('composes two prepending methods on one forward', () => {
    const rec = recordingHooks();
    const out = model.forward(batch, {
      hooks: [promptHooks(2, [0, 1]), promptHooks(3, [1, 0], 0.5), rec.hooks],
    });
    const enc = rec.calls.find((c) => c.hook === 'keyValue' && c.where === 'encoder.layer_0.self');
    expect(enc?.shapes.keys).toEqual([2, config.numHeads, 5 + 5, config.dKv]);
    expect(enc?.shapes.bias).toEqual([2, config.numHeads, 5, 10]);
    tf.dispose(Object.values(out));
  });

  it('decodes identically with and without the cache when hooks prepend task-specific prompts', () => {
    // An untied gated model: its greedy outputs vary (the tied tiny model mostly repeats one token).
    const varied = T5Model.random(
      t5Preset('tiny', { feedForwardProj: 'gated-gelu', tieWordEmbeddings: false }),
      5,
    );
    const taskIds = [1, 0];
    const hooks = (ctx: { taskIdList: readonly number[] }) => promptHooks(3, ctx.taskIdList, 0.7);
    const enc = { inputIds: batch.inputIds };
    const plain = varied.generate(enc, { maxNewTokens: 6 });
    expect(new Set(plain.flat()).size).toBeGreaterThan(3); // a non-trivial decode to compare
    expect(varied.generate(enc, { maxNewTokens: 6, useCache: false })).toEqual(plain);
    const cached = varied.generate(enc, { taskIds, numTasks: 2, hooks, maxNewTokens: 6 });
    const uncached = varied.generate(enc, { taskIds, numTasks: 2, hooks, maxNewTokens: 6, useCache: false });
    expect(cached).toEqual(uncached);
    expect(cached).not.toEqual(plain); // the prompts do condition the output
    varied.dispose();
  });

  it('refuses a context whose batch differs from the inputs', () => {
    const ctx = createForwardContext({ taskIds: [0, 0, 0] });
    expect(() => model.forward(batch, { context: ctx })).toThrow(/context.taskIds: expected \[2\]/);
    ctx.dispose();
  });
});
