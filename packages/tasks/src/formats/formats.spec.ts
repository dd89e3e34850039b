import { DataError, ConfigError } from '@hyperprompt/core';
import {
  alphabeticalKeys,
  compareCodePoints,
  formatRecord,
  formatWscSimple,
  joinRecordHighlights,
  regressionTarget,
  removeMultircMarkup,
  roundHalfEven,
  sortedDistinct,
  STSB_RULE,
  t5ClassificationFormatter,
  t5RegressionFormatter,
  wscPredictsReferent,
  wscSimpleInput,
  type FormatContext,
} from './index';

const ctx = (training = false): FormatContext => ({
  split: training ? 'train' : 'validation',
  training,
  file: 'f.jsonl',
  line: 3,
  ordinal: 5,
});

describe("T5's generic GLUE format", () => {
  it('sorts feature keys unless the order is fixed, joins with single spaces, keeps empty values', () => {
    expect(alphabeticalKeys(['premise', 'hypothesis'])).toEqual(['hypothesis', 'premise']);
    expect(alphabeticalKeys(['premise', 'choice1', 'choice2', 'question'])).toEqual([
      'choice1',
      'choice2',
      'premise',
      'question',
    ]);
    const mnli = t5ClassificationFormatter({
      prefix: 'mnli',
      labelWords: ['entailment', 'neutral', 'contradiction'],
      features: ['premise', 'hypothesis'],
    });
    expect(mnli({ premise: 'P.', hypothesis: '', label: 2, idx: 9 }, ctx())).toEqual([
      { input: 'mnli hypothesis:  premise: P.', target: 'contradiction', label: 2, idx: 9 },
    ]);
    const wic = t5ClassificationFormatter({
      prefix: 'wic',
      labelWords: ['False', 'True'],
      features: ['sentence1', 'sentence2', 'word'],
      order: 'fixed',
    });
    expect(wic({ word: 'w', sentence1: 'a', sentence2: 'b', label: -1 }, ctx())).toEqual([
      { input: 'wic sentence1: a sentence2: b word: w', target: '<unk>', idx: 5 },
    ]);
  });

  it('validates the record: missing fields, bad labels, unlabelled training records', () => {
    const rte = t5ClassificationFormatter({
      prefix: 'rte',
      labelWords: ['entailment', 'not_entailment'],
      features: ['sentence1', 'sentence2'],
    });
    expect(() => rte({ sentence1: 'a', label: 0 }, ctx())).toThrow(
      new DataError('f.jsonl', 3, 'field "sentence2": expected a string, found nothing (field missing)'),
    );
    expect(() => rte({ sentence1: 'a', sentence2: 'b', label: 2 }, ctx())).toThrow(
      /expected a class index in \[0, 2\) or -1, found 2/,
    );
    expect(() => rte({ sentence1: 'a', sentence2: 'b', label: -1 }, ctx(true))).toThrow(
      /a training record must have a label/,
    );
    expect(() => t5ClassificationFormatter({ prefix: 'x', labelWords: ['a', 'a'], features: ['s'] })).toThrow(
      ConfigError,
    );
  });
});

describe('STS-B targets (T5: round(label * 5) / 5 in float32, ties to even, one decimal)', () => {
  it('rounds half to even', () => {
    expect([0.5, 1.5, 2.5, -1.5, 2.4999, 2.5001].map(roundHalfEven)).toEqual([0, 2, 2, -2, 2, 3]);
  });

  it.each([
    [0, '0.0'],
    [5, '5.0'],
    [3.8, '3.8'],
    [3.3, '3.2'], // float32(3.3) * 5 == 16.5 exactly: a tie, to even
    [2.5, '2.4'], // 12.5 -> 12
    [0.5, '0.4'], // 2.5 -> 2
    [0.7, '0.8'],
    [4.25, '4.2'],
    [1.1, '1.2'], // float32(1.1) * 5 = 5.5 (tie) -> 6
    [2.7, '2.8'],
    [3.75, '3.8'],
  ])('%p -> %p', (score, target) => {
    expect(regressionTarget(score, STSB_RULE)).toBe(target);
  });

  it('formats regression records; -1 means unlabelled', () => {
    const stsb = t5RegressionFormatter({ prefix: 'stsb', features: ['sentence1', 'sentence2'] });
    expect(stsb({ sentence1: 'a', sentence2: 'b', label: 3.8, idx: 1 }, ctx())).toEqual([
      { input: 'stsb sentence1: a sentence2: b', target: '3.8', label: 3.8, idx: 1 },
    ]);
    expect(stsb({ sentence1: 'a', sentence2: 'b', label: -1, idx: 1 }, ctx())[0].target).toBe('<unk>');
    expect(() => regressionTarget(1, { min: 0, max: 5, step: 0.3, decimals: 1 })).toThrow(ConfigError);
  });
});

