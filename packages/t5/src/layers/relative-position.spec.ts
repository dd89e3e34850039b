/**
 * Relative-position buckets: test vectors written out by hand (the relative position where each
 * bucket starts, computed from HF's `_relative_position_bucket` with float32 logs) and
 * HF's algorithm run in PyTorch for every relative position in −200..200
 * (`__fixtures__/relative_position_buckets.json`, from tools/fixtures/t5).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bucketMatrix, relativePositionBucket } from './relative-position';

interface BucketCase {
  readonly bidirectional: boolean;
  readonly num_buckets: number;
  readonly max_distance: number;
  readonly buckets: number[];
}

const fixture = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', '__fixtures__', 'relative_position_buckets.json'), 'utf8'),
) as { relative_position: number[]; cases: BucketCase[] };

describe('relativePositionBucket', () => {
  it('gives the first relative position of each bucket (bidirectional, 32 / 128)', () => {
    const firsts: [number, number][] = [
      [0, 0],
      [1, 17],
      [7, 23],
      [8, 24],
      [12, 25],
      [16, 26],
      [23, 27],
      [32, 28],
      [46, 29],
      [64, 30],
      [91, 31],
      [500, 31],
      [-1, 1],
      [-7, 7],
      [-8, 8],
      [-12, 9],
      [-16, 10],
      [-23, 11],
      [-32, 12],
      [-46, 13],
      [-64, 14],
      [-91, 15],
      [-500, 15],
    ];
    for (const [rel, bucket] of firsts)
      expect([rel, relativePositionBucket(rel, true, 32, 128)]).toEqual([rel, bucket]);
    // one before each boundary stays in the previous bucket
    expect(relativePositionBucket(11, true, 32, 128)).toBe(24);
    expect(relativePositionBucket(90, true, 32, 128)).toBe(30);
  });

  it('gives the first relative position of each bucket for the causal decoder (unidirectional, 32 / 128)', () => {
    const firsts: [number, number][] = [
      [0, 0],
      [-1, 1],
      [-15, 15],
      [-16, 16],
      [-19, 17],
      [-21, 18],
      [-24, 19],
      [-27, 20],
      [-31, 21],
      [-35, 22],
      [-40, 23],
      [-46, 24],
      [-52, 25],
      [-59, 26],
      [-67, 27],
      [-77, 28],
      [-87, 29],
      [-99, 30],
      [-113, 31],
      [-1000, 31],
      [5, 0],
    ];
    for (const [rel, bucket] of firsts)
      expect([rel, relativePositionBucket(rel, false, 32, 128)]).toEqual([rel, bucket]);
  });

  it.each(
    fixture.cases.map(
      (c) => [`${c.bidirectional ? 'bi' : 'uni'}directional ${c.num_buckets}/${c.max_distance}`, c] as const,
    ),
  )('equals HF in PyTorch for -200..200: %s', (_name, c) => {
    const ours = fixture.relative_position.map((rel) =>
      relativePositionBucket(rel, c.bidirectional, c.num_buckets, c.max_distance),
    );
    expect(ours).toEqual(c.buckets);
  });

  it('builds the [T, S] matrix with a query offset (cached decoding)', () => {
    const full = bucketMatrix(5, 5, false, 32, 128);
    const lastRow = bucketMatrix(1, 5, false, 32, 128, 4);
    expect(Array.from(lastRow)).toEqual(Array.from(full.slice(20, 25)));
  });
});
