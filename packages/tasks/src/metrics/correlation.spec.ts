import { ConfigError, Rng } from '@hyperprompt/core';
import { averageRanks, pearson, spearman } from './correlation';
import { decode, type Encoded, type FixtureVersions, loadFixture, MaxDiff } from './__fixtures__/load';

interface CorrelationCase {
  name: string;
  x: number[];
  y: number[];
  pearson: Encoded;
  spearman: Encoded;
  /** Pearson's r in exact rational arithmetic (absent for length 1). */
  pearsonExact?: Encoded;
  /** SciPy warned NearConstantInputWarning: its Pearson value may be inaccurate. */
  scipyNearConstant?: boolean;
}

const fixture = loadFixture<{ versions: FixtureVersions; cases: CorrelationCase[] }>('correlation.json');
const TOL = 1e-12;

describe('correlations against SciPy', () => {
  it('has a broad set of reference cases', () => {
    expect(fixture.cases.length).toBeGreaterThanOrEqual(120);
    expect(fixture.cases.some((c) => c.x.length >= 400)).toBe(true);
  });

  it('pearson equals scipy.stats.pearsonr within 1e-12 (NaN where SciPy gives NaN)', () => {
    const diff = new MaxDiff();
    for (const c of fixture.cases) {
      const expected = decode(c.pearson);
      if (expected === null) {
        // SciPy raises for a single point; we return NaN (a single value is constant).
        expect(c.x.length).toBe(1);
        expect(pearson(c.x, c.y)).toBeNaN();
      } else if (Number.isNaN(expected)) {
        expect(pearson(c.x, c.y)).toBeNaN();
      } else if (c.scipyNearConstant !== true) {
        expect(diff.add(pearson(c.x, c.y), expected)).toBeLessThan(TOL);
      }
    }
    expect(diff.value).toBeLessThan(TOL);
  });

  it('pearson equals the exact (rational arithmetic) value within 1e-12, even where SciPy warns', () => {
    const diff = new MaxDiff();
    const nearConstant = fixture.cases.filter((c) => c.scipyNearConstant === true);
    expect(nearConstant.length).toBeGreaterThan(0);
    for (const c of fixture.cases) {
      const exact = decode(c.pearsonExact ?? null);
      if (exact === null || Number.isNaN(exact)) continue;
      expect(diff.add(pearson(c.x, c.y), exact)).toBeLessThan(TOL);
    }
    expect(diff.value).toBeLessThan(TOL);
    // SciPy's own value is off by 0.17 on this input (it warns NearConstantInputWarning).
    const worst = fixture.cases.find((c) => c.name === 'near-constant');
    expect(worst && pearson(worst.x, worst.y)).toBeCloseTo(0.674199862463242, 14);
  });

  it('spearman equals scipy.stats.spearmanr within 1e-12 (NaN where SciPy gives NaN)', () => {
    const diff = new MaxDiff();
    for (const c of fixture.cases) {
      const expected = decode(c.spearman);
      if (expected === null || Number.isNaN(expected)) expect(spearman(c.x, c.y)).toBeNaN();
      else expect(diff.add(spearman(c.x, c.y), expected)).toBeLessThan(TOL);
    }
    expect(diff.value).toBeLessThan(TOL);
  });
});

describe('degenerate inputs', () => {
  it('constant inputs give NaN, like SciPy', () => {
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNaN();
    expect(pearson([1, 2, 3], [4, 4, 4])).toBeNaN();
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNaN();
    expect(spearman([1, 2, 3], [-0, 0, 0])).toBeNaN();
    expect(spearman([Infinity, Infinity], [1, 2])).toBeNaN();
  });

  it('a single point gives NaN for both', () => {
    expect(pearson([3], [4])).toBeNaN();
    expect(spearman([3], [4])).toBeNaN();
  });

  it('two distinct points give exactly +1 or -1', () => {
    expect(pearson([0, 1e-300], [5, 7])).toBe(1);
    expect(pearson([1, 2], [7, -5])).toBe(-1);
    // SciPy's corrcoef arithmetic gives -0.9999999999999999 here, and so do we.
    expect(spearman([1, 2], [7, -5])).toBe(-0.9999999999999999);
  });

  it('NaN inputs throw a ConfigError naming the argument and index', () => {
    expect(() => pearson([1, NaN, 3], [1, 2, 3])).toThrow(ConfigError);
    expect(() => pearson([1, NaN, 3], [1, 2, 3])).toThrow('pearson.x[1]');
    expect(() => spearman([1, 2, 3], [1, 2, NaN])).toThrow('spearman.y[2]');
    expect(() => averageRanks([NaN])).toThrow('averageRanks.values[0]');
  });

  it('pearson rejects infinities; spearman ranks them', () => {
    expect(() => pearson([1, Infinity, 3], [1, 2, 3])).toThrow('pearson.x[1]');
    expect(spearman([1, Infinity, -Infinity], [2, 3, 1])).toBe(1);
  });

  it('rejects empty and unequal inputs', () => {
    expect(() => pearson([], [])).toThrow('pearson.x.length');
    expect(() => spearman([1, 2], [1])).toThrow('spearman.y.length: got 1, expected 2');
    expect(() => pearson([1, 2], ['a', 'b'] as unknown as number[])).toThrow('pearson.y[0]');
  });
});

