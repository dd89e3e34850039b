/**
 * Scoring predicted strings with the metrics module and T5's post-processing: a prediction
 * that is not a label word becomes class -1 and counts as wrong (`f1_score_with_invalid` for
 * F1), an STS-B prediction that is not a number becomes -1. Metric names are T5's
 * (`t5/evaluation/metrics.py`); values are on the 0-1 scale.
 *
 * @packageDocumentation
 */
import { ConfigError } from '@hyperprompt/core';
import type { Example } from '../example';
import { wscPredictsReferent } from '../formats';
import {
  accuracy,
  recordMetrics,
  t5Accuracy,
  t5F1WithInvalid,
  t5MatthewsCorrelation,
  t5MeanMulticlassF1,
  t5MultircScores,
  t5StsbScores,
} from '../metrics';
import type { TaskKind, TaskMetrics } from './types';

/** What the standard scorers need to know about a task. */
export interface ScoredTask {
  /** Task name, for error messages. */
  readonly name: string;
  /** What the task predicts. */
  readonly kind: TaskKind;
  /** Label words of a classification task. */
  readonly labelWords: readonly string[] | undefined;
  /** Metric names to compute. */
  readonly metrics: readonly string[];
}

const MEAN_F1 = /^mean_(\d+)class_f1$/;

/**
 * Why a metric name cannot be computed by {@link scoreWithMetrics} for a task, or `undefined`
 * when it can.
 *
 * @param name - the metric name.
 * @param kind - the task kind.
 * @param labelWords - the task's label words.
 * @returns a reason, or `undefined`.
 */
export function standardMetricProblem(
  name: string,
  kind: TaskKind,
  labelWords: readonly string[] | undefined,
): string | undefined {
  if (name === 'pearson_corrcoef' || name === 'spearman_corrcoef') {
    return kind === 'regression' ? undefined : 'correlations need a regression task';
  }
  if (kind !== 'classification' || labelWords === undefined) {
    return 'standard metrics other than correlations need a classification task with label words';
  }
  if (name === 'accuracy' || name === 'matthews_corrcoef') return undefined;
  if (name === 'f1')
    return labelWords.length === 2 ? undefined : 'f1 is binary: it needs exactly 2 label words';
  const mean = MEAN_F1.exec(name);
  if (mean !== null) {
    return Number(mean[1]) === labelWords.length ? undefined : `${name} needs ${mean[1]} label words`;
  }
  return 'unknown metric: give the task a custom score function';
}

/**
 * Checks the arguments of a scorer.
 *
 * @param task - the task name.
 * @param predictions - decoded strings.
 * @param examples - the examples they were predicted for.
 * @throws ConfigError if the arrays are empty, differ in length, or hold non-strings.
 */
export function checkScoringInput(
  task: string,
  predictions: readonly string[],
  examples: readonly Example[],
): void {
  if (!Array.isArray(predictions) || predictions.length === 0) {
    throw new ConfigError(`${task}.score.predictions`, predictions, 'a non-empty array of strings');
  }
  if (!Array.isArray(examples) || examples.length !== predictions.length) {
    throw new ConfigError(
      `${task}.score.examples.length`,
      examples.length,
      `${predictions.length} (one per prediction)`,
    );
  }
  predictions.forEach((p, i) => {
    if (typeof p !== 'string') throw new ConfigError(`${task}.score.predictions[${i}]`, p, 'a string');
  });
}

/**
 * The gold labels of the examples.
 *
 * @param task - the task name.
 * @param examples - labelled examples.
 * @returns one label per example.
 * @throws ConfigError naming the first unlabelled example (test splits cannot be scored).
 */
export function goldLabels(task: string, examples: readonly Example[]): number[] {
  return examples.map((e, i) => {
    if (e.label === undefined) {
      throw new ConfigError(
        `${task}.score.examples[${i}].label`,
        undefined,
        'a labelled example (test splits cannot be scored)',
      );
    }
    return e.label;
  });
}

