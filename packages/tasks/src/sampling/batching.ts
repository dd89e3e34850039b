/**
 * Tensor-free batching helpers: right-padding of token-id rows to the longest row of a
 * batch, and grouping examples into batches of similar length (length bucketing, as
 * `tf.data`'s `bucket_by_sequence_length` does), so that little compute goes to padding.
 * Tokenisation and tensors stay with the caller (the harness owns the tokenizer).
 *
 * Axis legend: B batch, T sequence length.
 *
 * @packageDocumentation
 */
import { ConfigError } from '@hyperprompt/core';

/** Options of {@link padIds}. */
export interface PadOptions {
  /** The id written into padded positions (T5: 0). @defaultValue `0` */
  readonly padId?: number;
  /**
   * Round the padded width up to a multiple of this (fewer distinct shapes, which keeps
   * compiled kernels and caches warm). An integer ≥ 1. @defaultValue `1`
   */
  readonly multipleOf?: number;
}

/** Rows padded to one width, with their mask. */
export interface PaddedIds {
  /** `[B, T]` ids, each row right-padded with the pad id. */
  readonly ids: number[][];
  /** `[B, T]` 1 for a real token, 0 for padding. */
  readonly mask: number[][];
  /** `T`, the common width (0 for an empty batch or empty rows). */
  readonly width: number;
}

/**
 * Right-pads id rows to the longest row (optionally rounded up to `multipleOf`).
 *
 * @param rows - `[B, *]` token ids; not modified.
 * @param options - see {@link PadOptions}.
 * @returns the padded ids, the mask and the width.
 * @throws ConfigError for a bad option or a row that is not an array of integers.
 */
export function padIds(rows: readonly (readonly number[])[], options: PadOptions = {}): PaddedIds {
  const { padId = 0, multipleOf = 1 } = options;
  if (!Number.isInteger(padId)) throw new ConfigError('padIds.padId', padId, 'an integer');
  if (!Number.isInteger(multipleOf) || multipleOf < 1) {
    throw new ConfigError('padIds.multipleOf', multipleOf, 'an integer >= 1');
  }
  const rowsValue: unknown = rows;
  if (!Array.isArray(rowsValue)) throw new ConfigError('padIds.rows', rowsValue, 'an array of id arrays');
  let longest = 0;
  rows.forEach((row, b) => {
    const rowValue: unknown = row;
    if (!Array.isArray(rowValue) || !row.every((id) => Number.isInteger(id))) {
      throw new ConfigError(`padIds.rows[${b}]`, row, 'an array of integer ids');
    }
    longest = Math.max(longest, row.length);
  });
  const width = Math.ceil(longest / multipleOf) * multipleOf;
  const ids = rows.map((row) => [...row, ...new Array<number>(width - row.length).fill(padId)]);
  const mask = rows.map((row) => [
    ...new Array<number>(row.length).fill(1),
    ...new Array<number>(width - row.length).fill(0),
  ]);
  return { ids, mask, width };
}

/** Options of {@link bucketByLength}. */
export interface BucketOptions {
  /** Items per batch, an integer ≥ 1. */
  readonly batchSize: number;
  /**
   * Strictly increasing upper bounds: bucket 0 holds lengths `< boundaries[0]`, bucket `i`
   * lengths in `[boundaries[i-1], boundaries[i])`, the last bucket lengths
   * `≥ boundaries[last]`. Empty: one bucket (plain batching in order).
   */
  readonly boundaries: readonly number[];
  /** Drop each bucket's last, incomplete batch. @defaultValue `false` */
  readonly dropRemainder?: boolean;
}

/**
 * The bucket of a length under `boundaries` (see {@link BucketOptions.boundaries}).
 *
 * @param length - a length.
 * @param boundaries - strictly increasing bounds.
 * @returns the bucket index in `[0, boundaries.length]`.
 */
export function bucketOf(length: number, boundaries: readonly number[]): number {
  let bucket = 0;
  while (bucket < boundaries.length && length >= boundaries[bucket]) bucket++;
  return bucket;
}

/**
 * Groups items into batches of similar length, streaming like `tf.data`'s
 * `bucket_by_sequence_length`: items are read in order, each goes to its length bucket, and
 * a bucket is emitted as a batch when it holds `batchSize` items; at the end the incomplete
 * buckets are emitted in bucket order (unless `dropRemainder`). Deterministic: shuffle the
 * items (and, if wanted, the batches) with a seeded generator around it.
 *
 * @param lengths - `[N]` the length of each item (e.g. its token count).
 * @param options - see {@link BucketOptions}.
 * @returns batches of item indices into `lengths`; every item appears at most once.
 * @throws ConfigError for bad lengths or options.
 */
export function bucketByLength(lengths: readonly number[], options: BucketOptions): number[][] {
  const { batchSize, boundaries, dropRemainder = false } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new ConfigError('bucketByLength.batchSize', batchSize, 'an integer >= 1');
  }
  if (
    !Array.isArray(boundaries) ||
    boundaries.some((b, i) => !Number.isFinite(b) || (i > 0 && b <= boundaries[i - 1]))
  ) {
    throw new ConfigError('bucketByLength.boundaries', boundaries, 'a strictly increasing array of numbers');
  }
  const buckets: number[][] = Array.from({ length: boundaries.length + 1 }, () => []);
  const batches: number[][] = [];
  lengths.forEach((length, i) => {
    if (!Number.isFinite(length) || length < 0) {
      throw new ConfigError(`bucketByLength.lengths[${i}]`, length, 'a finite number >= 0');
    }
    const bucket = buckets[bucketOf(length, boundaries)];
    bucket.push(i);
    if (bucket.length === batchSize) batches.push(bucket.splice(0, batchSize));
  });
  if (!dropRemainder) for (const bucket of buckets) if (bucket.length > 0) batches.push(bucket);
  return batches;
}

/**
 * Bucket boundaries at the quantiles of observed lengths, so that each of `count` buckets
 * holds about the same number of items; repeated quantiles are merged.
 *
 * @param lengths - observed lengths (e.g. of the training inputs), non-empty.
 * @param count - the number of buckets wanted, an integer ≥ 1.
 * @returns strictly increasing boundaries for {@link bucketByLength} (at most `count - 1`).
 * @throws ConfigError for an empty `lengths` or a bad `count`.
 */
export function quantileBoundaries(lengths: readonly number[], count: number): number[] {
  if (!Number.isInteger(count) || count < 1)
    throw new ConfigError('quantileBoundaries.count', count, 'an integer >= 1');
  if (lengths.length === 0) throw new ConfigError('quantileBoundaries.lengths', lengths, 'a non-empty array');
  const sorted = [...lengths].sort((a, b) => a - b);
  const out: number[] = [];
  for (let q = 1; q < count; q++) {
    const value = sorted[Math.floor((q * sorted.length) / count)];
    if (value > sorted[0] && (out.length === 0 || value > out[out.length - 1])) out.push(value);
  }
  return out;
}
