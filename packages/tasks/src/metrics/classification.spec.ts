import { ConfigError, Rng } from '@hyperprompt/core';
import { accuracy, f1Binary, f1Macro, matthewsCorrelation } from './classification';
import { f1ScoreWithInvalid } from './t5-postprocess';
import { decode, type Encoded, type FixtureVersions, loadFixture, MaxDiff } from './__fixtures__/load';

interface ClassificationCase {
  name: string;
  k: number;
  posLabel: number;
  yTrue: number[];
  yPred: number[];
  accuracy: Encoded;
  f1Positive: Encoded;
  f1MacroPresent: Encoded;
  f1MacroLabels: Encoded;
  mcc: Encoded;
  f1WithInvalid?: Encoded;
}

const fixture = loadFixture<{ versions: FixtureVersions; cases: ClassificationCase[] }>(
  'classification.json',
);
const TOL = 1e-12;

describe('classification metrics against scikit-learn', () => {
  it('has a broad set of reference cases', () => {
    expect(fixture.cases.length).toBeGreaterThanOrEqual(150);
    expect(fixture.cases.some((c) => c.yTrue.length >= 400)).toBe(true);
    expect(fixture.cases.some((c) => c.yPred.includes(-1))).toBe(true);
  });

  it('accuracy equals accuracy_score exactly', () => {
    for (const c of fixture.cases) expect(accuracy(c.yTrue, c.yPred)).toBe(decode(c.accuracy));
  });

  it('matthewsCorrelation equals matthews_corrcoef exactly (same float operations)', () => {
    for (const c of fixture.cases) expect(matthewsCorrelation(c.yTrue, c.yPred)).toBe(decode(c.mcc));
  });

  it('F1 variants equal f1_score within 1e-12', () => {
    const diff = new MaxDiff();
    for (const c of fixture.cases) {
      const labels = Array.from({ length: c.k }, (_, i) => i);
      expect(diff.add(f1Binary(c.yTrue, c.yPred, c.posLabel), decode(c.f1Positive) ?? NaN)).toBeLessThan(TOL);
      expect(diff.add(f1Macro(c.yTrue, c.yPred), decode(c.f1MacroPresent) ?? NaN)).toBeLessThan(TOL);
      expect(diff.add(f1Macro(c.yTrue, c.yPred, labels), decode(c.f1MacroLabels) ?? NaN)).toBeLessThan(TOL);
      if (c.f1WithInvalid !== undefined) {
        expect(diff.add(f1ScoreWithInvalid(c.yTrue, c.yPred), decode(c.f1WithInvalid) ?? NaN)).toBeLessThan(
          TOL,
        );
      }
    }
    expect(diff.value).toBeLessThan(TOL);
  });
});

describe('degenerate inputs (scikit-learn defaults)', () => {
  it('F1 is 0 when the positive class is absent from both arrays (zero_division)', () => {
    expect(f1Binary([0, 0, 0], [0, 0, 0])).toBe(0);
    expect(f1Binary([0, 0], [0, 0], 1)).toBe(0);
  });

  it('F1 is 0 with no true positives', () => {
    expect(f1Binary([1, 1, 0], [0, 0, 1])).toBe(0);
    expect(f1Binary([0, 0, 0], [1, 1, 1])).toBe(0);
  });

  it('F1 of perfect predictions is 1, and pos label 0 works', () => {
    expect(f1Binary([1, 0, 1], [1, 0, 1])).toBe(1);
    expect(f1Binary([1, 0, 0, 1], [1, 0, 1, 1], 0)).toBeCloseTo(2 / 3, 15);
  });

  it('MCC is 0 when predictions or gold labels are constant', () => {
    expect(matthewsCorrelation([0, 1, 1, 0], [1, 1, 1, 1])).toBe(0);
    expect(matthewsCorrelation([1, 1, 1, 1], [0, 1, 1, 0])).toBe(0);
    expect(matthewsCorrelation([1], [1])).toBe(0);
    expect(matthewsCorrelation([2, 2], [2, 2])).toBe(0);
  });

  it('MCC is +1 / -1 for perfect and inverted binary predictions', () => {
    expect(matthewsCorrelation([0, 1, 1, 0], [0, 1, 1, 0])).toBe(1);
    expect(matthewsCorrelation([0, 1, 1, 0], [1, 0, 0, 1])).toBe(-1);
  });

  it('macro F1 gives 0 to listed classes that never occur, and ignores unlisted predictions', () => {
    expect(f1Macro([0, 0], [0, 0], [0, 1, 2])).toBeCloseTo(1 / 3, 15);
    // -1 is not listed: it is only a miss for class 1.
    expect(f1Macro([0, 1], [0, -1], [0, 1])).toBeCloseTo(((2 * 1) / 2 + 0) / 2, 15);
    // Without labels, -1 becomes a class of its own (F1 0).
    expect(f1Macro([0, 1], [0, -1])).toBeCloseTo(1 / 3, 15);
  });

  it('treats -0 as the label 0', () => {
    expect(accuracy([0, 1], [-0, 1])).toBe(1);
    expect(f1Macro([0, 1], [-0, 1])).toBe(1);
    expect(matthewsCorrelation([-0, 1], [0, 1])).toBe(1);
  });

  it('accepts typed arrays', () => {
    expect(accuracy(Int32Array.from([1, 0, 1]), Float64Array.from([1, 1, 1]))).toBeCloseTo(2 / 3, 15);
  });
});