describe('MultiRC, ReCoRD and WSC details', () => {
  it('MultiRC markup: <br> becomes a space, <b> tags vanish', () => {
    expect(removeMultircMarkup('<b>Sent 1: </b>A.<br><b>Sent 2: </b>B.<br>')).toBe('Sent 1: A. Sent 2: B. ');
  });

  it('ReCoRD highlights and entity order (code points, as Python sorts)', () => {
    expect(joinRecordHighlights('Crash.\n@highlight\nLimo hit\n@highlight\n"Quote"\n@highlight\nEnd')).toBe(
      'Crash. Limo hit. "Quote" End',
    );
    expect(sortedDistinct(['b', 'B', 'a', 'b', 'Ä', '😀', '\uFFFF'])).toEqual([
      'B',
      'a',
      'b',
      'Ä',
      '\uFFFF',
      '😀',
    ]);
    expect(compareCodePoints('ab', 'a')).toBeGreaterThan(0);
    expect(compareCodePoints('a', 'ab')).toBeLessThan(0);
  });

  it('ReCoRD training queries need answers', () => {
    const record = {
      passage: 'P',
      query: 'Q @placeholder',
      entities: ['E'],
      answers: [],
      idx: { passage: 0, query: 1 },
    };
    expect(() => formatRecord(record, ctx(true))).toThrow(/a training query must have answers/);
    expect(formatRecord(record, ctx(false))).toEqual([
      {
        input: 'record query: Q @placeholder entities: E passage: P',
        target: '<unk>',
        idx: 1,
        group: '0-1',
        candidates: ['E'],
      },
    ]);
  });

  it('WSC input marks every " X " after blanking the pronoun, like T5', () => {
    expect(wscSimpleInput('I saw it there .', 2, 'it', ctx())).toBe('wsc: I saw *it* there .');
    expect(() => wscSimpleInput('It rains .', 0, 'It', ctx())).toThrow(/span2_index 0 is outside/);
  });

  it('WSC span repair as TFDS wsc.fixed: case of the first letter, trailing period', () => {
    const text = 'The man saw the dog . He waved .';
    const record = {
      text,
      span1_index: 3,
      span1_text: 'The dog.',
      span2_index: 6,
      span2_text: 'He',
      label: 1,
      idx: 0,
    };
    expect(formatWscSimple(record, ctx())).toEqual([
      { input: 'wsc: The man saw the dog . *He* waved .', target: 'the dog', label: 1, idx: 0 },
    ]);
    expect(() => formatWscSimple({ ...record, span1_text: 'a cat' }, ctx())).toThrow(
      /WSC span "a cat" is not part of the text/,
    );
    expect(formatWscSimple({ ...record, label: 0 }, ctx(true))).toEqual([]);
  });

  it('wsc_simple post-processor: determiners and case ignored, subsets match, apostrophes must agree', () => {
    expect(wscPredictsReferent('The dog', 'dog')).toBe(1);
    expect(wscPredictsReferent('fuzzy bunny', 'the bunny')).toBe(1);
    expect(wscPredictsReferent("Bob's hat", 'Bob')).toBe(0);
    expect(wscPredictsReferent('the cat', 'the dog')).toBe(0);
    expect(wscPredictsReferent('  THE Dog ', 'a dog')).toBe(1);
  });
});
