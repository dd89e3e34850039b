/**
 * The numbers of the paper-style main table, aggregated over seeds: one row per method label,
 * the best score per task (T5 convention), the average, each with its 95 % Student t
 * confidence interval over seeds; the score at the last evaluation beside it; the paired
 * difference of every row to a reference row over the seeds both have; the extra parameters
 * and the step time relative to the reference; and a row of majority-class baselines.
 *
 * @packageDocumentation
 */
import type { RunResult } from '../result';
import { groupByLabel } from './load';
import {
  CONFIDENCE,
  confidenceInterval,
  pairedDifference,
  type ConfidenceInterval,
  type PairedDifference,
} from './stats';

/** Options of {@link buildSummary}. */
export interface SummaryOptions {
  /**
   * Row order: these labels first, in this order; the other labels follow, the reference
   * label first, then alphabetically (numbers by value).
   * @defaultValue `[]`
   */
  readonly order?: readonly string[];
  /**
   * The reference row: its mean ms/step is the unit of the relative step time, and every
   * other row's paired differences are taken to it. When no run has this label, the first
   * row is the reference.
   * @defaultValue `'MTL'`
   */
  readonly referenceLabel?: string;
  /**
   * Which evaluation the scores come from: `best-per-task` (each task's best evaluation, the
   * T5 convention the paper follows), `best-average` (the one evaluation with the best
   * average) or `last` (the final evaluation). The summary also holds a second selection
   * beside it: `last`, or `best-per-task` when this is `last`.
   * @defaultValue `'best-per-task'`
   */
  readonly select?: ScoreSelection;
  /**
   * Confidence level of the intervals, in (0, 1).
   * @defaultValue `0.95`
   */
  readonly confidence?: number;
}

/** Which evaluation a summary's scores come from (see {@link SummaryOptions.select}). */
export type ScoreSelection = 'best-per-task' | 'best-average' | 'last';

/** Resolved {@link SummaryOptions}. */
export const DEFAULT_SUMMARY_OPTIONS: Required<SummaryOptions> = {
  order: [],
  referenceLabel: 'MTL',
  select: 'best-per-task',
  confidence: CONFIDENCE,
};

/** Label of the majority-class baseline row. */
export const MAJORITY_LABEL = 'Majority class';

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

/**
 * The selection shown beside `select`: the last evaluation, or each task's best when `select`
 * is already the last evaluation.
 *
 * @param select - the main selection.
 */
export function secondarySelection(select: ScoreSelection): ScoreSelection {
  return select === 'last' ? 'best-per-task' : 'last';
}

/** One cell over seeds: the per-run values with their seeds, and their mean and interval. */
export interface SeedStats extends ConfidenceInterval {
  /** Seed of each value, in run order (a repeated seed means two configs share the label). */
  readonly seeds: readonly number[];
  /** The values, one per run, in the order of `seeds`. */
  readonly values: readonly number[];
}

/** Scores of a row under one {@link ScoreSelection}. */
export interface SelectionStats {
  /** Which evaluation they come from. */
  readonly select: ScoreSelection;
  /** Per task: its score over seeds; tasks the row's runs did not train are omitted. */
  readonly scores: Readonly<Record<string, SeedStats>>;
  /** Per seed, the mean over that run's task scores; then over seeds. */
  readonly average: SeedStats;
}

/**
 * Paired differences of a row to the reference row, over the seeds both have (a seed with
 * several runs counts with the mean of its runs).
 */
export interface RowDifferences {
  /** Label of the reference row. */
  readonly reference: string;
  /** The seeds both rows have, ascending. */
  readonly seeds: readonly number[];
  /** Per task both rows have on a common seed: row minus reference. */
  readonly scores: Readonly<Record<string, PairedDifference>>;
  /**
   * Average minus the reference's average, over the common seeds on which both rows scored
   * the same tasks (averages over different tasks are not compared); `null` when there is
   * no such seed.
   */
  readonly average: PairedDifference | null;
}

/** What every table row has: scores over seeds and the paired differences to the reference. */
export interface ScoreRow {
  /** Row label (`RunResult.label`, or {@link MAJORITY_LABEL}). */
  readonly label: string;
  /** Seeds of its runs, in load order (a repeated seed means two configs share the label). */
  readonly seeds: readonly number[];
  /** Per task: its score under the summary's selection, over seeds; absent tasks omitted. */
  readonly scores: Readonly<Record<string, SeedStats>>;
  /** Per seed, the mean over that run's task scores (`best.perTaskAverage` by default); then over seeds. */
  readonly average: SeedStats;
  /** Paired differences to the reference row; `null` for the reference row itself. */
  readonly differences: RowDifferences | null;
}

