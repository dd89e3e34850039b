/**
 * Benchmark averages in the T5 paper's convention: each task's metrics are averaged first
 * (MRPC (F1 + acc) / 2, STS-B (Pearson + Spearman) / 2, CB (F1 + acc) / 2, MultiRC
 * (F1a + EM) / 2, ReCoRD (EM + F1) / 2, MNLI (matched + mismatched) / 2), then the task scores
 * are averaged without weights.
 *
 * A task evaluated on several splits (MNLI) contributes one metric per split and metric,
 * merged with {@link mergeSplitMetrics}; its task score is their mean. How HyperPrompt combines
 * MNLI-m/mm is not known (the paper's accessible text does not say); this is the "multi-metric
 * tasks averaged first" reading.
 *
 * @packageDocumentation
 */
import { ConfigError } from '@hyperprompt/core';
import { benchmarkScore } from '../metrics';
import type { TaskRegistry } from './registry';
import type { TaskMetrics } from './types';

/** A benchmark's average and the task scores it averages. */
export interface BenchmarkAverage {
  /** Each task's score (the mean of its metrics), by task name. */
  readonly taskScores: Readonly<Record<string, number>>;
  /** Unweighted mean of the task scores. */
  readonly average: number;
}

/**
 * Merges the metrics of several evaluation splits of one task into one record with keys
 * `<split>/<metric>` (a single split keeps plain metric names).
 *
 * @example
 * ```ts
 * mergeSplitMetrics({ validation_matched: { accuracy: 0.86 }, validation_mismatched: { accuracy: 0.84 } });
 * // { 'validation_matched/accuracy': 0.86, 'validation_mismatched/accuracy': 0.84 }
 * ```
 *
 * @param bySplit - metrics by split name.
 * @returns the merged metrics.
 * @throws ConfigError if `bySplit` is empty.
 */
export function mergeSplitMetrics(bySplit: Readonly<Record<string, TaskMetrics>>): TaskMetrics {
  const splits = Object.entries(bySplit);
  if (splits.length === 0)
    throw new ConfigError('mergeSplitMetrics.bySplit', bySplit, 'metrics of at least one split');
  if (splits.length === 1) return { ...splits[0][1] };
  const out: Record<string, number> = {};
  for (const [split, metrics] of splits) {
    for (const [name, value] of Object.entries(metrics)) out[`${split}/${name}`] = value;
  }
  return out;
}

/**
 * A benchmark's average over the given tasks' metrics.
 *
 * @example
 * ```ts
 * benchmarkAverage(registry, 'glue', {
 *   'glue/mrpc': { f1: 0.9, accuracy: 0.86 },
 *   'glue/mnli': mergeSplitMetrics({ validation_matched: { accuracy: 0.86 }, validation_mismatched: { accuracy: 0.84 } }),
 * });
 * // { taskScores: { 'glue/mrpc': 0.88, 'glue/mnli': 0.85 }, average: 0.865 }
 * ```
 *
 * @param registry - where the tasks are registered (for their score rules).
 * @param benchmark - e.g. `glue`; every entry must belong to it.
 * @param results - metrics by task name (use {@link TaskRegistry.averageTasks} for the default set).
 * @returns the task scores and their mean; NaN propagates (e.g. a constant STS-B prediction).
 * @throws ConfigError for an unknown task, a task of another benchmark, or no results.
 */
export function benchmarkAverage(
  registry: TaskRegistry,
  benchmark: string,
  results: Readonly<Record<string, TaskMetrics>>,
): BenchmarkAverage {
  const taskScores: Record<string, number> = {};
  for (const [name, metrics] of Object.entries(results)) {
    const task = registry.get(name);
    if (task.benchmark !== benchmark) {
      throw new ConfigError(
        `benchmarkAverage.results.${name}`,
        task.benchmark,
        `a task of benchmark "${benchmark}"`,
      );
    }
    taskScores[name] = task.taskScore(metrics);
  }
  return { taskScores, average: benchmarkScore(taskScores) };
}
