import { ConfigError } from '@hyperprompt/core';
import { bucketByLength, bucketOf, padIds, quantileBoundaries } from './batching';

describe('padIds', () => {
  it('right-pads to the longest row with a mask', () => {
    const rows = [[5, 6, 1], [7, 1], [1]];
    const out = padIds(rows);
    expect(out.width).toBe(3);
    expect(out.ids).toEqual([
      [5, 6, 1],
      [7, 1, 0],
      [1, 0, 0],
    ]);
    expect(out.mask).toEqual([
      [1, 1, 1],
      [1, 1, 0],
      [1, 0, 0],
    ]);
    expect(rows[1]).toEqual([7, 1]); // input untouched
  });

  it('uses the pad id and rounds the width up to a multiple', () => {
    const out = padIds([[4, 4, 4, 4, 4], [4]], { padId: -1, multipleOf: 4 });
    expect(out.width).toBe(8);
    expect(out.ids[1]).toEqual([4, -1, -1, -1, -1, -1, -1, -1]);
    expect(out.mask[0]).toEqual([1, 1, 1, 1, 1, 0, 0, 0]);
  });

  it('handles an empty batch and rejects bad input', () => {
    expect(padIds([])).toEqual({ ids: [], mask: [], width: 0 });
    expect(() => padIds([[1.5]])).toThrow(/rows\[0\]/);
    expect(() => padIds([[1]], { multipleOf: 0 })).toThrow(/multipleOf/);
    expect(() => padIds([[1]], { padId: 0.5 })).toThrow(ConfigError);
  });
});

describe('bucketByLength', () => {
  it('maps lengths to buckets', () => {
    expect([0, 4, 5, 9, 10, 100].map((l) => bucketOf(l, [5, 10]))).toEqual([0, 0, 1, 1, 2, 2]);
    expect(bucketOf(7, [])).toBe(0);
  });

  it('emits a bucket when full, then the remainders in bucket order', () => {
    const lengths = [3, 12, 4, 11, 2, 13, 7, 1];
    const batches = bucketByLength(lengths, { batchSize: 2, boundaries: [5, 10] });
    expect(batches).toEqual([[0, 2], [1, 3], [4, 7], [6], [5]]);
    expect(batches.flat().sort((a, b) => a - b)).toEqual([...lengths.keys()]);
    for (const batch of batches)
      expect(new Set(batch.map((i) => bucketOf(lengths[i], [5, 10]))).size).toBe(1);
    expect(bucketByLength(lengths, { batchSize: 2, boundaries: [5, 10], dropRemainder: true })).toEqual([
      [0, 2],
      [1, 3],
      [4, 7],
    ]);
  });

  it('without boundaries is plain batching in order', () => {
    expect(bucketByLength([1, 2, 3, 4, 5], { batchSize: 2, boundaries: [] })).toEqual([[0, 1], [2, 3], [4]]);
  });

  it('rejects bad options', () => {
    expect(() => bucketByLength([1], { batchSize: 0, boundaries: [] })).toThrow(/batchSize/);
    expect(() => bucketByLength([1], { batchSize: 1, boundaries: [5, 5] })).toThrow(/boundaries/);
    expect(() => bucketByLength([-1], { batchSize: 1, boundaries: [] })).toThrow(/lengths\[0\]/);
  });
});

describe('quantileBoundaries', () => {
  it('splits lengths into buckets of about equal counts', () => {
    const lengths = Array.from({ length: 100 }, (_, i) => i);
    const boundaries = quantileBoundaries(lengths, 4);
    expect(boundaries).toEqual([25, 50, 75]);
    const counts = [0, 0, 0, 0];
    for (const l of lengths) counts[bucketOf(l, boundaries)]++;
    expect(counts).toEqual([25, 25, 25, 25]);
  });

  it('merges repeated quantiles and never makes an empty first bucket', () => {
    expect(quantileBoundaries([5, 5, 5, 5, 9, 9, 9, 9], 4)).toEqual([9]);
    expect(quantileBoundaries([3], 3)).toEqual([]);
    expect(() => quantileBoundaries([], 2)).toThrow(ConfigError);
    expect(() => quantileBoundaries([1], 0)).toThrow(/count/);
  });
});
