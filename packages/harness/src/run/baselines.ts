/**
 * Majority-class baselines of a run's tasks, for `RunResult.baselines`: per task, the most
 * frequent label of the training examples, predicted for every evaluation example and scored
 * exactly as the evaluator scores a model's predictions (the task's own scorer on each
 * evaluation split, `mergeSplitMetrics`, undefined metrics as 0, the task score on the
 * 0-100 scale), so the report's `Majority class` row is comparable with the method rows.
 *
 * @packageDocumentation
 */
import { mergeSplitMetrics, type Example } from '@hyperprompt/tasks';
import type { MajorityBaseline, TaskBaselines } from '../result';
import type { EvalTask } from '../train/eval-task';

/** Options of {@link majorityBaseline} and {@link majorityBaselines}. */
export interface MajorityBaselineOptions {
  /**
   * Score at most this many examples per evaluation split (the first ones), as the
   * evaluator's `maxExamples` (the experiment's `evalLimit`); 0 for all.
   * @defaultValue `0`
   */
  readonly maxExamples?: number;
}

/** T5's marker of an unlabelled example's target. */
const UNLABELLED = '<unk>';

/**
 * The most frequent training label of a task, as the text a model would predict. For a task
 * with label words and class-index labels, the most frequent class (ties: the lowest class
 * index, as the synthetic suite's trivial baselines); otherwise the most frequent target
 * text (ties: the first seen). Unlabelled examples (no `label` and an `<unk>` target) are
 * skipped.
 *
 * @param task - the evaluation task (its label words).
 * @param train - the task's training examples.
 * @returns the label text, or `undefined` when no training example is labelled.
 */
export function majorityLabel(task: EvalTask, train: readonly Example[]): string | undefined {
  const words = task.labelWords;
  const indexed = train.filter((e) => Number.isInteger(e.label) && (e.label as number) >= 0);
  if (words.length > 0 && indexed.length > 0 && indexed.every((e) => (e.label as number) < words.length)) {
    const counts = words.map(() => 0);
    for (const e of indexed) counts[e.label as number]++;
    return words[counts.indexOf(Math.max(...counts))];
  }
  const counts = new Map<string, number>();
  for (const e of train) {
    if (e.label === undefined && e.target === UNLABELLED) continue;
    counts.set(e.target, (counts.get(e.target) ?? 0) + 1);
  }
  let best: string | undefined;
  let bestCount = 0;
  for (const [target, count] of counts) {
    if (count > bestCount) [best, bestCount] = [target, count];
  }
  return best;
}

/**
 * The majority-class baseline of one task: its {@link majorityLabel} predicted for every
 * evaluation example of every split, scored with the task's scorer as the evaluator does
 * (metrics and score 0-100; an undefined metric, e.g. the correlation of a constant, is 0).
 *
 * @param task - the evaluation task, with its evaluation splits and scorer.
 * @param train - the task's training examples.
 * @param options - the evaluator's example limit.
 * @returns the baseline, or `undefined` when no training example is labelled.
 */
export function majorityBaseline(
  task: EvalTask,
  train: readonly Example[],
  options: MajorityBaselineOptions = {},
): MajorityBaseline | undefined {
  const label = majorityLabel(task, train);
  if (label === undefined) return undefined;
  const limit = options.maxExamples ?? 0;
  const bySplit = Object.fromEntries(
    Object.entries(task.splits).map(([split, all]) => {
      const examples = limit > 0 ? all.slice(0, limit) : all;
      return [
        split,
        task.score(
          examples.map(() => label),
          examples,
        ),
      ];
    }),
  );
  const raw = mergeSplitMetrics(bySplit);
  const clean = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Number.isFinite(v) ? v : 0]));
  const metrics = Object.fromEntries(Object.entries(clean).map(([k, v]) => [k, 100 * v]));
  const score = task.taskScore(clean);
  return { label, score: Number.isFinite(score) ? 100 * score : 0, metrics };
}

/**
 * The baselines of every task of a run, for `RunResult.baselines`.
 *
 * @example
 * ```ts
 * // in the runner, with the raw training examples of each task (task-id order):
 * const baselines = majorityBaselines(data.eval, trainExamples, { maxExamples: config.evalLimit ?? 0 });
 * const result: RunResult = { ...rest, baselines };
 * ```
 *
 * @param tasks - the evaluation tasks, in task-id order (what the evaluator gets).
 * @param train - per task, in the same order: its training examples.
 * @param options - the evaluator's example limit.
 * @returns task name → `{ majority }`; tasks without labelled training examples are omitted.
 * @throws RangeError when `train` does not have one list per task.
 */
export function majorityBaselines(
  tasks: readonly EvalTask[],
  train: readonly (readonly Example[])[],
  options: MajorityBaselineOptions = {},
): Record<string, TaskBaselines> {
  if (train.length !== tasks.length) {
    throw new RangeError(`majorityBaselines: ${tasks.length} tasks but ${train.length} training lists`);
  }
  const out: Record<string, TaskBaselines> = {};
  tasks.forEach((task, i) => {
    const majority = majorityBaseline(task, train[i], options);
    if (majority !== undefined) out[task.name] = { majority };
  });
  return out;
}