/**
 * Computes standard metrics by name from predicted strings (see {@link standardMetricProblem}
 * for the names): classification metrics on T5 class ids of the predictions against the gold
 * labels, correlations on `float()` of the predictions against the target strings (T5 scores
 * STS-B against its rounded targets).
 *
 * @param task - the task's name, kind, label words and metric names.
 * @param predictions - decoded strings, one per example.
 * @param examples - the examples.
 * @returns the metrics by name.
 * @throws ConfigError on bad input or a metric that is not standard for the task.
 */
export function scoreWithMetrics(
  task: ScoredTask,
  predictions: readonly string[],
  examples: readonly Example[],
): TaskMetrics {
  checkScoringInput(task.name, predictions, examples);
  const out: Record<string, number> = {};
  const words = task.labelWords ?? [];
  for (const name of task.metrics) {
    const problem = standardMetricProblem(name, task.kind, task.labelWords);
    if (problem !== undefined) throw new ConfigError(`${task.name}.metrics`, name, problem);
    if (name === 'pearson_corrcoef' || name === 'spearman_corrcoef') {
      goldLabels(task.name, examples);
      const scores = t5StsbScores(
        predictions,
        examples.map((e) => e.target),
      );
      out[name] = name === 'pearson_corrcoef' ? scores.pearson : scores.spearman;
      continue;
    }
    const labels = goldLabels(task.name, examples);
    if (name === 'accuracy') out[name] = t5Accuracy(predictions, labels, words);
    else if (name === 'f1') out[name] = t5F1WithInvalid(predictions, labels, words);
    else if (name === 'matthews_corrcoef') out[name] = t5MatthewsCorrelation(predictions, labels, words);
    else out[name] = t5MeanMulticlassF1(predictions, labels, words);
  }
  return out;
}

/**
 * MultiRC's scorer: `f1a` (F1 over all answers, invalid predictions wrong) and `exact_match`
 * (all answers of a question right, averaged over questions; groups from `Example.group`).
 *
 * @param predictions - decoded strings, one per (question, answer) example.
 * @param examples - MultiRC examples with `group` and `label`.
 * @returns `{ f1a, exact_match }`.
 */
export function scoreMultirc(predictions: readonly string[], examples: readonly Example[]): TaskMetrics {
  checkScoringInput('super_glue/multirc', predictions, examples);
  const labels = goldLabels('super_glue/multirc', examples);
  const groups = examples.map((e, i) => e.group ?? `example-${i}`);
  const { f1a, exactMatch } = t5MultircScores(predictions, labels, groups);
  return { f1a, exact_match: exactMatch };
}

/**
 * ReCoRD's scorer: SQuAD exact match `em` and token `f1`, max over the gold answers, one
 * score per query (duplicate examples of a query are ignored, as T5 does).
 *
 * @param predictions - decoded strings.
 * @param examples - ReCoRD examples with `answers` and `group`.
 * @returns `{ em, f1 }`.
 */
export function scoreRecord(predictions: readonly string[], examples: readonly Example[]): TaskMetrics {
  checkScoringInput('super_glue/record', predictions, examples);
  const answers = examples.map((e, i) => {
    if (e.answers === undefined || e.answers.length === 0) {
      throw new ConfigError(
        `super_glue/record.score.examples[${i}].answers`,
        e.answers,
        'gold answers (test splits cannot be scored)',
      );
    }
    return e.answers;
  });
  const { exactMatch, f1 } = recordMetrics(
    predictions,
    answers,
    examples.map((e, i) => e.group ?? `example-${i}`),
  );
  return { em: exactMatch, f1 };
}

/**
 * WSC's scorer (`wsc_simple`): accuracy of "the prediction names the candidate referent"
 * against the label "the candidate is the referent".
 *
 * @param predictions - decoded strings.
 * @param examples - WSC examples (target = candidate, label = 0/1).
 * @returns `{ accuracy }`.
 */
export function scoreWsc(predictions: readonly string[], examples: readonly Example[]): TaskMetrics {
  checkScoringInput('super_glue/wsc', predictions, examples);
  const labels = goldLabels('super_glue/wsc', examples);
  const predicted = predictions.map((p, i) => wscPredictsReferent(p, examples[i].target));
  return { accuracy: accuracy(labels, predicted) };
}
