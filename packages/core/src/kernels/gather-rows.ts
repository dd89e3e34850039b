/**
 * Embedding lookup with a gradient that works on every backend. `tf.gather`'s own gradient
 * needs the `UnsortedSegmentSum` kernel, which the wasm backend lacks, so a trainable table
 * (token embeddings, relative-position buckets, per-task rows) could not be trained there.
 * {@link gatherRows} scatters the output gradient back with `tf.scatterND`, which sums the
 * rows of repeated ids. It is also far cheaper than the `oneHot(ids, V) · table` workaround,
 * which costs 2·rows·V·D FLOPs forward and again backward.
 *
 * Axes: V table rows (vocabulary, buckets, tasks), D row width (d_model); ids have any
 * shape [...], e.g. [B, T] (B batch, T sequence) or [B] (one task id per example).
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';
import { ShapeError } from '../errors';
import { withSavedTensors } from './linear';

// table [V, D], ids int32 [...] -> [..., D]; dtable = scatterND(ids, dy) [V, D], dids = 0.
const gatherRowsWithGrad = withSavedTensors(
  tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [table, ids, save] = args as [tf.Tensor2D, tf.Tensor, tf.GradSaveFunc];
    const [rows, width] = table.shape;
    save([ids]);
    return {
      value: tf.gather(table, ids), // [..., D]
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [savedIds] = saved;
        const indices = tf.reshape(savedIds, [savedIds.size, 1]); // [...] -> [L, 1], L = ids.size
        const updates = tf.reshape(dy, [savedIds.size, width]); // [..., D] -> [L, D]
        return [tf.scatterND(indices, updates, [rows, width]), tf.zerosLike(savedIds)];
      },
    };
  }) as (table: tf.Tensor2D, ids: tf.Tensor) => tf.Tensor,
);

/**
 * Looks up rows of `table`: `out[..., :] = table[ids[...], :]`, like `tf.gather(table, ids)`.
 * The gradient with respect to `table` sums the output gradient over every position that
 * used a row (repeated ids add up) and is computed with `tf.scatterND`, so it works on the
 * wasm backend too; `ids` get a zero gradient.
 *
 * The ids are range-checked on the host (one small synchronous read), because the wasm
 * kernels do not check them and an out-of-range id would read or write foreign memory.
 *
 * @param table - float32 [V, D].
 * @param ids - int32 ids of any shape [...] with at least one axis, each in [0, V).
 * @returns `[..., D]`.
 * @throws `ShapeError` for a table that is not [V, D] float32, ids that are not int32 or
 *   have rank 0, and ids out of range.
 *
 * @example
 * ```ts
 * const embedded = gatherRows(tokenEmbedding, inputIds); // [V, D], [B, T] -> [B, T, D]
 * ```
 */
export function gatherRows(table: tf.Tensor, ids: tf.Tensor): tf.Tensor {
  if (table.rank !== 2) throw new ShapeError('gatherRows(table)', '[V, D] (rank 2)', table.shape);
  if (table.dtype !== 'float32') {
    throw new ShapeError('gatherRows(table)', 'a float32 tensor', `dtype ${table.dtype}`);
  }
  if (ids.dtype !== 'int32') {
    throw new ShapeError(
      'gatherRows(ids)',
      'an int32 tensor (cast with tf.cast(ids, "int32"))',
      `dtype ${ids.dtype}`,
    );
  }
  if (ids.rank < 1)
    throw new ShapeError('gatherRows(ids)', 'rank >= 1, e.g. [B, T] (wrap a single id as [1])', ids.shape);
  const rows = table.shape[0];
  const values = ids.dataSync();
  for (let i = 0; i < values.length; i++) {
    const id = values[i];
    if (id < 0 || id >= rows) {
      throw new ShapeError(
        'gatherRows(ids)',
        `ids in [0, ${rows}) for a table of ${rows} rows`,
        `id ${id} at flat index ${i}`,
      );
    }
  }
  return gatherRowsWithGrad(table as tf.Tensor2D, ids);
}