describe('numerics', () => {
  it('is accurate with a large offset (centred sums)', () => {
    const x = [1e9 + 1, 1e9 + 2, 1e9 + 3, 1e9 + 4];
    const y = [1, 2, 3, 5];
    expect(pearson(x, y)).toBeCloseTo(pearson([1, 2, 3, 4], y), 12);
  });

  it('does not overflow or underflow at the float64 extremes', () => {
    const y = [1, 3, 2, 5, 4];
    const ref = pearson([1, 2, 3, 4, 5], y);
    expect(pearson([1e300, 2e300, 3e300, 4e300, 5e300], y)).toBeCloseTo(ref, 14);
    expect(pearson([-1.7e308, 0, 1.7e308, 1e308, -1e308], y)).toBeCloseTo(
      pearson([-1.7, 0, 1.7, 1, -1], y),
      14,
    );
    expect(pearson([1e-310, 2e-310, 3e-310, 4e-310, 5e-310], y)).toBeCloseTo(ref, 10);
  });

  it('averageRanks gives average ranks for ties', () => {
    expect(Array.from(averageRanks([10, 20, 20, 5]))).toEqual([2, 3.5, 3.5, 1]);
    expect(Array.from(averageRanks([3, 3, 3]))).toEqual([2, 2, 2]);
    expect(Array.from(averageRanks([0, -0, -Infinity]))).toEqual([2.5, 2.5, 1]);
    expect(Array.from(averageRanks([]))).toEqual([]);
  });
});

describe('properties on random inputs', () => {
  const rng = new Rng(11);
  const sample = (n: number, grid: boolean): number[] =>
    Array.from({ length: n }, () => (grid ? Math.round(rng.normal() * 2) : rng.normal()));

  it('are symmetric, bounded, and invariant to order', () => {
    for (let trial = 0; trial < 200; trial++) {
      const n = 3 + rng.int(80);
      const grid = trial % 2 === 0;
      const x = sample(n, grid);
      const y = sample(n, grid);
      const p = pearson(x, y);
      const s = spearman(x, y);
      if (Number.isNaN(p)) continue; // a constant draw
      expect(Math.abs(p)).toBeLessThanOrEqual(1);
      expect(Math.abs(s)).toBeLessThanOrEqual(1);
      expect(pearson(y, x)).toBeCloseTo(p, 14);
      expect(spearman(y, x)).toBeCloseTo(s, 14);
      const perm = rng.permutation(n);
      expect(
        pearson(
          Array.from(perm, (i) => x[i]),
          Array.from(perm, (i) => y[i]),
        ),
      ).toBeCloseTo(p, 14);
      expect(
        spearman(
          Array.from(perm, (i) => x[i]),
          Array.from(perm, (i) => y[i]),
        ),
      ).toBeCloseTo(s, 14);
      expect(pearson(x, x)).toBeCloseTo(1, 14);
      expect(spearman(x, x)).toBeCloseTo(1, 15);
    }
  });

  it('pearson is invariant to positive affine maps and flips sign under negation', () => {
    for (let trial = 0; trial < 100; trial++) {
      const n = 3 + rng.int(50);
      const x = sample(n, false);
      const y = sample(n, false);
      const p = pearson(x, y);
      expect(
        pearson(
          x.map((v) => 3.5 * v - 7),
          y,
        ),
      ).toBeCloseTo(p, 13);
      expect(
        pearson(
          x.map((v) => -v),
          y,
        ),
      ).toBeCloseTo(-p, 14);
    }
  });

  it('spearman is invariant to strictly increasing maps', () => {
    for (let trial = 0; trial < 100; trial++) {
      const n = 3 + rng.int(50);
      const x = sample(n, trial % 2 === 0);
      const y = sample(n, false);
      const s = spearman(x, y);
      if (Number.isNaN(s)) continue;
      expect(
        spearman(
          x.map((v) => Math.exp(v)),
          y,
        ),
      ).toBe(s);
      expect(
        spearman(
          x.map((v) => v * v * v + 10),
          y,
        ),
      ).toBe(s);
    }
  });
});
