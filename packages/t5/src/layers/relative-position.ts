/**
 * T5's relative-position buckets and the position-bias tensor built from them.
 *
 * Axis legend: B batch, N heads, T query length, S key length.
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';
import { gatherRows } from '@hyperprompt/core';

/**
 * The bucket of one relative position `memory − context` (HF `_relative_position_bucket`).
 * Bidirectional (encoder): half the buckets for keys after the query. Unidirectional
 * (decoder): future keys fall into bucket 0. Small distances get one bucket each; larger
 * ones share log-spaced buckets up to `maxDistance`.
 */
export function relativePositionBucket(
  relativePosition: number,
  bidirectional: boolean,
  numBuckets: number,
  maxDistance: number,
): number {
  let bucket = 0;
  let n = numBuckets;
  let rel = relativePosition;
  if (bidirectional) {
    n = Math.floor(n / 2);
    if (rel > 0) bucket += n;
    rel = Math.abs(rel);
  } else {
    rel = -Math.min(rel, 0);
  }
  const maxExact = Math.floor(n / 2);
  if (rel < maxExact) return bucket + rel;
  // HF computes this in float32; Math.fround reproduces each rounding step at bucket edges.
  const logRel = Math.fround(Math.log(Math.fround(rel / maxExact)));
  const logMax = Math.fround(Math.log(maxDistance / maxExact));
  const scaled = Math.fround(Math.fround(logRel / logMax) * (n - maxExact));
  const large = maxExact + Math.trunc(scaled);
  return bucket + Math.min(large, n - 1);
}

/**
 * Bucket ids `[T, S]` (row-major Int32Array) for queries at positions `queryOffset ..
 * queryOffset + T − 1` and keys at `0 .. S − 1`.
 */
export function bucketMatrix(
  queryLength: number,
  keyLength: number,
  bidirectional: boolean,
  numBuckets: number,
  maxDistance: number,
  queryOffset = 0,
): Int32Array {
  const out = new Int32Array(queryLength * keyLength);
  for (let i = 0; i < queryLength; i++) {
    for (let j = 0; j < keyLength; j++) {
      out[i * keyLength + j] = relativePositionBucket(
        j - (i + queryOffset),
        bidirectional,
        numBuckets,
        maxDistance,
      );
    }
  }
  return out;
}

/**
 * The position bias `[1, N, T, S]` from a bucket table `[numBuckets, N]`, differentiable
 * with respect to the table on every backend.
 */
export function positionBias(
  table: tf.Tensor2D,
  queryLength: number,
  keyLength: number,
  bidirectional: boolean,
  maxDistance: number,
  queryOffset = 0,
): tf.Tensor4D {
  return tf.tidy(() => {
    const [numBuckets, numHeads] = table.shape;
    const buckets = tf.tensor2d(
      bucketMatrix(queryLength, keyLength, bidirectional, numBuckets, maxDistance, queryOffset),
      [queryLength, keyLength],
      'int32',
    );
    const values = gatherRows(table, buckets); // [T, S, N]
    return values.transpose([2, 0, 1]).reshape([1, numHeads, queryLength, keyLength]); // [1, N, T, S]
  });
}