describe('input validation', () => {
  const fns: [string, (a: number[], b: number[]) => number][] = [
    ['accuracy', accuracy],
    ['f1Binary', (a, b) => f1Binary(a, b)],
    ['f1Macro', (a, b) => f1Macro(a, b)],
    ['matthewsCorrelation', matthewsCorrelation],
  ];

  it.each(fns)('%s rejects empty, unequal and non-integer inputs, naming the argument', (name, fn) => {
    expect(() => fn([], [])).toThrow(ConfigError);
    expect(() => fn([], [])).toThrow(`${name}.yTrue.length`);
    expect(() => fn([1, 0], [1])).toThrow(`${name}.yPred.length: got 1, expected 2`);
    expect(() => fn([1, 0.5], [1, 0])).toThrow(`${name}.yTrue[1]`);
    expect(() => fn([1, 0], [1, NaN])).toThrow(`${name}.yPred[1]`);
    expect(() => fn(null as unknown as number[], [1])).toThrow(`${name}.yTrue`);
  });

  it('checks the positive label and the label list', () => {
    expect(() => f1Binary([1], [1], 0.5)).toThrow('f1Binary.positive');
    expect(() => f1Macro([1], [1], [])).toThrow('f1Macro.labels');
    expect(() => f1Macro([1], [1], [0, 0])).toThrow('distinct');
    expect(() => f1Macro([1], [1], [0, 1.5])).toThrow('f1Macro.labels[1]');
  });
});

describe('properties on random inputs', () => {
  const rng = new Rng(7);
  const draw = (n: number, k: number): number[] =>
    Array.from({ length: n }, () => rng.int(k) - (k > 3 ? 1 : 0));

  it('MCC lies in [-1, 1], is symmetric in its arguments and invariant to order', () => {
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + rng.int(60);
      const k = 2 + rng.int(3);
      const yTrue = draw(n, k);
      const yPred = draw(n, k);
      const mcc = matthewsCorrelation(yTrue, yPred);
      expect(mcc).toBeGreaterThanOrEqual(-1);
      expect(mcc).toBeLessThanOrEqual(1);
      expect(matthewsCorrelation(yPred, yTrue)).toBeCloseTo(mcc, 14);
      const perm = rng.permutation(n);
      const pt = Array.from(perm, (i) => yTrue[i]);
      const pp = Array.from(perm, (i) => yPred[i]);
      expect(matthewsCorrelation(pt, pp)).toBe(mcc);
      expect(f1Binary(pt, pp)).toBe(f1Binary(yTrue, yPred));
      expect(f1Macro(pt, pp)).toBe(f1Macro(yTrue, yPred));
      expect(accuracy(pt, pp)).toBe(accuracy(yTrue, yPred));
    }
  });

  it('F1 and accuracy lie in [0, 1]; binary F1 matches its closed form', () => {
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + rng.int(40);
      const yTrue = draw(n, 2);
      const yPred = draw(n, 2);
      let tp = 0;
      let fp = 0;
      let fn = 0;
      for (let i = 0; i < n; i++) {
        if (yTrue[i] === 1 && yPred[i] === 1) tp++;
        if (yTrue[i] === 0 && yPred[i] === 1) fp++;
        if (yTrue[i] === 1 && yPred[i] === 0) fn++;
      }
      const f1 = f1Binary(yTrue, yPred);
      expect(f1).toBe(tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn));
      expect(accuracy(yTrue, yPred)).toBeGreaterThanOrEqual(0);
      expect(f1Macro(yTrue, yPred)).toBeLessThanOrEqual(1);
    }
  });

  it('relabelling classes consistently leaves MCC and macro F1 unchanged', () => {
    for (let trial = 0; trial < 100; trial++) {
      const n = 2 + rng.int(50);
      const yTrue = draw(n, 3);
      const yPred = draw(n, 3);
      const map = (v: number): number => [7, -3, 12][v];
      expect(matthewsCorrelation(yTrue.map(map), yPred.map(map))).toBeCloseTo(
        matthewsCorrelation(yTrue, yPred),
        14,
      );
      expect(f1Macro(yTrue.map(map), yPred.map(map))).toBeCloseTo(f1Macro(yTrue, yPred), 14);
    }
  });
});
