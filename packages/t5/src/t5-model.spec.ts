/**
 * T5Model life cycle: seeded construction, checkpoint save/load round trips and errors,
 * training with seeded dropout, and no tensor leaks in forward, loss+gradients, decoding,
 * save and load.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { CheckpointError, createForwardContext, Rng, readSafetensorsHeader } from '@hyperprompt/core';
import { expectNoTensorLeak } from '@hyperprompt/core/testing';
import { FIXTURES } from './fixtures.spec-helpers';
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

  it('validates inputs', () => {
    const model = T5Model.random(tiny, 4);
    expect(() => model.forward({ inputIds: [[1, 2]] })).toThrow(/decoderInputIds/);
    expect(() => model.forward({ inputIds: [[1, 999]], labels: [[1]] })).toThrow(/token ids in \[0, 128\)/);
    expect(() => model.forward({ inputIds: [], labels: [[1]] })).toThrow(/inputIds/);
    expect(() => model.scoreCandidates({ inputIds: [[1]] }, [[]])).toThrow(/candidates/);
    model.dispose();
  });
});
