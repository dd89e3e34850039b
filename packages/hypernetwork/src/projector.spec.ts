import * as tf from '@tensorflow/tfjs';
import { ConfigError, ShapeError, VariableStore } from '@hyperprompt/core';
import { expectClose, expectNoTensorLeak } from '@hyperprompt/core/testing';
import { layerNorm, TaskProjector, type TaskProjectorConfig } from './projector';

const CONFIG: TaskProjectorConfig = {
  inputDim: 5,
  hiddenDim: 4,
  outputDim: 3,
  layerNorm: true,
  layerNormEpsilon: 1e-6,
};

type Matrix = number[][];
const dot = (a: Matrix, b: Matrix): Matrix =>
  a.map((row) => b[0].map((_, j) => row.reduce((s, x, k) => s + x * b[k][j], 0)));

/** The projector by hand, from the variables' values. */
function byHand(store: VariableStore, x: Matrix, config: TaskProjectorConfig): Matrix {
  const get = (n: string) => store.get(`p/${n}`).arraySync() as number[] | Matrix;
  const b1 = get('fc1/bias') as number[];
  const b2 = get('fc2/bias') as number[];
  const hidden = dot(x, get('fc1/weight') as Matrix).map((r) => r.map((v, j) => Math.max(0, v + b1[j])));
  const out = dot(hidden, get('fc2/weight') as Matrix).map((r) => r.map((v, j) => v + b2[j]));
  if (!config.layerNorm) return out;
  const gamma = get('layer_norm/gamma') as number[];
  const beta = get('layer_norm/beta') as number[];
  return out.map((r) => {
    const mean = r.reduce((a, b) => a + b, 0) / r.length;
    const variance = r.reduce((a, b) => a + (b - mean) ** 2, 0) / r.length;
    return r.map((v, j) => ((v - mean) / Math.sqrt(variance + config.layerNormEpsilon)) * gamma[j] + beta[j]);
  });
}

describe('TaskProjector', () => {
  it.each([true, false])('matches a hand computation (layerNorm %s)', (layerNorm) => {
    const config = { ...CONFIG, layerNorm };
    const store = new VariableStore(7);
    const projector = new TaskProjector(store, 'p', config, { init: { kind: 'normal', std: 0.5 } });
    if (layerNorm) {
      // non-trivial affine parameters, so that γ and β are really exercised
      store.get('p/layer_norm/gamma').assign(tf.tensor1d([1.5, -0.5, 2]));
      store.get('p/layer_norm/beta').assign(tf.tensor1d([0.1, 0.2, -0.3]));
    }
    store.get('p/fc1/bias').assign(tf.tensor1d([0.1, -0.2, 0.3, 0]));
    const input = tf.tidy(() => tf.randomNormal<tf.Rank.R2>([6, 5], 0, 1, 'float32', 1));
    const x = input.arraySync();
    tf.tidy(() => {
      const out = projector.apply(input);
      expect(out.shape).toEqual([6, 3]);
      expectClose(out, byHand(store, x, config), 1e-5);
    });
    expect(store.parameterCount()).toBe(TaskProjector.parameterCount(config));
    expect(TaskProjector.parameterCount(config)).toBe(5 * 4 + 4 + 4 * 3 + 3 + (layerNorm ? 6 : 0));
    input.dispose();
    store.dispose();
  });

  it('initialises N(0, 1e-2) weights, zero biases, LayerNorm γ = 1, β = 0, in its category', () => {
    const store = new VariableStore(1);
    new TaskProjector(store, 'p', { ...CONFIG, inputDim: 192, hiddenDim: 128 }, { category: 'shared' });
    const w = Array.from(store.get('p/fc1/weight').dataSync());
    const std = Math.sqrt(w.reduce((a, b) => a + b * b, 0) / w.length);
    expect(Math.abs(std - 1e-2)).toBeLessThan(1e-3);
    expectClose(store.get('p/fc1/bias'), new Array<number>(128).fill(0), 0);
    expectClose(store.get('p/layer_norm/gamma'), [1, 1, 1], 0);
    expectClose(store.get('p/layer_norm/beta'), [0, 0, 0], 0);
    expect(store.entries().every((e) => e.category === 'shared')).toBe(true);
    store.dispose();
  });

  it('trains without leaking tensors', async () => {
    const store = new VariableStore(2);
    const projector = new TaskProjector(store, 'p', CONFIG);
    const x = tf.ones<tf.Rank.R2>([2, 5]);
    const optimizer = tf.train.sgd(0.1);
    const step = () =>
      tf.tidy(() => {
        optimizer.minimize(() => tf.sum(tf.square(projector.apply(x))), false, store.trainableVariables());
      });
    step(); // the optimizer creates no slots for sgd, but warm up anyway
    await expectNoTensorLeak(step, 'projector training step');
    x.dispose();
    optimizer.dispose();
    store.dispose();
  });

  it('rejects bad configs and inputs', () => {
    const store = new VariableStore(1);
    expect(() => new TaskProjector(store, 'a', { ...CONFIG, hiddenDim: 0 })).toThrow(/projector.hiddenDim/);
    expect(() => new TaskProjector(store, 'b', { ...CONFIG, layerNormEpsilon: -1 })).toThrow(ConfigError);
    expect(() => new TaskProjector(store, 'c', CONFIG, { init: { kind: 'normal', std: -1 } })).toThrow(/std/);
    const projector = new TaskProjector(store, 'd', CONFIG);
    tf.tidy(() => {
      expect(() => projector.apply(tf.zeros<tf.Rank.R2>([2, 4]))).toThrow(ShapeError);
    });
    store.dispose();
  });
});

describe('layerNorm', () => {
  it('normalises the last axis with the biased variance and broadcasts per-example γ, β', () => {
    tf.tidy(() => {
      const x = tf.tensor3d([[[1, 2, 4]], [[-1, 0, 5]]]); // [B = 2, T = 1, F = 3]
      const gamma = tf.tensor3d([[[1, 2, 3]], [[0.5, 0.5, 0.5]]]); // [B, 1, F]
      const beta = tf.tensor3d([[[0, 1, 0]], [[1, 1, 1]]]); // [B, 1, F]
      const rows = [
        [1, 2, 4],
        [-1, 0, 5],
      ];
      const expected = rows.map((r, b) => {
        const mean = r.reduce((a, v) => a + v, 0) / 3;
        const variance = r.reduce((a, v) => a + (v - mean) ** 2, 0) / 3;
        const g = gamma.arraySync()[b][0];
        const be = beta.arraySync()[b][0];
        return [r.map((v, j) => ((v - mean) / Math.sqrt(variance + 1e-5)) * g[j] + be[j])];
      });
      expectClose(layerNorm(x, gamma, beta), expected, 1e-5);
      expectClose(
        layerNorm(tf.zeros([2, 3])),
        [
          [0, 0, 0],
          [0, 0, 0],
        ],
        0,
      );
      expect(() => layerNorm(x, undefined, undefined, -1)).toThrow(ConfigError);
    });
  });
});
