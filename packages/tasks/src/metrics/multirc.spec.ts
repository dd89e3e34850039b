import { ConfigError } from '@hyperprompt/core';
import { multircExactMatch, multircF1a } from './multirc';
import { decode, type Encoded, type FixtureVersions, loadFixture, MaxDiff } from './__fixtures__/load';

interface MultircCase {
  yTrue: number[];
  yPred: number[];
  groups: (string | number)[];
  f1a: Encoded;
  em: number;
}

const fixture = loadFixture<{ versions: FixtureVersions; cases: MultircCase[] }>('multirc.json');

describe('MultiRC metrics against T5 semantics', () => {
  it('F1a equals f1_score_with_invalid and EM equals mean_group_metric(all_match)', () => {
    expect(fixture.cases.length).toBeGreaterThanOrEqual(40);
    const diff = new MaxDiff();
    for (const c of fixture.cases) {
      expect(diff.add(multircF1a(c.yTrue, c.yPred), decode(c.f1a) ?? NaN)).toBeLessThan(1e-12);
      expect(multircExactMatch(c.yTrue, c.yPred, c.groups)).toBeCloseTo(c.em, 14);
    }
    expect(diff.value).toBeLessThan(1e-12);
  });

  it('weighs every question equally and counts an invalid prediction as wrong', () => {
    // q1: 3 answers all right; q2: 1 answer wrong (invalid).
    expect(multircExactMatch([1, 0, 1, 1], [1, 0, 1, -1], ['q1', 'q1', 'q1', 'q2'])).toBe(0.5);
    // Interleaved groups and numeric ids.
    expect(multircExactMatch([1, 0, 1, 0], [1, 0, 0, 0], [7, 8, 7, 8])).toBe(0.5);
    // An invalid prediction on a positive answer is a false negative; on a negative, a false positive.
    expect(multircF1a([1, 0, 1], [-1, -1, 1])).toBeCloseTo((2 * 1) / (2 * 1 + 1 + 1), 15);
  });

  it('F1a is 0 when there is no positive answer and no positive prediction', () => {
    expect(multircF1a([0, 0], [0, 0])).toBe(0);
  });

  it('validates its inputs', () => {
    expect(() => multircF1a([2, 0], [1, 0])).toThrow(ConfigError);
    expect(() => multircF1a([2, 0], [1, 0])).toThrow('f1ScoreWithInvalid.yTrue[0]');
    expect(() => multircExactMatch([1], [1], [])).toThrow('multircExactMatch.questionIds.length');
    expect(() => multircExactMatch([1], [1], [NaN])).toThrow('multircExactMatch.questionIds[0]');
    expect(() => multircExactMatch([1], [0.5], ['q'])).toThrow('multircExactMatch.yPred[0]');
  });
});
