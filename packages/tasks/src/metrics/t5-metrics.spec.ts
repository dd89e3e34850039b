import { ConfigError } from '@hyperprompt/core';
import {
  t5Accuracy,
  t5ClassIds,
  t5F1WithInvalid,
  t5MatthewsCorrelation,
  t5MeanMulticlassF1,
  t5MultircScores,
  t5StsbScores,
} from './t5-metrics';
import { pearson, spearman } from './correlation';
import { decode, type Encoded, loadFixture } from './__fixtures__/load';

interface ClassificationCase {
  k: number;
  yTrue: number[];
  yPred: number[];
  accuracy: Encoded;
  f1MacroLabels: Encoded;
  mcc: Encoded;
  f1WithInvalid?: Encoded;
}

const WORDS: Record<number, readonly string[]> = {
  2: ['not_equivalent', 'equivalent'],
  3: ['entailment', 'contradiction', 'neutral'],
};
const toWords = (ids: number[], words: readonly string[]): string[] =>
  ids.map((id) => (id >= 0 ? words[id] : 'not a label'));

describe('string-level T5 metrics reproduce scikit-learn on the class ids', () => {
  const { cases } = loadFixture<{ cases: ClassificationCase[] }>('classification.json');

  it('on every classification fixture', () => {
    for (const c of cases) {
      const words = WORDS[c.k];
      const predictions = toWords(c.yPred, words);
      expect(t5ClassIds(predictions, words)).toEqual(c.yPred);
      expect(t5Accuracy(predictions, c.yTrue, words)).toBe(decode(c.accuracy));
      expect(t5Accuracy(predictions, toWords(c.yTrue, words), words)).toBe(decode(c.accuracy));
      expect(t5MatthewsCorrelation(predictions, c.yTrue, words)).toBe(decode(c.mcc));
      expect(
        Math.abs(t5MeanMulticlassF1(predictions, c.yTrue, words) - (decode(c.f1MacroLabels) ?? NaN)),
      ).toBeLessThan(1e-12);
      if (c.f1WithInvalid !== undefined && c.k === 2) {
        expect(
          Math.abs(t5F1WithInvalid(predictions, c.yTrue, words) - (decode(c.f1WithInvalid) ?? NaN)),
        ).toBeLessThan(1e-12);
      }
    }
  });
});

describe('t5 task helpers', () => {
  it('CoLA-style MCC with an unparsable prediction treats it as an extra class', () => {
    const words = ['unacceptable', 'acceptable'];
    const value = t5MatthewsCorrelation(
      ['acceptable', 'garbage', 'unacceptable', 'acceptable'],
      [1, 1, 0, 0],
      words,
    );
    expect(value).toBeGreaterThan(-1);
    expect(value).toBeLessThan(1);
  });

  it('STS-B parses predictions with float() and -1 for garbage', () => {
    const predictions = ['3.8', '4.2', 'banana', '0.6', '2.0', 'nan'];
    const gold = [3.8, 4.0, 2.6, 0.4, 2.2, 1.0];
    const parsed = [3.8, 4.2, -1, 0.6, 2.0, -1];
    expect(t5StsbScores(predictions, gold)).toEqual({
      pearson: pearson(parsed, gold),
      spearman: spearman(parsed, gold),
    });
    expect(t5StsbScores(predictions, gold.map(String))).toEqual(t5StsbScores(predictions, gold));
  });

  it('STS-B with a constant prediction gives NaN correlations, as T5 does', () => {
    const scores = t5StsbScores(['2.4', '2.4', '2.4'], [1, 2, 3]);
    expect(scores.pearson).toBeNaN();
    expect(scores.spearman).toBeNaN();
  });

  it('MultiRC on strings', () => {
    const scores = t5MultircScores(
      ['True', 'False', 'true', 'True'],
      ['True', 'False', 'True', 1],
      ['a', 'a', 'b', 'b'],
    );
    // 'true' (lower case) is invalid: a false negative; question b is wrong.
    expect(scores.exactMatch).toBe(0.5);
    expect(scores.f1a).toBeCloseTo((2 * 2) / (2 * 2 + 0 + 1), 15);
  });

  it('validates label words and lengths', () => {
    expect(() => t5Accuracy(['a'], [0], [])).toThrow(ConfigError);
    expect(() => t5Accuracy(['a'], [0], ['a', 'a'])).toThrow('t5Accuracy.labelWords');
    expect(() => t5F1WithInvalid(['a'], [0], ['a', 'b', 'c'])).toThrow('t5F1WithInvalid.labelWords.length');
    expect(() => t5Accuracy(['a', 'b'], [0], ['a', 'b'])).toThrow('t5Accuracy.targets.length');
    expect(() => t5Accuracy([1 as unknown as string], [0], ['a'])).toThrow('t5Accuracy.predictions[0]');
    expect(() => t5F1WithInvalid(['a'], ['zzz'], ['a', 'b'])).toThrow('f1ScoreWithInvalid.yTrue[0]');
    expect(() => t5StsbScores(['1', '2'], [1, NaN])).toThrow('pearson.y[1]');
  });
});
