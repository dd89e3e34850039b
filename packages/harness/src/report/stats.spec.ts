import { INTERVALS } from './__fixtures__/scipy-reference';
import {
  confidenceInterval,
  formatDifference,
  formatInterval,
  pairedDifference,
  RESOLVED_MARKER,
  type PairedDifference,
} from './stats';

const seedMap = (values: readonly number[], seeds = values.map((_, i) => i + 1)): Map<number, number> =>
  new Map(seeds.map((seed, i) => [seed, values[i]]));

describe('confidenceInterval', () => {
  it('matches scipy.stats.t.interval (95 %, sample std) for fixed inputs', () => {
    expect(INTERVALS.intervals.length).toBeGreaterThanOrEqual(7);
    for (const ref of INTERVALS.intervals) {
      const ci = confidenceInterval(ref.values);
      expect(ci.n).toBe(ref.n);
      expect(ci.confidence).toBe(0.95);
      expect(ci.mean).toBeCloseTo(ref.mean, 12);
      if (ref.std === null) {
        expect(ci).toMatchObject({ std: null, t: null, halfWidth: null });
      } else {
        expect(ci.std).toBeCloseTo(ref.std, 12);
        expect(ci.t).toBeCloseTo(ref.t as number, 12);
        expect(ci.halfWidth).toBeCloseTo(ref.halfWidth as number, 11);
      }
    }
  });

  it('is t × s / √n by hand for three values', () => {
    // 60, 62, 64: s = 2, t(0.975, 2) = 4.302652729749462
    const ci = confidenceInterval([60, 62, 64]);
    expect(ci.halfWidth).toBeCloseTo((4.302652729749462 * 2) / Math.sqrt(3), 12);
  });

  it('takes another level and refuses empty lists and levels outside (0, 1)', () => {
    // df = 2 has a closed form: t_p = (2p - 1) / √(2p(1 - p)); p = 0.95 gives 2.9199855803537257
    expect(confidenceInterval([60, 62, 64], 0.9).t).toBeCloseTo(0.9 / Math.sqrt(2 * 0.95 * 0.05), 13);
    expect(() => confidenceInterval([])).toThrow(RangeError);
    expect(() => confidenceInterval([1, 2], 1)).toThrow(RangeError);
    expect(() => confidenceInterval([1, 2], 0)).toThrow(RangeError);
  });
});

describe('pairedDifference', () => {
  it('matches scipy.stats.ttest_rel(a, b).confidence_interval(0.95)', () => {
    for (const ref of INTERVALS.paired) {
      const d = pairedDifference(seedMap(ref.a), seedMap(ref.b)) as PairedDifference;
      expect(d.differences).toHaveLength(ref.n);
      d.differences.forEach((v, i) => expect(v).toBeCloseTo(ref.differences[i], 12));
      expect(d.mean).toBeCloseTo(ref.mean, 12);
      expect(d.resolved).toBe(ref.resolved);
      if (ref.halfWidth === null) expect(d.halfWidth).toBeNull();
      else {
        expect(d.halfWidth).toBeCloseTo(ref.halfWidth, 11);
        expect(d.mean - (d.halfWidth as number)).toBeCloseTo(ref.low as number, 11);
        expect(d.mean + (d.halfWidth as number)).toBeCloseTo(ref.high as number, 11);
      }
    }
  });

  it('pairs only the seeds both have, in ascending seed order', () => {
    const row = seedMap([71, 77, 81.5], [3, 2, 4]);
    const reference = seedMap([70, 72.5, 76.5], [1, 2, 3]);
    const d = pairedDifference(row, reference) as PairedDifference;
    expect(d.seeds).toEqual([2, 3]);
    expect(d.differences).toEqual([77 - 72.5, 71 - 76.5]);
    expect(pairedDifference(seedMap([1], [9]), reference)).toBeNull();
  });

  it('is unresolved for one pair and for an interval that contains 0', () => {
    expect(pairedDifference(seedMap([5]), seedMap([1]))).toMatchObject({
      n: 1,
      halfWidth: null,
      resolved: false,
    });
    expect(pairedDifference(seedMap([1, 3]), seedMap([2, 2]))?.resolved).toBe(false);
    expect(pairedDifference(seedMap([3, 3]), seedMap([2, 2]))).toMatchObject({
      halfWidth: 0,
      resolved: true,
    });
    expect(pairedDifference(seedMap([2, 2]), seedMap([2, 2]))).toMatchObject({
      halfWidth: 0,
      resolved: false,
    });
  });
});

describe('formatInterval and formatDifference', () => {
  it('prints mean ± half-width, or the mean alone for one value', () => {
    expect(formatInterval(confidenceInterval([70, 74]), 1)).toBe('72.0 ± 25.4');
    expect(formatInterval(confidenceInterval([55]), 1)).toBe('55.0');
    expect(formatInterval(confidenceInterval([1.04, 1.06]), 2, 'x')).toBe('1.05x ± 0.13');
  });

  it('signs the difference and marks a resolved one', () => {
    const resolved = pairedDifference(
      seedMap([74.5, 76, 80.5]),
      seedMap([70, 72.5, 76.5]),
    ) as PairedDifference;
    expect(formatDifference(resolved, 1)).toBe(`+4.0 ± 1.2 ${RESOLVED_MARKER}`);
    const open = pairedDifference(seedMap([71, 77]), seedMap([72.5, 76.5])) as PairedDifference;
    expect(formatDifference(open, 1)).toBe('-0.5 ± 12.7');
    expect(formatDifference(pairedDifference(seedMap([66.5]), seedMap([70])) as PairedDifference, 1)).toBe(
      '-3.5',
    );
    expect(formatDifference(pairedDifference(seedMap([1.02]), seedMap([1])) as PairedDifference, 1)).toBe(
      '0.0',
    );
  });
});
