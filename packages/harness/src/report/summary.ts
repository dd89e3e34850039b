/**
 * The numbers of the paper-style main table, aggregated over seeds: one row per method label,
 * the best score per task (T5 convention), the average, the extra parameters and the step time
 * relative to a reference method.
 *
 * @packageDocumentation
 */
import type { RunResult } from '../result';
import { groupByLabel } from './load';
import { meanStd, type MeanStd } from './stats';

/** Options of {@link buildSummary}. */
export interface SummaryOptions {
  /**
   * Row order: these labels first, in this order; the other labels follow, the reference
   * label first, then alphabetically (numbers by value).
   * @defaultValue `[]`
   */
  readonly order?: readonly string[];
  /**
   * Label whose mean ms/step is the unit of the relative step time; when no run has it, the
   * first row is the reference.
   * @defaultValue `'MTL'`
   */
  readonly referenceLabel?: string;
  /**
   * Which evaluation the scores come from: `best-per-task` (each task's best evaluation, the
   * T5 convention the paper follows), `best-average` (the one evaluation with the best
   * average) or `last` (the final evaluation).
   * @defaultValue `'best-per-task'`
   */
  readonly select?: ScoreSelection;
}

/** Which evaluation a summary's scores come from (see {@link SummaryOptions.select}). */
export type ScoreSelection = 'best-per-task' | 'best-average' | 'last';

/** Resolved {@link SummaryOptions}. */
export const DEFAULT_SUMMARY_OPTIONS: Required<SummaryOptions> = {
  order: [],
  referenceLabel: 'MTL',
  select: 'best-per-task',
};

/** The scores of one run under a {@link ScoreSelection}. */
export interface SelectedScores {
  /** Per task: its score. */
  readonly scores: Readonly<Record<string, number>>;
  /** Mean over tasks. */
  readonly average: number;
}

/** Per-task scores and their average of one run under a {@link ScoreSelection}. */
export function selectedScores(run: RunResult, select: ScoreSelection): SelectedScores {
  if (select === 'best-per-task') {
    const scores = Object.fromEntries(Object.entries(run.best.perTask).map(([t, b]) => [t, b.score]));
    return { scores, average: run.best.perTaskAverage };
  }
  const record =
    select === 'last'
      ? run.evals[run.evals.length - 1]
      : run.evals.find((e) => e.step === run.best.average.step);
  return record === undefined
    ? { scores: {}, average: NaN }
    : { scores: record.scores, average: record.average };
}

/** One row of the table: one method label, its seeds aggregated. */
export interface SummaryRow {
  /** Method label (`RunResult.label`). */
  readonly label: string;
  /** Seeds of its runs, in load order (a repeated seed means two configs share the label). */
  readonly seeds: readonly number[];
  /** Per task: best score over evaluations (`best.perTask`), over seeds; absent tasks omitted. */
  readonly scores: Readonly<Record<string, MeanStd>>;
  /** Mean over tasks of the per-task best scores (`best.perTaskAverage`), over seeds. */
  readonly average: MeanStd;
  /** Added parameters as % of the backbone (`parameters.addedPercent`). */
  readonly addedPercent: MeanStd;
  /** Median ms per training step (`timing.msPerStep`). */
  readonly msPerStep: MeanStd;
  /** Each run's ms/step divided by the reference label's mean ms/step. */
  readonly relativeStepTime: MeanStd;
}

/** The aggregated numbers of a results folder: what `summary.json` holds. */
export interface ReportSummary {
  /** Task columns: every task of every run, in first-seen task-id order. */
  readonly tasks: readonly string[];
  /** Label the relative step time divides by. */
  readonly referenceLabel: string;
  /** Number of runs aggregated. */
  readonly runs: number;
  /** One row per label, in table order. */
  readonly rows: readonly SummaryRow[];
}

/**
 * Orders labels: `order` first (labels absent from `labels` are dropped), then the reference
 * label, then the rest alphabetically (digit runs compared as numbers).
 *
 * @param labels - labels present.
 * @param order - preferred order.
 * @param referenceLabel - label placed first among the unlisted ones.
 */
export function orderLabels(
  labels: Iterable<string>,
  order: readonly string[] = [],
  referenceLabel = DEFAULT_SUMMARY_OPTIONS.referenceLabel,
): string[] {
  const present = new Set(labels);
  const listed = order.filter((label, i) => present.has(label) && order.indexOf(label) === i);
  const rest = [...present].filter((label) => !listed.includes(label));
  rest.sort((a, b) => {
    if (a === referenceLabel || b === referenceLabel) return a === referenceLabel ? -1 : 1;
    return a.localeCompare(b, 'en', { numeric: true });
  });
  return [...listed, ...rest];
}

/**
 * Every task of the runs, in first-seen order (each run lists its tasks in task-id order).
 *
 * @param results - runs of any labels.
 */
export function collectTasks(results: readonly RunResult[]): string[] {
  const tasks: string[] = [];
  for (const result of results) for (const task of result.tasks) if (!tasks.includes(task)) tasks.push(task);
  return tasks;
}

/**
 * Aggregates runs into the table's rows (mean and sample std over the seeds of each label).
 *
 * @param results - runs, e.g. from `loadResults`.
 * @param options - row order and reference label.
 * @throws RangeError when `results` is empty.
 */
export function buildSummary(results: readonly RunResult[], options: SummaryOptions = {}): ReportSummary {
  if (results.length === 0) throw new RangeError('buildSummary needs at least one run');
  const { order, referenceLabel: wanted, select } = { ...DEFAULT_SUMMARY_OPTIONS, ...options };
  const groups = groupByLabel(results);
  const labels = orderLabels(groups.keys(), order, wanted);
  const referenceLabel = groups.has(wanted) ? wanted : labels[0];
  const referenceRuns = groups.get(referenceLabel) ?? [];
  const referenceMs = meanStd(referenceRuns.map((r) => r.timing.msPerStep)).mean;
  const tasks = collectTasks(results);
  const rows = labels.map((label): SummaryRow => {
    const runs = groups.get(label) ?? [];
    const selected = runs.map((r) => selectedScores(r, select));
    const scores: Record<string, MeanStd> = {};
    for (const task of tasks) {
      const values = selected.flatMap((r) => (task in r.scores ? [r.scores[task]] : []));
      if (values.length > 0) scores[task] = meanStd(values);
    }
    return {
      label,
      seeds: runs.map((r) => r.seed),
      scores,
      average: meanStd(selected.map((r) => r.average)),
      addedPercent: meanStd(runs.map((r) => r.parameters.addedPercent)),
      msPerStep: meanStd(runs.map((r) => r.timing.msPerStep)),
      relativeStepTime: meanStd(runs.map((r) => r.timing.msPerStep / referenceMs)),
    };
  });
  return { tasks, referenceLabel, runs: results.length, rows };
}
