import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { ShapeError } from '../errors';
import { expectClose, expectNoTensorLeak } from '../testing';
import { linear, matMul2d, withSavedTensors } from './linear';

const randn = (shape: number[], seed: number): tf.Tensor => tf.randomNormal(shape, 0, 1, 'float32', seed);

/** Gradients of sum(f(...inputs) * weights) w.r.t. every input, as plain arrays. */
function gradsOf(
  f: (...xs: tf.Tensor[]) => tf.Tensor,
  inputs: tf.Tensor[],
  weights: tf.Tensor,
): Float32Array[] {
  return tf.tidy(() =>
    tf
      .grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(f(...xs), weights)))(inputs)
      .map((g) => g.dataSync() as Float32Array),
  );
}

describe.each(['cpu', 'wasm'])('linear kernels on %s', (backend) => {
  beforeAll(async () => {
    expect(await tf.setBackend(backend)).toBe(true);
  });

  it('matMul2d equals tf.matMul in value and gradient', () => {
    const a = randn([5, 7], 1);
    const b = randn([7, 3], 2);
    const weights = randn([5, 3], 3);
    expectClose(matMul2d(a, b), tf.matMul(a, b), 1e-5);
    const fast = gradsOf((x, y) => matMul2d(x, y), [a, b], weights);
    const plain = gradsOf((x, y) => tf.matMul(x, y), [a, b], weights);
    fast.forEach((g, i) => expectClose(g, plain[i], 1e-5));
    tf.dispose([a, b, weights]);
  });

  it.each([
    ['[B, T, D] with bias', [2, 3, 4], true],
    ['[D] without bias', [4], false],
    ['[B, T, D] without bias', [2, 1, 4], false],
  ] as const)('linear on %s equals reshape + tf.matMul + add', (_label, shape, withBias) => {
    const x = randn([...shape], 4);
    const w = randn([4, 6], 5);
    const bias = randn([6], 6);
    const outShape = [...shape.slice(0, -1), 6];
    const weights = randn(outShape, 7);
    const plain = (xs: tf.Tensor, ws: tf.Tensor, bs: tf.Tensor): tf.Tensor => {
      const y = tf.matMul(tf.reshape(xs, [-1, 4]), ws);
      return tf.reshape(withBias ? tf.add(y, bs) : y, outShape);
    };
    const fast = (xs: tf.Tensor, ws: tf.Tensor, bs: tf.Tensor): tf.Tensor =>
      linear(xs, ws, withBias ? bs : undefined);
    const y = fast(x, w, bias);
    expect(y.shape).toEqual(outShape);
    expectClose(y, plain(x, w, bias), 1e-5);
    const inputs = withBias ? [x, w, bias] : [x, w];
    const gFast = gradsOf((xs, ws, bs = bias) => fast(xs, ws, bs), inputs, weights);
    const gPlain = gradsOf((xs, ws, bs = bias) => plain(xs, ws, bs), inputs, weights);
    gFast.forEach((g, i) => expectClose(g, gPlain[i], 1e-5));
    tf.dispose([x, w, bias, weights, y]);
  });

  it('leaks no tensor in a tidy forward + backward, nor when the gradients are disposed', async () => {
    const x = randn([2, 3, 4], 8);
    const w = randn([4, 5], 9);
    const bias = randn([5], 10);
    const step = (): tf.Tensor[] =>
      tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => tf.sum(linear(a, b, c)))([x, w, bias]);
    await expectNoTensorLeak(() => {
      tf.tidy(() => {
        step();
      });
    }, 'tidy linear forward + backward');
    await expectNoTensorLeak(() => tf.dispose(step()), 'linear gradients, disposed');
    const x2d = tf.reshape(x, [6, 4]);
    const grads2d = (): tf.Tensor[] =>
      tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(matMul2d(a, b)))([x2d, w]);
    await expectNoTensorLeak(() => tf.dispose(grads2d()), 'matMul2d gradients, disposed');
    tf.dispose([x, x2d, w, bias]);
  });

  it("passes tfjs's IS_TEST per-kernel leak check and restores the flag", () => {
    const previous = tf.env().getBool('IS_TEST');
    tf.env().set('IS_TEST', true);
    try {
      tf.tidy(() => {
        const x = randn([2, 3, 4], 11);
        const w = randn([4, 5], 12);
        // On wasm, a customGrad that saves tensors fails this check unless guarded.
        tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(linear(a, b)))([x, w]);
        expect(tf.env().getBool('IS_TEST')).toBe(true);
        const plainOp = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
          const [a, save] = args as [tf.Tensor, tf.GradSaveFunc];
          save([a]);
          return { value: tf.square(a), gradFunc: (dy: tf.Tensor, [s]: tf.Tensor[]) => tf.mul(dy, s) };
        });
        const unguarded = (): unknown => tf.grad((a: tf.Tensor) => tf.sum(plainOp(a)))(x);
        if (backend === 'wasm') expect(unguarded).toThrow(/internal memory leak/);
        const guarded = withSavedTensors(plainOp);
        expect(() => tf.grad((a: tf.Tensor) => tf.sum(guarded(a)))(x)).not.toThrow();
      });
    } finally {
      tf.env().set('IS_TEST', previous);
    }
  });

  it('rejects bad shapes and dtypes with a ShapeError naming the argument', () => {
    tf.tidy(() => {
      const x = tf.zeros([2, 3, 4]);
      const w = tf.zeros([4, 5]);
      expect(() => linear(x, tf.zeros([4, 5, 1]))).toThrow(
        /linear\(w\): expected \[I, O\] \(rank 2\), got \[4, 5, 1\]/,
      );
      expect(() => linear(tf.zeros([2, 3]), w)).toThrow(/linear\(x\): expected \[\.\.\., 4\]/);
      expect(() => linear(tf.scalar(1), w)).toThrow(ShapeError);
      expect(() => linear(x, w, tf.zeros([4]))).toThrow(/linear\(bias\): expected \[5\]/);
      expect(() => linear(x, w, tf.zeros([1, 5]))).toThrow(ShapeError);
      expect(() => linear(tf.zeros([2, 4], 'int32'), w)).toThrow(
        /linear\(x\): expected a float32 tensor, got dtype int32/,
      );
      expect(() => matMul2d(x, w)).toThrow(/matMul2d\(a\): expected \[R, I\] \(rank 2\)/);
      expect(() => matMul2d(tf.zeros([3, 4]), tf.zeros([3, 4]))).toThrow(/matMul2d\(b\): expected \[4, O\]/);
      expect(() => matMul2d(tf.zeros([3, 4]), tf.zeros([4]))).toThrow(ShapeError);
    });
  });
});
