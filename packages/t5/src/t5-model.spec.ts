/**
 * T5Model life cycle: seeded construction, checkpoint save/load round trips and errors,
 * training with seeded dropout, and no tensor leaks in forward, loss+gradients, decoding,
 * save and load.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import {
  CheckpointError,
  createForwardContext,
  DivergenceError,
  Rng,
  readSafetensorsHeader,
  type AttentionKV,
} from '@hyperprompt/core';
import { expectClose, expectNoTensorLeak } from '@hyperprompt/core/testing';
import { FIXTURES } from './__fixtures__/expected';
import { t5Preset } from './presets';
import { T5Model } from './t5-model';
import { t5ParameterCount } from './presets';

const tiny = t5Preset('tiny');
const batch = {
  inputIds: [
    [5, 6, 7, 1],
    [8, 9, 1],
  ],
  labels: [
    [10, 11, 1],
    [12, 1],
  ],
};

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 't5-spec-'));
}

function values(model: T5Model): Map<string, Float32Array> {
  return new Map(model.variables.entries().map((e) => [e.name, e.variable.dataSync() as Float32Array]));
}

describe('T5Model', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('is seeded: same seed, same weights; closed-form count equals the variables', () => {
    const a = T5Model.random(tiny, 1);
    const b = T5Model.random(tiny, 1);
    const c = T5Model.random(tiny, 2);
    expect(values(a)).toEqual(values(b));
    expect(values(a).get('shared/weight')).not.toEqual(values(c).get('shared/weight'));
    expect(a.parameterCount()).toBe(t5ParameterCount(tiny));
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(a.fingerprint).not.toBe(c.fingerprint);
    expect(a.spec).toEqual({
      architecture: 't5',
      dModel: 32,
      numHeads: 4,
      headDim: 8,
      dFF: 64,
      numLayers: { encoder: 2, decoder: 2 },
      vocabSize: 128,
    });
    [a, b, c].forEach((m) => m.dispose());
  });

  it('saves a HF checkpoint that loads back bit-exactly, and saving again gives the same bytes', () => {
    for (const config of [
      tiny,
      t5Preset('tiny', { feedForwardProj: 'gated-gelu', tieWordEmbeddings: false, numHeads: 3, dKv: 5 }),
    ]) {
      const model = T5Model.random(config, 7);
      const dir = tempDir();
      model.save(dir);
      const loaded = T5Model.fromPretrained(dir);
      expect(loaded.config).toEqual(model.config);
      expect(values(loaded)).toEqual(values(model));
      const again = tempDir();
      loaded.save(again);
      expect(fs.readFileSync(path.join(again, 'model.safetensors'))).toEqual(
        fs.readFileSync(path.join(dir, 'model.safetensors')),
      );
      const keys = [...readSafetensorsHeader(path.join(dir, 'model.safetensors')).tensors.keys()];
      expect(keys).toContain('encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight');
      expect(keys.includes('lm_head.weight')).toBe(!config.tieWordEmbeddings);
      [model, loaded].forEach((m) => m.dispose());
    }
  });

  it('saves in F16 when asked', () => {
    const model = T5Model.random(tiny, 7);
    const dir = tempDir();
    model.save(dir, { dtype: 'F16' });
    const header = readSafetensorsHeader(path.join(dir, 'model.safetensors'));
    expect(header.tensors.get('shared.weight')?.dtype).toBe('F16');
    const loaded = T5Model.fromPretrained(dir);
    const a = values(model).get('shared/weight') as Float32Array;
    const b = values(loaded).get('shared/weight') as Float32Array;
    expect(Math.max(...a.map((v, i) => Math.abs(v - b[i])))).toBeLessThan(2e-3);
    [model, loaded].forEach((m) => m.dispose());
  });

  it('reports missing, unexpected and mis-shaped tensors and missing files', () => {
    const source = path.join(FIXTURES, 't5-tiny-relu');
    const dir = tempDir();
    fs.copyFileSync(path.join(source, 'model.safetensors'), path.join(dir, 'model.safetensors'));
    const config = JSON.parse(fs.readFileSync(path.join(source, 'config.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ ...config, num_layers: 3 }));
    expect(() => T5Model.fromPretrained(dir)).toThrow(CheckpointError);
    expect(() => T5Model.fromPretrained(dir)).toThrow(/missing \d+: encoder\.block\.2\./);
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ ...config, num_layers: 1 }));
    expect(() => T5Model.fromPretrained(dir)).toThrow(/unexpected \d+: encoder\.block\.1\./);
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ ...config, d_ff: 65 }));
    expect(() => T5Model.fromPretrained(dir)).toThrow(
      /\[encoder\.block\.0\.layer\.1\.DenseReluDense\.wi\.weight\]: shape \[64, 32\], expected \[65, 32\]/,
    );
    const empty = tempDir();
    expect(() => T5Model.fromPretrained(empty)).toThrow(/config\.json/);
    fs.writeFileSync(path.join(empty, 'config.json'), JSON.stringify(config));
    fs.writeFileSync(path.join(empty, 'pytorch_model.bin'), '');
    expect(() => T5Model.fromPretrained(empty)).toThrow(/pytorch_model\.bin is not supported/);
    fs.writeFileSync(path.join(empty, 'config.json'), '{ not json');
    expect(() => T5Model.fromPretrained(empty)).toThrow(/not valid JSON/);
  });

  it('refuses a checkpoint with non-finite weights unless allowNonFinite; decoding them is a DivergenceError', () => {
    const model = T5Model.random(tiny, 7);
    const dir = tempDir();
    const norm = model.variables.get('decoder/final_layer_norm/weight');
    norm.assign(tf.fill(norm.shape, Infinity));
    model.save(dir);
    model.dispose();
    const file = path.join(dir, 'model.safetensors');
    let error: unknown;
    try {
      T5Model.fromPretrained(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CheckpointError);
    expect(error).toMatchObject({ file, key: 'decoder.final_layer_norm.weight' });
    expect((error as Error).message).toMatch(/element 0 is Infinity; 32 of 32 values are not finite/);
    const loaded = T5Model.fromPretrained(dir, { allowNonFinite: true });
    const before = tf.memory().numTensors;
    expect(() => loaded.generate({ inputIds: [[5, 6, 1]] }, { maxNewTokens: 3 })).toThrow(DivergenceError);
    expect(() => loaded.generate({ inputIds: [[5, 6, 1]] }, { maxNewTokens: 3 })).toThrow(
      /non-finite value: the decoder output at generation step 1 is NaN/,
    );
    expect(tf.memory().numTensors).toBe(before);
    loaded.dispose();
  });

  it('learns a toy copy task, and seeded dropout makes training reproducible', () => {
    const run = (): number[] => {
      const model = T5Model.random(t5Preset('tiny', { dropoutRate: 0.1 }), 11);
      const optimizer = tf.train.adam(1e-2);
      const rng = new Rng(5);
      const losses: number[] = [];
      for (let step = 0; step < 12; step++) {
        const ctx = createForwardContext({ batchSize: 2, training: true, rng });
        const loss = optimizer.minimize(
          () => model.loss(batch, { context: ctx }),
          true,
          model.variables.trainableVariables(),
        );
        losses.push((loss as tf.Scalar).dataSync()[0]);
        (loss as tf.Scalar).dispose();
        ctx.dispose();
      }
      optimizer.dispose();
      model.dispose();
      return losses;
    };
    const first = run();
    expect(run()).toEqual(first);
    expect(first[first.length - 1]).toBeLessThan(first[0] * 0.5);
  });

  it('applies label smoothing like PyTorch CrossEntropyLoss', () => {
    const model = T5Model.random(tiny, 3);
    const plain = model.loss(batch).dataSync()[0];
    const smooth = model.loss(batch, { labelSmoothing: 0.1 }).dataSync()[0];
    // Reference from the logits: (1-ε)·NLL + ε·mean over vocab of -log p.
    const out = model.forward(batch);
    const logp = tf.logSoftmax(out.logits).arraySync();
    const targets = [
      [10, 11, 1],
      [12, 1],
    ];
    let sum = 0;
    let count = 0;
    targets.forEach((row, b) =>
      row.forEach((label, t) => {
        const lp = logp[b][t];
        sum += 0.9 * -lp[label] + 0.1 * -(lp.reduce((a, v) => a + v, 0) / lp.length);
        count++;
      }),
    );
    expect(smooth).toBeCloseTo(sum / count, 5);
    expect(smooth).not.toBeCloseTo(plain, 3);
    expect(() => model.loss(batch, { labelSmoothing: 1 })).toThrow(/labelSmoothing/);
    tf.dispose(Object.values(out));
    model.dispose();
  });

  it('does not leak tensors in forward, a training step, decoding, save and load', async () => {
    const model = T5Model.random(tiny, 4);
    const optimizer = tf.train.adam(1e-3);
    const step = () => {
      const loss = optimizer.minimize(
        () => model.loss(batch, { training: true }),
        true,
        model.variables.trainableVariables(),
      );
      loss?.dispose();
    };
    step(); // creates Adam's slots once
    await expectNoTensorLeak(() => tf.dispose(Object.values(model.forward(batch))), 'forward');
    await expectNoTensorLeak(step, 'a training step');
    await expectNoTensorLeak(
      () => model.generate({ inputIds: batch.inputIds }, { maxNewTokens: 4 }),
      'cached generate',
    );
    await expectNoTensorLeak(
      () => model.generate({ inputIds: batch.inputIds }, { maxNewTokens: 3, useCache: false }),
      'uncached generate',
    );
    await expectNoTensorLeak(
      () =>
        model.scoreCandidates({ inputIds: batch.inputIds }, [
          [3, 1],
          [4, 5, 1],
        ]),
      'scoreCandidates',
    );
    const dir = tempDir();
    await expectNoTensorLeak(() => model.save(dir), 'save');
    await expectNoTensorLeak(() => T5Model.fromPretrained(dir).dispose(), 'load + dispose');
    optimizer.dispose();
    model.dispose();
  });

  it('fingerprints the weights: equal after an F32 round trip, different after F16 or training', () => {
    const model = T5Model.random(tiny, 3);
    const before = model.fingerprint;
    const f32 = tempDir();
    model.save(f32);
    const reloaded = T5Model.fromPretrained(f32);
    expect(reloaded.fingerprint).toBe(before);
    const f16 = tempDir();
    model.save(f16, { dtype: 'F16' });
    const rounded = T5Model.fromPretrained(f16);
    expect(rounded.fingerprint).not.toBe(before);
    const other = T5Model.random(tiny, 99);
    expect(other.fingerprint).not.toBe(before);
    const optimizer = tf.train.sgd(0.1);
    optimizer.minimize(() => model.loss(batch), false, model.variables.trainableVariables());
    expect(model.fingerprint).not.toBe(before);
    optimizer.dispose();
    [model, reloaded, rounded, other].forEach((m) => m.dispose());
  });

  it('draws fresh dropout masks on every training forward run without a context', () => {
    const model = T5Model.random(t5Preset('tiny', { dropoutRate: 0.3 }), 3);
    const a = model.loss(batch, { training: true });
    const b = model.loss(batch, { training: true });
    const evalLoss = model.loss(batch);
    expect(a.dataSync()[0]).not.toBe(b.dataSync()[0]);
    expect(model.loss(batch).dataSync()[0]).toBe(evalLoss.dataSync()[0]); // eval is deterministic
    tf.dispose([a, b, evalLoss]);
    model.dispose();
  });

  it('scores pad ids in candidates like the loss does (not at all)', () => {
    const model = T5Model.random(tiny, 3);
    const inputs = { inputIds: [[5, 6, 1]] };
    const plain = model.scoreCandidates(inputs, [
      [3, 1],
      [4, 5, 1],
    ]);
    const padded = model.scoreCandidates(inputs, [
      [3, 1, 0, 0],
      [4, 5, 1, 0],
    ]);
    expectClose(padded, plain, 1e-5);
    expect(() => model.scoreCandidates(inputs, [[3, 1]], { reduce: 'max' as never })).toThrow(/reduce/);
    // per-example lists, the first of which is empty, are recognised as per-example
    expect(() =>
      model.scoreCandidates(
        {
          inputIds: [
            [5, 1],
            [6, 1],
          ],
        },
        [[], [[3, 1]]],
      ),
    ).toThrow(/candidates\[0\]: expected at least one candidate/);
    model.dispose();
  });

  it('frees every tensor when hooks allocate or throw during decoding', async () => {
    const model = T5Model.random(tiny, 4);
    const enc = { inputIds: batch.inputIds };
    // a factory that computes something per forward up front, as a method's hooks(ctx) does
    const allocating = () => {
      const prompt = tf.ones<tf.Rank.R4>([2, tiny.numHeads, 2, tiny.dKv]); // [B, N, P, H]
      return {
        keyValue: (kv: AttentionKV) => ({
          keys: tf.concat<tf.Tensor4D>([prompt, kv.keys], 2),
          values: tf.concat<tf.Tensor4D>([prompt, kv.values], 2),
          bias: tf.concat<tf.Tensor4D>(
            [tf.zeros([kv.bias.shape[0], tiny.numHeads, kv.bias.shape[2], 2]), kv.bias],
            3,
          ),
        }),
      };
    };
    await expectNoTensorLeak(
      () => model.generate(enc, { hooks: allocating, maxNewTokens: 4 }),
      'generate with allocating hooks',
    );
    await expectNoTensorLeak(
      () => model.scoreCandidates(enc, [[3, 1]], { hooks: allocating }),
      'scoreCandidates with allocating hooks',
    );
    let calls = 0;
    const throwing = () => ({
      ffnOutput: (h: tf.Tensor3D) => {
        if (++calls > 6) throw new Error('hook failure');
        return h;
      },
    });
    await expectNoTensorLeak(() => {
      expect(() => model.generate(enc, { hooks: throwing, maxNewTokens: 5 })).toThrow('hook failure');
    }, 'generate whose hook throws mid-decoding');
    expect(() => model.generate(enc, { maxNewTokens: 0 })).toThrow(/maxNewTokens/);
    model.dispose();
  });

  it('validates inputs', () => {
    const model = T5Model.random(tiny, 4);
    expect(() => model.forward({ inputIds: [[1, 2]] })).toThrow(/decoderInputIds/);
    expect(() => model.forward({ inputIds: [[1, 999]], labels: [[1]] })).toThrow(/token ids in \[0, 128\)/);
    expect(() => model.forward({ inputIds: [], labels: [[1]] })).toThrow(/inputIds/);
    expect(() => model.scoreCandidates({ inputIds: [[1]] }, [[]])).toThrow(/candidates/);
    expect(() =>
      model.loss({
        inputIds: [
          [5, 1],
          [6, 1],
        ],
        decoderInputIds: [
          [0, 3, 4],
          [0, 5, 6],
        ],
        labels: [
          [3, 4],
          [5, 6],
          [7, 8],
        ],
      }),
    ).toThrow(/labels: expected \[2, 3\] like decoderInputIds, got \[3, 2\]/);
    model.dispose();
  });
});
