import { ConfigError } from './errors';
import { Rng, hashString, type RngState } from './rng';

describe('Rng', () => {
  it('gives the same sequence for the same seed and different ones for different seeds', () => {
    const a = new Rng(123);
    const b = new Rng(123);
    const c = new Rng(124);
    const seqA = Array.from({ length: 8 }, () => a.uint32());
    const seqB = Array.from({ length: 8 }, () => b.uint32());
    const seqC = Array.from({ length: 8 }, () => c.uint32());
    expect(seqA).toEqual(seqB);
    expect(seqA).not.toEqual(seqC);
  });

  it('forks by label independently of how much the parent has drawn', () => {
    const parent = new Rng(5);
    const before = parent.fork('encoder/q').normalArray(4, 0, 1);
    parent.uint32();
    parent.normal();
    const after = parent.fork('encoder/q').normalArray(4, 0, 1);
    expect(Array.from(after)).toEqual(Array.from(before));
    expect(Array.from(parent.fork('encoder/k').normalArray(4, 0, 1))).not.toEqual(Array.from(before));
  });

  it('round-trips its state', () => {
    const rng = new Rng(9);
    rng.uint32();
    const restored = Rng.fromState(JSON.parse(JSON.stringify(rng.state())) as RngState);
    expect(restored.uint32()).toBe(rng.uint32());
    expect(restored.float()).toBe(rng.float());
  });

  it('draws floats in [0, 1) with the right mean and normals with the right moments', () => {
    const rng = new Rng(1);
    const n = 20000;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const x = rng.float();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      sum += x;
    }
    expect(sum / n).toBeCloseTo(0.5, 1);
    const z = rng.normalArray(n, 1, 2);
    const mean = z.reduce((a, b) => a + b, 0) / n;
    const variance = z.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
    expect(mean).toBeCloseTo(1, 1);
    expect(Math.sqrt(variance)).toBeCloseTo(2, 1);
  });

  it('truncates normals at two standard deviations', () => {
    const z = new Rng(3).truncatedNormalArray(5000, 0, 0.5);
    expect(Math.max(...z)).toBeLessThanOrEqual(1);
    expect(Math.min(...z)).toBeGreaterThanOrEqual(-1);
  });

  it('makes permutations and bounded integers', () => {
    const p = Array.from(new Rng(2).permutation(50));
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    const rng = new Rng(4);
    for (let i = 0; i < 100; i++) expect(rng.int(3)).toBeLessThan(3);
  });

  it('rejects bad seeds', () => {
    expect(() => new Rng(-1)).toThrow(ConfigError);
    expect(() => new Rng(1.5)).toThrow(/seed: got 1.5/);
  });

  it('hashes strings with FNV-1a', () => {
    // Reference values of 32-bit FNV-1a.
    expect(hashString('')).toBe(0x811c9dc5);
    expect(hashString('a')).toBe(0xe40c292c);
    expect(hashString('foobar')).toBe(0xbf9cf968);
  });
});
