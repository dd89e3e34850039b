import { ConfigError, Rng } from '@hyperprompt/core';
import {
  cumulative,
  drawCategorical,
  type MixingStrategy,
  mixingProbabilities,
  resolveMixing,
} from './mixing';
import { chiSquare } from './__fixtures__/stats';

const GLUE_SIZES = [8551, 67349, 3668, 363849, 5749, 392702, 104743, 2490];

describe('mixingProbabilities', () => {
  it('is examples-proportional by default', () => {
    expect(mixingProbabilities([100, 300])).toEqual([0.25, 0.75]);
    expect(mixingProbabilities([1, 1, 2], { kind: 'proportional' })).toEqual([0.25, 0.25, 0.5]);
  });

  it("applies T5's size cap: p ∝ min(n, K)", () => {
    expect(mixingProbabilities([100, 300, 50], { kind: 'proportional', cap: 100 })).toEqual([0.4, 0.4, 0.2]);
    expect(mixingProbabilities([100, 300], { kind: 'proportional', cap: 1000 })).toEqual([0.25, 0.75]);
  });

  it('uses p ∝ n^(1/T) for temperature, proportional at T = 1, near uniform for large T', () => {
    const p = mixingProbabilities([100, 10000], { kind: 'temperature', temperature: 2 });
    expect(p[0]).toBeCloseTo(1 / 11, 12);
    expect(p[1]).toBeCloseTo(10 / 11, 12);
    const t1 = mixingProbabilities(GLUE_SIZES, { kind: 'temperature', temperature: 1 });
    mixingProbabilities(GLUE_SIZES).forEach((q, k) => expect(t1[k]).toBeCloseTo(q, 12));
    const hot = mixingProbabilities(GLUE_SIZES, { kind: 'temperature', temperature: 1e6 });
    hot.forEach((q) => expect(q).toBeCloseTo(1 / 8, 4));
    const capped = mixingProbabilities([100, 10000], { kind: 'temperature', temperature: 2, cap: 400 });
    expect(capped[0]).toBeCloseTo(10 / 30, 12);
  });

  it("reproduces HyperFormer's GLUE task probabilities at T = 10 (p_k ∝ n_k^(1/10))", () => {
    const p = mixingProbabilities(GLUE_SIZES, { kind: 'temperature', temperature: 10 });
    const expected = [0.109, 0.134, 0.1, 0.158, 0.105, 0.159, 0.14, 0.096];
    p.forEach((q, k) => expect(Math.abs(q - expected[k])).toBeLessThan(0.0015));
  });

  it('is uniform for uniform mixing whatever the sizes', () => {
    expect(mixingProbabilities([1, 1000, 5, 7], { kind: 'uniform' })).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  it('sums to 1', () => {
    for (const mixing of [
      { kind: 'proportional' },
      { kind: 'proportional', cap: 5000 },
      { kind: 'temperature', temperature: 3 },
      { kind: 'uniform' },
    ] as MixingStrategy[]) {
      const sum = mixingProbabilities(GLUE_SIZES, mixing).reduce((a, b) => a + b, 0);
      expect(sum).toBeCloseTo(1, 12);
    }
  });

  it('names the bad field', () => {
    expect(() => mixingProbabilities([])).toThrow(ConfigError);
    expect(() => mixingProbabilities([3, 0])).toThrow(/sizes\[1\]/);
    expect(() => mixingProbabilities([3, 1.5])).toThrow(/sizes\[1\]/);
    expect(() => mixingProbabilities([3], { kind: 'temperature', temperature: 0 })).toThrow(
      /mixing\.temperature/,
    );
    expect(() => mixingProbabilities([3], { kind: 'temperature', temperature: Infinity })).toThrow(
      /temperature/,
    );
    expect(() => mixingProbabilities([3], { kind: 'proportional', cap: 0.5 })).toThrow(/mixing\.cap/);
    expect(() => resolveMixing({ kind: 'zipf' } as unknown as MixingStrategy)).toThrow(/mixing\.kind/);
    expect(() => resolveMixing({ kind: 'toString' } as unknown as MixingStrategy)).toThrow(/mixing\.kind/);
    expect(() => resolveMixing(null as unknown as MixingStrategy)).toThrow(ConfigError);
  });

  it('refuses fields of another kind; resolves to a frozen copy', () => {
    const loose = { kind: 'uniform', cap: 3 } as unknown as MixingStrategy;
    expect(() => resolveMixing(loose)).toThrow(/mixing\.cap/);
    const typo = { kind: 'proportional', temperature: 10 } as unknown as MixingStrategy;
    expect(() => resolveMixing(typo, 'sampler.mixing')).toThrow(/sampler\.mixing\.temperature/);
    expect(Object.isFrozen(resolveMixing({ kind: 'proportional', cap: 3 }))).toBe(true);
  });
});

describe('drawCategorical', () => {
  it('matches the target distribution (chi-square, 3 degrees of freedom)', () => {
    const p = [0.1, 0.2, 0.3, 0.4];
    const cdf = cumulative(p);
    expect(cdf[3]).toBe(1);
    const rng = new Rng(7);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 20000; i++) counts[drawCategorical(rng, cdf)]++;
    expect(chiSquare(counts, p)).toBeLessThan(25); // p-value ~1e-5 for 3 d.o.f.
    expect(chiSquare(counts, [0.25, 0.25, 0.25, 0.25])).toBeGreaterThan(1000);
  });

  it('never draws a zero-probability entry', () => {
    const cdf = cumulative([0, 0.5, 0, 0.5, 0]);
    const rng = new Rng(1);
    for (let i = 0; i < 2000; i++) expect([1, 3]).toContain(drawCategorical(rng, cdf));
  });
});
