import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { ShapeError } from '../errors';
import { expectClose, expectNoTensorLeak } from '../testing';
import { gatherRows } from './gather-rows';

/** The embedding every backend can differentiate, at a cost of 2·L·V·D FLOPs. */
const oneHotLookup = (table: tf.Tensor, ids: tf.Tensor): tf.Tensor => {
  const [v, d] = table.shape;
  const rows = tf.matMul(tf.oneHot(tf.reshape(ids, [-1]), v), table); // [L, V] · [V, D] -> [L, D]
  return tf.reshape(rows, [...ids.shape, d]); // [L, D] -> [..., D]
};

describe.each(['cpu', 'wasm'])('gatherRows on %s', (backend) => {
  beforeAll(async () => {
    expect(await tf.setBackend(backend)).toBe(true);
  });

  it('equals tf.gather in value and the one-hot embedding in gradient', () => {
    tf.tidy(() => {
      const table = tf.randomNormal([6, 4], 0, 1, 'float32', 1);
      const ids = tf.tensor2d(
        [
          [0, 5, 2],
          [2, 2, 1],
        ],
        [2, 3],
        'int32',
      );
      const weights = tf.randomNormal([2, 3, 4], 0, 1, 'float32', 2);
      const out = gatherRows(table, ids);
      expect(out.shape).toEqual([2, 3, 4]);
      expectClose(out, tf.gather(table, ids), 0);
      const loss = (lookup: typeof gatherRows) => (t: tf.Tensor) => tf.sum(tf.mul(lookup(t, ids), weights));
      const fast = tf.grad(loss(gatherRows))(table);
      expectClose(fast, tf.grad(loss(oneHotLookup))(table), 1e-5);
      if (backend === 'cpu') expectClose(fast, tf.grad(loss((t, i) => tf.gather(t, i)))(table), 1e-6);
    });
  });

  it('sums the gradient of repeated ids and leaves unused rows at zero', () => {
    tf.tidy(() => {
      const table = tf.zeros([4, 2]);
      const ids = tf.tensor2d(
        [
          [1, 1],
          [3, 1],
        ],
        [2, 2],
        'int32',
      );
      const grad = tf.grad((t: tf.Tensor) => tf.sum(gatherRows(t, ids)))(table);
      expect(grad.arraySync()).toEqual([
        [0, 0],
        [3, 3],
        [0, 0],
        [1, 1],
      ]);
    });
  });

  it('trains a variable table with an optimizer', () => {
    const table = tf.variable(tf.zeros([3, 2]), true, `gather-rows-table-${backend}`);
    const ids = tf.tensor1d([2, 2, 0], 'int32');
    const optimizer = tf.train.sgd(0.5);
    tf.tidy(() => {
      optimizer.minimize(() => tf.neg(tf.sum(gatherRows(table, ids))) as tf.Scalar, false, [table]);
    });
    expect(table.arraySync()).toEqual([
      [0.5, 0.5],
      [0, 0],
      [1, 1],
    ]);
    tf.dispose([table, ids]);
    optimizer.dispose();
  });

  it('leaks no tensor in a tidy forward + backward, nor when the gradient is disposed', async () => {
    const table = tf.randomNormal([5, 3], 0, 1, 'float32', 3);
    const ids = tf.tensor1d([4, 0, 4], 'int32');
    const step = (): tf.Tensor => tf.grad((t: tf.Tensor) => tf.sum(gatherRows(t, ids)))(table);
    await expectNoTensorLeak(() => {
      tf.tidy(() => {
        step();
      });
    }, 'tidy gatherRows forward + backward');
    await expectNoTensorLeak(() => step().dispose(), 'gatherRows gradient, disposed');
    tf.dispose([table, ids]);
  });

  it('rejects bad tables and ids with a ShapeError naming the argument', () => {
    tf.tidy(() => {
      const table = tf.zeros([4, 2]);
      expect(() => gatherRows(table, tf.tensor1d([1, 2]))).toThrow(
        /gatherRows\(ids\): expected an int32 tensor.*got dtype float32/,
      );
      expect(() => gatherRows(table, tf.scalar(1, 'int32'))).toThrow(/gatherRows\(ids\): expected rank >= 1/);
      expect(() => gatherRows(table, tf.tensor1d([0, 4], 'int32'))).toThrow(
        /ids in \[0, 4\).*got id 4 at flat index 1/,
      );
      expect(() => gatherRows(table, tf.tensor1d([-1], 'int32'))).toThrow(ShapeError);
      expect(() => gatherRows(tf.zeros([4, 2, 1]), tf.tensor1d([0], 'int32'))).toThrow(
        /gatherRows\(table\): expected \[V, D\]/,
      );
      expect(() => gatherRows(tf.zeros([4, 2], 'int32'), tf.tensor1d([0], 'int32'))).toThrow(/float32/);
    });
  });
});
