/**
 * The evaluator on a tiny T5 and the synthetic suite: rank classification for label tasks,
 * greedy decoding for regression, metrics on the 0-100 scale, the average, no leaks; and
 * best-checkpoint tracking (T5 convention).
 */
import { ConfigError } from '@hyperprompt/core';
import { expectNoTensorLeak } from '@hyperprompt/core/testing';
import { createDefaultRegistry } from '@hyperprompt/tasks';
import type { EvalRecord } from '../result';
import { bestOf, updateBest } from './evaluator';
import { evalTaskFromDefinition } from './eval-task';
import { Evaluator } from './evaluator';
import { useWasm, evalTasks, promptModule, tinyModel, tokenizer } from './__fixtures__/setup';

describe('Evaluator', () => {
  beforeAll(async () => {
    await useWasm();
  });

  it('scores every task: label words by rank classification, regression by decoding', async () => {
    const model = tinyModel();
    const pt = promptModule(model);
    const tasks = evalTasks();
    const evaluator = new Evaluator(tokenizer(), tasks, { batchSize: 5 });
    const sentiment = evaluator.predict(model, [pt], 0);
    expect(sentiment.predictions).toHaveLength(6);
    for (const p of sentiment.predictions) expect(['negative', 'positive']).toContain(p);
    const similarity = evaluator.predict(model, [pt], 1);
    expect(similarity.predictions).toHaveLength(6);
    for (const p of similarity.predictions) expect(typeof p).toBe('string');

    const record = await expectNoTensorLeak(() => evaluator.evaluate(model, [pt], 7), 'evaluation');
    expect(record.step).toBe(7);
    expect(Object.keys(record.metrics)).toEqual(['syn-sentiment', 'syn-similarity', 'syn-paraphrase']);
    expect(Object.keys(record.metrics['syn-paraphrase'])).toEqual(['f1', 'accuracy']);
    expect(Object.keys(record.metrics['syn-similarity'])).toEqual(['pearson', 'spearman']);
    const acc = record.metrics['syn-sentiment'].accuracy;
    expect(acc).toBeGreaterThanOrEqual(0);
    expect(acc).toBeLessThanOrEqual(100);
    expect((acc * 6) / 100).toBeCloseTo(Math.round((acc * 6) / 100), 6); // k/6 on the 0-100 scale
    const para = record.metrics['syn-paraphrase'];
    expect(record.scores['syn-paraphrase']).toBeCloseTo((para.f1 + para.accuracy) / 2, 10);
    const scores = Object.values(record.scores);
    expect(record.average).toBeCloseTo(scores.reduce((a, b) => a + b, 0) / 3, 10);
    for (const v of [...scores, record.average]) expect(Number.isFinite(v)).toBe(true);
    pt.dispose();
    model.dispose();
  });

  it('scores from predictions exactly as the task defines (0-1 -> 0-100), with maxExamples', () => {
    const model = tinyModel();
    const tasks = evalTasks();
    const evaluator = new Evaluator(tokenizer(), tasks, { maxExamples: 4 });
    const { examples, predictions } = evaluator.predict(model, [], 0);
    expect(examples).toHaveLength(4);
    const expected = (100 * predictions.filter((p, i) => p === examples[i].target).length) / 4;
    expect(evaluator.evaluate(model, [], 0).metrics['syn-sentiment'].accuracy).toBeCloseTo(expected, 10);
    model.dispose();
  });

  it('builds evaluation tasks from registry definitions', () => {
    const rte = createDefaultRegistry().get('glue/rte');
    const task = evalTaskFromDefinition(rte, [
      { input: 'rte sentence1: a sentence2: b', target: 'entailment', label: 0 },
    ]);
    expect(task.labelWords).toEqual(['entailment', 'not_entailment']);
    expect(task.maxNewTokens).toBe(rte.maxTargetLength + 1);
    expect(task.score(['entailment'], task.splits.validation)).toEqual({ accuracy: 1 });
    expect(() => evalTaskFromDefinition(rte, [])).toThrow(ConfigError);
    expect(() => evalTaskFromDefinition(rte, {})).toThrow(/splits/);
  });

  it('evaluates every split of a task and merges their metrics (MNLI matched / mismatched)', () => {
    const model = tinyModel();
    const sentiment = evalTasks()[0];
    const examples = sentiment.splits.validation;
    const twoSplits = {
      ...sentiment,
      splits: { matched: examples.slice(0, 3), mismatched: examples.slice(3, 5) },
    };
    const evaluator = new Evaluator(tokenizer(), [twoSplits]);
    expect(evaluator.predict(model, [], 0, 'mismatched').examples).toHaveLength(2);
    expect(() => evaluator.predict(model, [], 0, 'test')).toThrow(/split/);
    const record = evaluator.evaluate(model, [], 3);
    const metrics = record.metrics['syn-sentiment'];
    expect(Object.keys(metrics)).toEqual(['matched/accuracy', 'mismatched/accuracy']);
    expect(record.scores['syn-sentiment']).toBeCloseTo(
      (metrics['matched/accuracy'] + metrics['mismatched/accuracy']) / 2,
      10,
    );
    model.dispose();
  });

  it('rejects bad settings', () => {
    const tasks = evalTasks();
    expect(() => new Evaluator(tokenizer(), [])).toThrow(/evaluator.tasks/);
    expect(() => new Evaluator(tokenizer(), [tasks[0], tasks[0]])).toThrow(/unique/);
    expect(() => new Evaluator(tokenizer(), tasks, { batchSize: 0 })).toThrow(/batchSize/);
    expect(() => new Evaluator(tokenizer(), tasks, { reduce: 'max' as never })).toThrow(/reduce/);
  });
});

describe('best evaluations', () => {
  const rec = (step: number, a: number, b: number): EvalRecord => ({
    step,
    metrics: { a: { accuracy: a }, b: { accuracy: b } },
    scores: { a, b },
    average: (a + b) / 2,
  });

  it('keeps each task best separately and the best average; ties keep the earlier step', () => {
    const best = bestOf([rec(100, 50, 80), rec(200, 70, 60), rec(300, 70, 75)]);
    expect(best.perTask).toEqual({ a: { step: 200, score: 70 }, b: { step: 100, score: 80 } });
    expect(best.perTaskAverage).toBe(75);
    expect(best.average).toEqual({ step: 300, score: 72.5 });
    expect(updateBest(undefined, rec(1, 10, 20)).average).toEqual({ step: 1, score: 15 });
    expect(() => bestOf([])).toThrow(ConfigError);
  });
});
