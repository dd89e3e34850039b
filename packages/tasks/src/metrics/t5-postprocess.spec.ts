import { ConfigError } from '@hyperprompt/core';
import {
  f1ScoreWithInvalid,
  INVALID_CLASS_ID,
  parseStsbPrediction,
  stringLabelToClassId,
  stringToFloat,
} from './t5-postprocess';
import { decode, type Encoded, type FixtureVersions, loadFixture } from './__fixtures__/load';

const floats = loadFixture<{ versions: FixtureVersions; cases: { input: string; expected: Encoded }[] }>(
  'float_parse.json',
);

describe('stringToFloat matches Python float() with T5 default -1', () => {
  it.each(floats.cases.map((c) => [c.input, decode(c.expected)] as const))('%j -> %p', (input, expected) => {
    expect(Object.is(stringToFloat(input), expected)).toBe(true);
  });

  it('uses the given default', () => {
    expect(stringToFloat('three', 0)).toBe(0);
    expect(stringToFloat('3', 0)).toBe(3);
  });
});

describe('parseStsbPrediction', () => {
  it('parses numbers and gives -1 for unparsable and non-finite predictions', () => {
    expect(parseStsbPrediction('3.8')).toBe(3.8);
    expect(parseStsbPrediction('<unk>')).toBe(-1);
    expect(parseStsbPrediction('nan')).toBe(-1);
    expect(parseStsbPrediction('-inf')).toBe(-1);
    expect(parseStsbPrediction('1e999')).toBe(-1);
  });
});

describe('stringLabelToClassId', () => {
  const words = ['entailment', 'neutral', 'contradiction'];
  it('maps exact label words to their index and anything else to -1', () => {
    expect(stringLabelToClassId('neutral', words)).toBe(1);
    expect(stringLabelToClassId('Neutral', words)).toBe(INVALID_CLASS_ID);
    expect(stringLabelToClassId(' neutral', words)).toBe(-1);
    expect(stringLabelToClassId('', words)).toBe(-1);
    expect(stringLabelToClassId('maybe', words, 7)).toBe(7);
  });
});

describe('f1ScoreWithInvalid', () => {
  it('counts an invalid prediction as the opposite of the target', () => {
    // targets 1,1,0,0; preds -1 (-> 0: FN), 1 (TP), 2 (-> 1: FP), 0 (TN)
    expect(f1ScoreWithInvalid([1, 1, 0, 0], [-1, 1, 2, 0])).toBeCloseTo(2 / (2 + 1 + 1), 15);
    expect(f1ScoreWithInvalid([1, 1], [-1, -1])).toBe(0);
    expect(f1ScoreWithInvalid([0, 0], [-1, -1])).toBe(0);
    expect(f1ScoreWithInvalid([1, 0], [1, 0])).toBe(1);
  });

  it('does not modify its arguments', () => {
    const yPred = [-1, 1, 5];
    f1ScoreWithInvalid([1, 1, 0], yPred);
    expect(yPred).toEqual([-1, 1, 5]);
  });

  it('requires 0/1 targets and integer predictions', () => {
    expect(() => f1ScoreWithInvalid([1, -1], [1, 0])).toThrow(ConfigError);
    expect(() => f1ScoreWithInvalid([1, -1], [1, 0])).toThrow('f1ScoreWithInvalid.yTrue[1]');
    expect(() => f1ScoreWithInvalid([1, 0], [1, 0.5])).toThrow('f1ScoreWithInvalid.yPred[1]');
    expect(() => f1ScoreWithInvalid([], [])).toThrow('f1ScoreWithInvalid.yTrue.length');
  });
});
