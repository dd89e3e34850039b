import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { createForwardContext, ShapeError } from '@hyperprompt/core';
import { expectClose, expectNoTensorLeak, valueAndGrads } from '@hyperprompt/core/testing';
import { gatherByTask, perExampleMatMul, presentTasks } from './per-task';

const randn = (shape: number[], seed: number): tf.Tensor => tf.randomNormal(shape, 0, 1, 'float32', seed);

describe.each(['cpu', 'wasm'])('per-task plumbing on %s', (backend) => {
  beforeAll(async () => {
    expect(await tf.setBackend(backend)).toBe(true);
  });

  it('presentTasks and gatherByTask pick the row of each example’s task, with a gradient', () => {
    const ctx = createForwardContext({ taskIds: [3, 1, 3, 0], numTasks: 5 });
    tf.tidy(() => {
      expect(Array.from(presentTasks(ctx).dataSync())).toEqual([0, 1, 3]);
      const perTask = randn([3, 2, 4], 1); // [K', 2, 4] for tasks 0, 1, 3
      const rows = perTask.arraySync() as number[][][];
      const out = gatherByTask(perTask, ctx);
      expect(out.shape).toEqual([4, 2, 4]);
      expectClose(out, [rows[2], rows[1], rows[2], rows[0]], 0);
      const weights = randn([4, 2, 4], 2);
      const grad = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(gatherByTask(t, ctx), weights)))(perTask);
      const w = weights.arraySync() as number[][][];
      const add = (a: number[][], b: number[][]) => a.map((r, i) => r.map((v, j) => v + b[i][j]));
      expectClose(grad, [w[3], w[1], add(w[0], w[2])], 1e-6);
      expect(() => gatherByTask(randn([2, 4], 3), ctx)).toThrow(ShapeError);
    });
    ctx.dispose();
  });

  it.each([
    [3, 5, 4, 6, 'auto'],
    [1, 5, 4, 6, 'auto'],
    [2, 9, 36, 40, 'auto'],
    [3, 5, 4, 6, 'depthwise'],
    [2, 9, 36, 40, 'matmul'],
  ] as const)(
    'perExampleMatMul (B=%i, T=%i, I=%i, O=%i, %s) equals tf.matMul in value and gradient',
    (b, t, i, o, f) => {
      const x = randn([b, t, i], 4);
      const w = randn([b, i, o], 5);
      const weights = randn([b, t, o], 6);
      const fast = valueAndGrads(
        (p, q) => perExampleMatMul(p as tf.Tensor3D, q as tf.Tensor3D, f),
        x,
        w,
        weights,
      );
      const plain = valueAndGrads((p, q) => tf.matMul(p, q), x, w, weights);
      fast.forEach((values, k) => expectClose(values, plain[k], 1e-4));
      tf.dispose([x, w, weights]);
    },
  );

  it('auto uses depthwise convolutions only on wasm and only for large enough sizes', async () => {
    const kernelsOf = async (t: number, i: number, o: number): Promise<string[]> => {
      const x = randn([2, t, i], 9) as tf.Tensor3D;
      const w = randn([2, i, o], 10) as tf.Tensor3D;
      const info = await tf.profile(() => perExampleMatMul(x, w));
      tf.dispose([x, w, info.result]);
      return info.kernelNames;
    };
    expect((await kernelsOf(8, 32, 32)).includes('DepthwiseConv2dNative')).toBe(backend === 'wasm');
    expect(await kernelsOf(7, 32, 32)).not.toContain('DepthwiseConv2dNative');
    expect(await kernelsOf(8, 16, 32)).not.toContain('DepthwiseConv2dNative');
  });

  it('perExampleMatMul rejects mismatched shapes', () => {
    tf.tidy(() => {
      expect(() =>
        perExampleMatMul(tf.zeros([2, 3]) as unknown as tf.Tensor3D, tf.zeros<tf.Rank.R3>([2, 3, 4])),
      ).toThrow(/perExampleMatMul\(x\)/);
      expect(() => perExampleMatMul(tf.zeros([2, 3, 4]), tf.zeros([3, 4, 4]))).toThrow(
        /perExampleMatMul\(w\)/,
      );
      expect(() => perExampleMatMul(tf.zeros([2, 3, 4]), tf.zeros([2, 5, 4]))).toThrow(ShapeError);
      const x = tf.zeros<tf.Rank.R3>([2, 3, 4]);
      expect(() => perExampleMatMul(x, x, 'einsum' as 'auto')).toThrow(/formulation/);
    });
  });

  it('leaks no tensor in a tidy forward + backward through gather and matMul', async () => {
    const ctx = createForwardContext({ taskIds: [1, 0, 1], numTasks: 2 });
    const perTask = tf.variable(randn([2, 4, 3], 7));
    const x = randn([3, 5, 4], 8) as tf.Tensor3D;
    const optimizer = tf.train.sgd(0.01);
    const step = () =>
      tf.tidy(() => {
        optimizer.minimize(
          () => tf.sum(perExampleMatMul(x, gatherByTask(perTask, ctx) as tf.Tensor3D)),
          false,
          [perTask],
        );
      });
    await expectNoTensorLeak(step, 'gather + per-example matMul step');
    tf.dispose([perTask, x]);
    optimizer.dispose();
    ctx.dispose();
  });
});
