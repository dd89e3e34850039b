import { QUANTILES as reference } from './__fixtures__/scipy-reference';
import { logGamma, regularizedIncompleteBeta, studentTCdf, studentTPdf, studentTQuantile } from './student-t';

/** Relative difference, absolute near zero. */
const relativeError = (actual: number, expected: number): number =>
  Math.abs(actual - expected) / Math.max(1, Math.abs(expected));

describe('studentTQuantile', () => {
  it('matches scipy.stats.t.ppf(0.975, df) for df = 1..30, 50, 100', () => {
    const table = reference.quantiles.filter((c) => c.p === 0.975 && Number.isInteger(c.df));
    expect(table.map((c) => c.df)).toEqual([...Array.from({ length: 30 }, (_, i) => i + 1), 50, 100]);
    for (const { p, df, t } of table) {
      expect({ df, error: relativeError(studentTQuantile(p, df), t) < 1e-12 }).toEqual({ df, error: true });
    }
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.706204736174694, 11);
    expect(studentTQuantile(0.975, 2)).toBeCloseTo(4.302652729749462, 12);
  });

  it('matches SciPy for other probabilities, lower tails, non-integer and large df', () => {
    expect(reference.quantiles.length).toBeGreaterThan(100);
    for (const { p, df, t } of reference.quantiles) {
      expect({ p, df, ok: relativeError(studentTQuantile(p, df), t) < 1e-10 }).toEqual({ p, df, ok: true });
    }
  });

  it('agrees with the closed forms for df = 1 and 2 and is odd around 0.5', () => {
    for (const p of [0.51, 0.8, 0.975, 0.9999]) {
      expect(studentTQuantile(p, 1)).toBeCloseTo(Math.tan(Math.PI * (p - 0.5)), 8);
      const a = 4 * p * (1 - p);
      expect(studentTQuantile(p, 2)).toBeCloseTo((2 * p - 1) * Math.sqrt(2 / a), 10);
      expect(studentTQuantile(1 - p, 7)).toBe(-studentTQuantile(p, 7));
    }
    expect(studentTQuantile(0.5, 3)).toBe(0);
  });

  it('inverts the CDF', () => {
    for (const df of [1, 3, 9, 29]) {
      for (const p of [0.6, 0.975, 0.999])
        expect(studentTCdf(studentTQuantile(p, df), df)).toBeCloseTo(p, 13);
    }
  });

  it('refuses probabilities outside (0, 1) and non-positive df', () => {
    expect(() => studentTQuantile(0, 3)).toThrow(RangeError);
    expect(() => studentTQuantile(1, 3)).toThrow(RangeError);
    expect(() => studentTQuantile(Number.NaN, 3)).toThrow(RangeError);
    expect(() => studentTQuantile(0.9, 0)).toThrow(RangeError);
    expect(() => studentTQuantile(0.9, Number.NaN)).toThrow(RangeError);
  });
});

describe('studentTCdf', () => {
  it('matches scipy.stats.t.cdf', () => {
    for (const { t, df, cdf } of reference.cdf) {
      expect({ t, df, ok: Math.abs(studentTCdf(t, df) - cdf) < 1e-13 }).toEqual({ t, df, ok: true });
    }
    expect(studentTCdf(Infinity, 2)).toBe(1);
    expect(studentTCdf(-Infinity, 2)).toBe(0);
  });

  it('has the density as its derivative', () => {
    const h = 1e-5;
    for (const t of [-2, 0, 0.5, 3]) {
      const slope = (studentTCdf(t + h, 4) - studentTCdf(t - h, 4)) / (2 * h);
      expect(slope).toBeCloseTo(studentTPdf(t, 4), 9);
    }
  });
});

describe('special functions', () => {
  it('logGamma matches known values', () => {
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 12);
    expect(logGamma(0.1)).toBeCloseTo(2.252712651734206, 13);
    expect(() => logGamma(0)).toThrow(RangeError);
  });

  it('regularizedIncompleteBeta has its symmetry and closed forms', () => {
    expect(regularizedIncompleteBeta(0, 2, 3)).toBe(0);
    expect(regularizedIncompleteBeta(1, 2, 3)).toBe(1);
    expect(regularizedIncompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 14); // uniform
    expect(regularizedIncompleteBeta(0.3, 2, 1)).toBeCloseTo(0.09, 14); // x^2
    const [x, a, b] = [0.37, 2.5, 4];
    expect(regularizedIncompleteBeta(x, a, b) + regularizedIncompleteBeta(1 - x, b, a)).toBeCloseTo(1, 14);
    expect(() => regularizedIncompleteBeta(1.5, 1, 1)).toThrow(RangeError);
    expect(() => regularizedIncompleteBeta(0.5, 0, 1)).toThrow(RangeError);
  });
});
