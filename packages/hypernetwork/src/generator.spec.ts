import * as tf from '@tensorflow/tfjs';
import { countStore, ShapeError, VariableStore } from '@hyperprompt/core';
import { expectClose, expectNoTensorLeak } from '@hyperprompt/core/testing';
import { type GeneratedTensorSpec, WeightGenerator } from './generator';

const OUTPUTS: readonly GeneratedTensorSpec[] = [
  { name: 'down_weight', shape: [6, 2] },
  { name: 'down_bias', shape: [2] },
  { name: 'up_weight', shape: [2, 6], init: { kind: 'zeros' } },
  { name: 'gamma', shape: [6], bias: false },
  { name: 'scale', shape: [6], biasInit: 1 },
];

describe('WeightGenerator', () => {
  it('generates [R, ...shape] per output; parameterCount equals the counted variables', () => {
    const store = new VariableStore(5);
    const gen = new WeightGenerator(store, 'm/gen', 4, OUTPUTS, { category: 'shared' });
    const out = tf.tidy(() => gen.generate(tf.randomNormal<tf.Rank.R2>([3, 4], 0, 1, 'float32', 2)));
    expect(Object.keys(out)).toEqual(['down_weight', 'down_bias', 'up_weight', 'gamma', 'scale']);
    expect(out.down_weight.shape).toEqual([3, 6, 2]);
    expect(out.down_bias.shape).toEqual([3, 2]);
    expect(out.up_weight.shape).toEqual([3, 2, 6]);
    expect(out.gamma.shape).toEqual([3, 6]);
    const counted = store.parameterCount();
    expect(WeightGenerator.parameterCount(4, OUTPUTS)).toBe(counted);
    expect(counted).toBe(4 * 12 + 12 + (4 * 2 + 2) + (4 * 12 + 12) + 4 * 6 + (4 * 6 + 6));
    expect(countStore(store).shared).toBe(counted);
    expect(store.has('m/gen/gamma/bias')).toBe(false);
    tf.dispose(Object.values(out));
    store.dispose();
  });

  it('zeros init generates exact zeros; biasInit sets the bias', () => {
    const store = new VariableStore(5);
    const gen = new WeightGenerator(store, 'g', 4, OUTPUTS);
    tf.tidy(() => {
      const out = gen.generate(tf.randomNormal<tf.Rank.R2>([3, 4], 0, 5, 'float32', 3));
      expect(Array.from(out.up_weight.dataSync()).every((v) => v === 0)).toBe(true);
      expectClose(store.get('g/scale/bias'), new Array<number>(6).fill(1), 0);
      expectClose(store.get('g/down_weight/bias'), new Array<number>(12).fill(0), 0);
    });
    store.dispose();
  });

  it('computes cond · W + b reshaped row-major', () => {
    const store = new VariableStore(9);
    const gen = new WeightGenerator(store, 'g', 3, [{ name: 'w', shape: [2, 2] }]);
    store.get('g/w/bias').assign(tf.tensor1d([1, 2, 3, 4]));
    tf.tidy(() => {
      const cond = tf.tensor2d([[1, -2, 0.5]]);
      const w = store.get('g/w/weight').arraySync() as number[][];
      const flat = [0, 1, 2, 3].map((z) => 1 * w[0][z] - 2 * w[1][z] + 0.5 * w[2][z] + (z + 1));
      expectClose(gen.generate(cond).w, [[flat.slice(0, 2), flat.slice(2)]], 1e-6);
    });
    store.dispose();
  });

  it('trains without leaking tensors and rejects bad inputs', async () => {
    const store = new VariableStore(1);
    const gen = new WeightGenerator(store, 'g', 4, OUTPUTS);
    const cond = tf.ones<tf.Rank.R2>([2, 4]);
    const optimizer = tf.train.sgd(0.1);
    await expectNoTensorLeak(
      () =>
        tf.tidy(() => {
          optimizer.minimize(
            () => tf.addN(Object.values(gen.generate(cond)).map((t) => tf.sum<tf.Scalar>(tf.square(t)))),
            false,
            store.trainableVariables(),
          );
        }),
      'generator training step',
    );
    tf.tidy(() => {
      expect(() => gen.generate(tf.zeros<tf.Rank.R2>([2, 3]))).toThrow(ShapeError);
    });
    expect(() => new WeightGenerator(store, 'h', 4, [])).toThrow(/outputs/);
    expect(() => new WeightGenerator(store, 'i', 4, [{ name: 'a', shape: [0] }])).toThrow(/shape/);
    expect(() => new WeightGenerator(store, 'j', 4, [OUTPUTS[0], OUTPUTS[0]])).toThrow(/name/);
    expect(() => new WeightGenerator(store, 'k', 0, OUTPUTS)).toThrow(/conditioningDim/);
    cond.dispose();
    optimizer.dispose();
    store.dispose();
  });
});
