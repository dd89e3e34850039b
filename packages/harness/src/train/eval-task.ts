/**
 * What the evaluator needs of a task, built from either kind of task the tasks package
 * provides: a registry `TaskDefinition` (GLUE, SuperGLUE, user tasks; scored with T5's
 * post-processing) or a generated `SyntheticTask` (the embedded suite; its metric names
 * `accuracy`, `f1`, `mcc`, `pearson`, `spearman` are computed with the same T5 metrics).
 *
 * @packageDocumentation
 */
import { ConfigError } from '@hyperprompt/core';
import {
  SYNTHETIC_TASK_DEFINITIONS,
  type Example,
  type SyntheticTask,
  type TaskDefinition,
  type TaskKind,
  type TaskMetrics,
} from '@hyperprompt/tasks';

/** A task ready for evaluation; its position in the evaluator's list is its task id. */
export interface EvalTask {
  /** Task name (the key in `EvalRecord.metrics`). */
  readonly name: string;
  /** Classification tasks are scored by rank classification, the others by greedy decoding. */
  readonly kind: TaskKind;
  /** Label words (rank-classification candidates); empty unless classification. */
  readonly labelWords: readonly string[];
  /** Most tokens greedy decoding may generate, EOS included. */
  readonly maxNewTokens: number;
  /**
   * Labelled evaluation examples by split, e.g. `{ validation: [...] }`; MNLI has
   * `validation_matched` and `validation_mismatched`, whose metrics are merged as
   * `<split>/<metric>` (`mergeSplitMetrics`) and averaged into one task score.
   */
  readonly splits: Readonly<Record<string, readonly Example[]>>;
  /** Metrics of predicted strings on the 0-1 scale (correlations in [-1, 1]). */
  score(predictions: readonly string[], examples: readonly Example[]): TaskMetrics;
  /** The task's single score from its metrics (mean of the metrics for every built-in task). */
  taskScore(metrics: TaskMetrics): number;
}

/** The registered definition of a synthetic task (its scorer is the suite's metric names on T5's metrics). */
function syntheticDefinition(name: string): TaskDefinition {
  const found = SYNTHETIC_TASK_DEFINITIONS.find((t) => t.name === name);
  if (found === undefined)
    throw new ConfigError(
      'task',
      name,
      SYNTHETIC_TASK_DEFINITIONS.map((t) => t.name),
    );
  return found;
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function checkSplits(name: string, splits: Readonly<Record<string, readonly Example[]>>): void {
  const entries = Object.entries(splits);
  if (entries.length === 0) throw new ConfigError(`${name}.splits`, splits, 'at least one split');
  for (const [split, examples] of entries) {
    if (examples.length === 0)
      throw new ConfigError(`${name}.splits.${split}`, [], 'at least one labelled example');
  }
}

/**
 * An evaluation task from a registry task and the examples of its evaluation splits (an
 * array means one split, `validation`). Decoding may generate `maxTargetLength + 1` tokens
 * (a tokenizer never needs more tokens than characters, plus EOS).
 *
 * @example
 * ```ts
 * const mnli = evalTaskFromDefinition(registry.get('glue/mnli'), { validation_matched: m, validation_mismatched: mm });
 * ```
 */
export function evalTaskFromDefinition(
  task: TaskDefinition,
  examples: readonly Example[] | Readonly<Record<string, readonly Example[]>>,
): EvalTask {
  const splits = Array.isArray(examples)
    ? { validation: examples as readonly Example[] }
    : (examples as Readonly<Record<string, readonly Example[]>>);
  checkSplits(task.name, splits);
  return {
    name: task.name,
    kind: task.kind,
    labelWords: task.labelWords ?? [],
    maxNewTokens: task.maxTargetLength + 1,
    splits,
    score: (predictions, exs) => task.score(predictions, exs),
    taskScore: (metrics) => task.taskScore(metrics),
  };
}

/**
 * An evaluation task from a generated synthetic task (its `maxTargetLength` already counts
 * tokens of the suite's word-level tokenizer, EOS included).
 *
 * @param task - the generated task.
 * @param split - which split to evaluate on. @defaultValue `'validation'`
 */
export function evalTaskFromSynthetic(
  task: SyntheticTask,
  split: 'validation' | 'test' = 'validation',
): EvalTask {
  const splits = { [split]: task.splits[split] };
  checkSplits(task.name, splits);
  return {
    name: task.name,
    kind: task.kind,
    labelWords: task.kind === 'classification' ? task.labelWords : [],
    maxNewTokens: task.maxTargetLength,
    splits,
    score: (predictions, exs) => syntheticDefinition(task.name).score(predictions, exs),
    taskScore: (metrics) => mean(Object.values(metrics)),
  };
}
