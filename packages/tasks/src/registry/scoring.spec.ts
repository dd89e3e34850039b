import { ConfigError } from '@hyperprompt/core';
import type { Example } from '../example';
import { pearson, spearman, t5MeanMulticlassF1 } from '../metrics';
import { benchmarkAverage, createDefaultRegistry, mergeSplitMetrics } from './index';

const registry = createDefaultRegistry();
const ex = (target: string, label?: number, extra: Partial<Example> = {}): Example => ({
  input: 'x',
  target,
  label,
  ...extra,
});

describe('score(): predicted strings with T5 post-processing (invalid predictions count as wrong)', () => {
  it('MRPC: F1 with invalid predictions flipped to wrong, and accuracy', () => {
    const examples = [
      ex('equivalent', 1),
      ex('not_equivalent', 0),
      ex('equivalent', 1),
      ex('not_equivalent', 0),
    ];
    // ids [1, 1, -1, 0]: the invalid prediction on a positive becomes a false negative.
    expect(
      registry.get('glue/mrpc').score(['equivalent', 'equivalent', 'Equivalent', 'not_equivalent'], examples),
    ).toEqual({
      f1: 0.5,
      accuracy: 0.5,
    });
  });

  it('CoLA: Matthews correlation; CB: mean 3-class F1 and accuracy', () => {
    const cola = [ex('acceptable', 1), ex('acceptable', 1), ex('unacceptable', 0), ex('unacceptable', 0)];
    const mcc = registry
      .get('glue/cola')
      .score(['acceptable', 'unacceptable', 'unacceptable', '???'], cola).matthews_corrcoef;
    // sklearn matthews_corrcoef([1,1,0,0], [1,0,0,-1]): the invalid prediction is an extra class -1
    expect(mcc).toBeCloseTo(2 / Math.sqrt(80), 15);
    const words = ['entailment', 'contradiction', 'neutral'];
    const cb = [ex('entailment', 0), ex('contradiction', 1), ex('neutral', 2), ex('neutral', 2)];
    const predictions = ['entailment', 'neutral', 'neutral', 'maybe'];
    expect(registry.get('super_glue/cb').score(predictions, cb)).toEqual({
      mean_3class_f1: t5MeanMulticlassF1(predictions, [0, 1, 2, 2], words),
      accuracy: 0.5,
    });
  });

  it('STS-B: float() of the prediction (unparsable -> -1) against the rounded targets', () => {
    const stsb = [ex('3.8', 3.8), ex('1.0', 1.04), ex('5.0', 5)];
    const scores = registry.get('glue/stsb').score(['3.6', 'banana', '4.8'], stsb);
    expect(scores).toEqual({
      pearson_corrcoef: pearson([3.6, -1, 4.8], [3.8, 1, 5]),
      spearman_corrcoef: spearman([3.6, -1, 4.8], [3.8, 1, 5]),
    });
  });

  it('MultiRC: F1a over answers and exact match per question group', () => {
    const mk = (label: number, group: string): Example =>
      ex(label === 1 ? 'True' : 'False', label, { group });
    const examples = [mk(1, '0-0'), mk(0, '0-0'), mk(1, '0-1'), mk(0, '1-0')];
    // question 0-0 all right, 0-1 wrong (invalid), 1-0 right -> EM 2/3; F1a: TP 1, FN 1 -> 2/3
    const scores = registry.get('super_glue/multirc').score(['True', 'False', 'yes', 'False'], examples);
    expect(scores.exact_match).toBeCloseTo(2 / 3, 15);
    expect(scores.f1a).toBeCloseTo(2 / 3, 15);
  });

  it('ReCoRD: max over answers, one score per query (duplicates ignored)', () => {
    const answers = ['Tracy Morgan', 'Morgan'];
    const examples = [
      ex('Morgan', undefined, { answers, group: '0-0' }),
      ex('Tracy Morgan', undefined, { answers, group: '0-0' }),
      ex('BBC', undefined, { answers: ['BBC'], group: '0-1' }),
    ];
    expect(registry.get('super_glue/record').score(['the Morgan', 'whatever', 'CNN'], examples)).toEqual({
      em: 0.5,
      f1: 0.5,
    });
  });

  it('WSC: accuracy of "the prediction names the candidate" against the label', () => {
    const examples = [ex('Pete', 1), ex('Mark', 0), ex('the dog', 1)];
    expect(registry.get('super_glue/wsc').score(['pete', 'Pete', 'a cat'], examples)).toEqual({
      accuracy: 2 / 3,
    });
  });

  it('refuses unlabelled examples and mismatched lengths', () => {
    const rte = registry.get('glue/rte');
    expect(() => rte.score(['entailment'], [ex('<unk>')])).toThrow(
      /glue\/rte\.score\.examples\[0\]\.label: got undefined, expected a labelled example/,
    );
    expect(() => rte.score(['entailment', 'entailment'], [ex('entailment', 0)])).toThrow(ConfigError);
    expect(() => rte.score([], [])).toThrow(ConfigError);
    expect(() =>
      registry.get('super_glue/record').score(['x'], [ex('<unk>', undefined, { group: 'g' })]),
    ).toThrow(/gold answers/);
  });
});

describe('benchmark averages (T5 paper: multi-metric tasks averaged first)', () => {
  it('averages metrics per task, then tasks', () => {
    const result = benchmarkAverage(registry, 'glue', {
      'glue/mrpc': { f1: 0.9, accuracy: 0.86 },
      'glue/stsb': { pearson_corrcoef: 0.9, spearman_corrcoef: 0.8 },
      'glue/mnli': mergeSplitMetrics({
        validation_matched: { accuracy: 0.86 },
        validation_mismatched: { accuracy: 0.84 },
      }),
    });
    expect(result.taskScores['glue/mrpc']).toBeCloseTo(0.88, 15);
    expect(result.taskScores['glue/stsb']).toBeCloseTo(0.85, 15);
    expect(result.taskScores['glue/mnli']).toBeCloseTo(0.85, 15);
    expect(result.average).toBeCloseTo((0.88 + 0.85 + 0.85) / 3, 15);
    expect(mergeSplitMetrics({ validation: { accuracy: 1 } })).toEqual({ accuracy: 1 });
  });

  it('SuperGLUE likewise; tasks of another benchmark are refused', () => {
    const result = benchmarkAverage(registry, 'super_glue', {
      'super_glue/cb': { mean_3class_f1: 0.8, accuracy: 0.9 },
      'super_glue/record': { em: 0.7, f1: 0.8 },
      'super_glue/wsc': { accuracy: 0.6 },
    });
    expect(result.average).toBeCloseTo((0.85 + 0.75 + 0.6) / 3, 15);
    expect(() => benchmarkAverage(registry, 'glue', { 'super_glue/cb': { accuracy: 1 } })).toThrow(
      /expected a task of benchmark "glue"/,
    );
    expect(() => benchmarkAverage(registry, 'glue', {})).toThrow(ConfigError);
  });
});
