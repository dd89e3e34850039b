import { ConfigError } from '@hyperprompt/core';
import { normalizeAnswer, recordMetrics, squadExactMatch, squadF1, squadMetrics } from './squad';
import { type FixtureVersions, loadFixture, MaxDiff } from './__fixtures__/load';

interface AnswerCase {
  prediction: string;
  groundTruths: string[];
  normalizedPrediction: string;
  normalizedGroundTruths: string[];
  em: number;
  f1: number;
}

interface Corpus {
  predictions: string[];
  groundTruths: string[][];
  groups: number[];
  em: number;
  f1: number;
  recordEm: number;
  recordF1: number;
}

const fixture = loadFixture<{ versions: FixtureVersions; cases: AnswerCase[]; corpora: Corpus[] }>(
  'squad.json',
);
const TOL = 1e-12;

describe('SQuAD-style metrics against a Python port of T5 qa_utils', () => {
  it('normalizeAnswer equals normalize_squad on every string', () => {
    expect(fixture.cases.length).toBeGreaterThanOrEqual(200);
    for (const c of fixture.cases) {
      expect(normalizeAnswer(c.prediction)).toBe(c.normalizedPrediction);
      c.groundTruths.forEach((g, i) => expect(normalizeAnswer(g)).toBe(c.normalizedGroundTruths[i]));
    }
  });

  it('exact match and F1 (max over ground truths) equal the reference', () => {
    const diff = new MaxDiff();
    for (const c of fixture.cases) {
      expect(squadExactMatch(c.prediction, c.groundTruths)).toBe(c.em);
      expect(diff.add(squadF1(c.prediction, c.groundTruths), c.f1)).toBeLessThan(TOL);
    }
    expect(diff.value).toBeLessThan(TOL);
  });

  it('corpus means and ReCoRD deduplication equal the reference', () => {
    for (const c of fixture.corpora) {
      const all = squadMetrics(c.predictions, c.groundTruths);
      expect(all.exactMatch).toBeCloseTo(c.em, 12);
      expect(all.f1).toBeCloseTo(c.f1, 12);
      const record = recordMetrics(c.predictions, c.groundTruths, c.groups);
      expect(record.exactMatch).toBeCloseTo(c.recordEm, 12);
      expect(record.f1).toBeCloseTo(c.recordF1, 12);
    }
  });
});

describe('normalizeAnswer', () => {
  it.each([
    ['The  Eiffel-Tower!', 'eiffeltower'],
    ['An apple a day', 'apple day'],
    ['theater another banana', 'theater another banana'],
    ['(the) [an] a.', ''],
    ['a-the', 'athe'],
    ['snake_the_x', 'snakethex'],
    ['café the naïve', 'café naïve'],
    ['éthe the東京', 'éthe the東京'],
    ['A\u00a0B\u3000C\x1cD\x85E', 'b c d e'],
    ['ÉLAN', 'élan'],
    ['', ''],
  ])('%j -> %j', (input, expected) => expect(normalizeAnswer(input)).toBe(expected));
});

describe('exact match and F1', () => {
  it('scores the max over ground truths', () => {
    expect(squadExactMatch('the Eiffel Tower', ['Tower', 'eiffel tower'])).toBe(1);
    expect(squadF1('New York', ['new york city', 'NYC'])).toBeCloseTo(0.8, 15);
    expect(squadF1('x x y', ['x y y'])).toBeCloseTo(2 / 3, 15);
  });

  it('gives 0 F1 when either side normalises to nothing, even if both do (official script)', () => {
    expect(squadF1('', [''])).toBe(0);
    expect(squadExactMatch('', [''])).toBe(1);
    expect(squadF1('the', ['a'])).toBe(0);
    expect(squadExactMatch('the', ['a'])).toBe(1);
  });

  it('ReCoRD keeps only the first example of each query', () => {
    const scores = recordMetrics(
      ['Paris', 'London', 'Rome'],
      [['paris'], ['paris'], ['Milan']],
      ['q1', 'q1', 'q2'],
    );
    expect(scores).toEqual({ exactMatch: 0.5, f1: 0.5 });
  });

  it('validates its inputs', () => {
    expect(() => squadF1('x', [])).toThrow(ConfigError);
    expect(() => squadF1('x', [])).toThrow('squadF1.groundTruths');
    expect(() => squadExactMatch(3 as unknown as string, ['x'])).toThrow('squadExactMatch.prediction');
    expect(() => squadF1('x', ['a', 4 as unknown as string])).toThrow('squadF1.groundTruths[1]');
    expect(() => squadMetrics([], [])).toThrow('squadMetrics.predictions.length');
    expect(() => squadMetrics(['a'], [[]])).toThrow('squadMetrics.groundTruths[0]');
    expect(() => recordMetrics(['a', 'b'], [['a'], ['b']], ['q'])).toThrow('recordMetrics.groups.length');
  });
});