/** One method row of the table: one label, its seeds aggregated. */
export interface SummaryRow extends ScoreRow {
  /** The same scores under the second selection (the last evaluation, by default). */
  readonly secondary: SelectionStats;
  /** Added parameters as % of the backbone (`parameters.addedPercent`). */
  readonly addedPercent: ConfidenceInterval;
  /** Median ms per training step (`timing.msPerStep`). */
  readonly msPerStep: ConfidenceInterval;
  /** Each run's ms/step divided by the reference label's mean ms/step. */
  readonly relativeStepTime: ConfidenceInterval;
}

/**
 * The majority-class row: per task, the score of always predicting the most frequent
 * training label (`RunResult.baselines`), one value per seed (runs of one seed that carry
 * baselines are averaged).
 */
export interface MajorityRow extends ScoreRow {
  /** Per task: the labels predicted (more than one when seeds' training data differ). */
  readonly labels: Readonly<Record<string, readonly string[]>>;
}

/** The aggregated numbers of a results folder: what `summary.json` holds. */
export interface ReportSummary {
  /** Task columns: every task of every run, in first-seen task-id order. */
  readonly tasks: readonly string[];
  /** Label of the reference row (relative step time, paired differences). */
  readonly referenceLabel: string;
  /** Number of runs aggregated. */
  readonly runs: number;
  /** Which evaluation the rows' `scores` and `average` come from. */
  readonly select: ScoreSelection;
  /** Which evaluation the rows' `secondary` scores come from. */
  readonly secondarySelect: ScoreSelection;
  /** Confidence level of every interval. */
  readonly confidence: number;
  /** One row per label, in table order. */
  readonly rows: readonly SummaryRow[];
  /** The majority-class baselines, when runs recorded them; else `null`. */
  readonly majority: MajorityRow | null;
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

/** One run's (or one seed's) scores, as a row is built from them. */
interface SeedScores {
  readonly seed: number;
  readonly scores: Readonly<Record<string, number>>;
  readonly average: number;
}

/** Per seed, the mean of that seed's values (what pairing uses). */
interface PerSeed {
  /** Task → seed → score. */
  readonly scores: ReadonlyMap<string, ReadonlyMap<number, number>>;
  /** Seed → average. */
  readonly average: ReadonlyMap<number, number>;
  /** Seed → the tasks scored on that seed, as a sorted key. */
  readonly tasks: ReadonlyMap<number, string>;
}

/** Arithmetic mean; exactly the value when all values are equal (runs of one seed usually agree). */
const mean = (values: readonly number[]): number =>
  values.every((v) => v === values[0]) ? values[0] : values.reduce((s, v) => s + v, 0) / values.length;

/** Values with their seeds and interval. */
function seedStats(seeds: readonly number[], values: readonly number[], confidence: number): SeedStats {
  return { ...confidenceInterval(values, confidence), seeds, values };
}

/** Per-task and average stats of a list of per-run scores. */
function selectionStats(
  runs: readonly SeedScores[],
  tasks: readonly string[],
  confidence: number,
): { scores: Record<string, SeedStats>; average: SeedStats } {
  const scores: Record<string, SeedStats> = {};
  for (const task of tasks) {
    const having = runs.filter((r) => task in r.scores);
    if (having.length > 0) {
      scores[task] = seedStats(
        having.map((r) => r.seed),
        having.map((r) => r.scores[task]),
        confidence,
      );
    }
  }
  const average = seedStats(
    runs.map((r) => r.seed),
    runs.map((r) => r.average),
    confidence,
  );
  return { scores, average };
}

/** Groups values by seed and takes each seed's mean. */
function meanBySeed(pairs: readonly (readonly [number, number])[]): Map<number, number> {
  const grouped = new Map<number, number[]>();
  for (const [seed, value] of pairs) grouped.set(seed, [...(grouped.get(seed) ?? []), value]);
  return new Map([...grouped].map(([seed, values]) => [seed, mean(values)]));
}

/** The per-seed view of a row's runs. */
function perSeed(runs: readonly SeedScores[], tasks: readonly string[]): PerSeed {
  const scores = new Map<string, Map<number, number>>();
  for (const task of tasks) {
    const pairs = runs.flatMap((r) => (task in r.scores ? [[r.seed, r.scores[task]] as const] : []));
    if (pairs.length > 0) scores.set(task, meanBySeed(pairs));
  }
  const taskSets = new Map<number, Set<string>>();
  for (const r of runs) {
    const set = taskSets.get(r.seed) ?? new Set<string>();
    for (const task of Object.keys(r.scores)) set.add(task);
    taskSets.set(r.seed, set);
  }
  return {
    scores,
    average: meanBySeed(runs.map((r) => [r.seed, r.average] as const)),
    tasks: new Map([...taskSets].map(([seed, set]) => [seed, [...set].sort().join('\n')])),
  };
}

/** Paired differences of `row` to `reference`. */
function differencesTo(
  row: PerSeed,
  reference: PerSeed,
  referenceLabel: string,
  tasks: readonly string[],
  confidence: number,
): RowDifferences {
  const scores: Record<string, PairedDifference> = {};
  for (const task of tasks) {
    const mine = row.scores.get(task);
    const theirs = reference.scores.get(task);
    const difference = mine && theirs ? pairedDifference(mine, theirs, confidence) : null;
    if (difference !== null) scores[task] = difference;
  }
  const sameTasks = new Map(
    [...row.average].filter(([seed]) => row.tasks.get(seed) === reference.tasks.get(seed)),
  );
  return {
    reference: referenceLabel,
    seeds: [...row.average.keys()].filter((seed) => reference.average.has(seed)).sort((a, b) => a - b),
    scores,
    average: pairedDifference(sameTasks, reference.average, confidence),
  };
}

/** The majority row's per-seed scores and labels, from the runs' recorded baselines. */
function majorityScores(
  results: readonly RunResult[],
  tasks: readonly string[],
): { runs: SeedScores[]; labels: Record<string, string[]> } | null {
  const bySeed = new Map<number, Map<string, number[]>>();
  const labels: Record<string, string[]> = {};
  for (const run of results) {
    for (const task of tasks) {
      const majority = run.baselines?.[task]?.majority;
      if (majority === undefined) continue;
      const seed = bySeed.get(run.seed) ?? new Map<string, number[]>();
      seed.set(task, [...(seed.get(task) ?? []), majority.score]);
      bySeed.set(run.seed, seed);
      const seen = (labels[task] ??= []);
      if (!seen.includes(majority.label)) seen.push(majority.label);
    }
  }
  if (bySeed.size === 0) return null;
  const runs = [...bySeed]
    .sort(([a], [b]) => a - b)
    .map(([seed, byTask]): SeedScores => {
      const scores = Object.fromEntries(
        tasks.flatMap((t) => (byTask.has(t) ? [[t, mean(byTask.get(t) ?? [])]] : [])),
      );
      return { seed, scores, average: mean(Object.values(scores)) };
    });
  return { runs, labels };
}

/**
 * Aggregates runs into the table's rows: per task and for the average, the mean and 95 %
 * Student t interval over each label's seeds, under the chosen selection and the second one;
 * the paired differences of every row to the reference row; and the majority-class row
 * when runs recorded baselines.
 *
 * @param results - runs, e.g. from `loadResults`.
 * @param options - row order, reference label, selection, confidence level.
 * @throws RangeError when `results` is empty.
 */
export function buildSummary(results: readonly RunResult[], options: SummaryOptions = {}): ReportSummary {
  if (results.length === 0) throw new RangeError('buildSummary needs at least one run');
  const resolved = { ...DEFAULT_SUMMARY_OPTIONS, ...options };
  const { order, referenceLabel: wanted, select, confidence } = resolved;
  const secondarySelect = secondarySelection(select);
  const groups = groupByLabel(results);
  const labels = orderLabels(groups.keys(), order, wanted);
  const referenceLabel = groups.has(wanted) ? wanted : labels[0];
  const referenceRuns = groups.get(referenceLabel) ?? [];
  const referenceMs = mean(referenceRuns.map((r) => r.timing.msPerStep));
  const tasks = collectTasks(results);
  const seedScores = (runs: readonly RunResult[], which: ScoreSelection): SeedScores[] =>
    runs.map((r) => ({ seed: r.seed, ...selectedScores(r, which) }));
  const reference = perSeed(seedScores(referenceRuns, select), tasks);
  const differences = (label: string, scores: readonly SeedScores[]): RowDifferences | null =>
    label === referenceLabel
      ? null
      : differencesTo(perSeed(scores, tasks), reference, referenceLabel, tasks, confidence);
  const rows = labels.map((label): SummaryRow => {
    const runs = groups.get(label) ?? [];
    const primary = seedScores(runs, select);
    const seeds = runs.map((r) => r.seed);
    const stats = (values: readonly number[]): ConfidenceInterval => confidenceInterval(values, confidence);
    return {
      label,
      seeds,
      ...selectionStats(primary, tasks, confidence),
      differences: differences(label, primary),
      secondary: {
        select: secondarySelect,
        ...selectionStats(seedScores(runs, secondarySelect), tasks, confidence),
      },
      addedPercent: stats(runs.map((r) => r.parameters.addedPercent)),
      msPerStep: stats(runs.map((r) => r.timing.msPerStep)),
      relativeStepTime: stats(runs.map((r) => r.timing.msPerStep / referenceMs)),
    };
  });
  const baselines = majorityScores(results, tasks);
  const majority: MajorityRow | null =
    baselines === null
      ? null
      : {
          label: MAJORITY_LABEL,
          seeds: baselines.runs.map((r) => r.seed),
          ...selectionStats(baselines.runs, tasks, confidence),
          differences: differences(MAJORITY_LABEL, baselines.runs),
          labels: baselines.labels,
        };
  return {
    tasks,
    referenceLabel,
    runs: results.length,
    select,
    secondarySelect,
    confidence,
    rows,
    majority,
  };
}
