/**
 * Benchmark averages in the T5 paper's convention: a task's score is the mean of its
 * metrics (e.g. MRPC (F1 + accuracy) / 2, STS-B (Pearson + Spearman) / 2, MultiRC
 * (F1a + EM) / 2, CB (F1 + accuracy) / 2), and a benchmark's score is the unweighted mean of
 * its task scores. Works on either scale (0-1 or ×100), as long as it is the same throughout.
 *
 * How MNLI matched/mismatched enter HyperPrompt's GLUE average is not known (the paper's
 * accessible text does not say); pass whichever task entries the experiment defines.
 *
 * @packageDocumentation
 */
import { ConfigError } from '@hyperprompt/core';
import { mean } from './internal';

function meanOfRecord(field: string, values: Readonly<Record<string, number>>): number {
  const record: unknown = values;
  const entries = typeof record === 'object' && record !== null ? Object.entries(record) : [];
  if (entries.length === 0) throw new ConfigError(field, values, 'a non-empty record of scores');
  const numbers: number[] = [];
  for (const [name, value] of entries) {
    if (typeof value !== 'number') throw new ConfigError(`${field}.${name}`, value, 'a number');
    numbers.push(value);
  }
  return mean(numbers);
}

/**
 * A task's score: the mean of its metric values.
 *
 * NaN propagates (e.g. STS-B's correlations for a constant prediction): the caller decides
 * whether a NaN score means "skip" or "0".
 *
 * @param metrics - the task's metric values by name, e.g. `{ f1: 0.9, accuracy: 0.86 }`.
 * @returns their mean.
 * @throws ConfigError if `metrics` is empty or a value is not a number.
 */
export function taskScore(metrics: Readonly<Record<string, number>>): number {
  return meanOfRecord('taskScore.metrics', metrics);
}

/**
 * A benchmark's score: the unweighted mean of task scores (each task counts once, whatever
 * its number of metrics or examples). NaN propagates.
 *
 * @param taskScores - task scores by task name, each from {@link taskScore}.
 * @returns their mean.
 * @throws ConfigError if `taskScores` is empty or a value is not a number.
 */
export function benchmarkScore(taskScores: Readonly<Record<string, number>>): number {
  return meanOfRecord('benchmarkScore.taskScores', taskScores);
}
