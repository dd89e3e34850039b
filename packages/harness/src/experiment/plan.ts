/**
 * Planning the runs of loaded experiments: expand seeds, keep the requested seeds, deal the
 * runs round-robin into shards (so `--shard i/n` on n machines covers every run once), and
 * mark which are done. Pure apart from checking for `result.json`.
 *
 * @packageDocumentation
 */
import type { LoadedExperiment } from './files';
import { expandRuns, isDone, type Run, runFolder } from './runs';

/** A run to do (or skip), with where it comes from and where it goes. */
export interface PlannedRun {
  /** The run. */
  readonly run: Run;
  /** The experiment file it comes from. */
  readonly experiment: LoadedExperiment;
  /** Its folder under the results folder. */
  readonly folder: string;
  /** Whether its `result.json` exists. */
  readonly done: boolean;
}

/** One shard of a list of runs (`--shard index/count`). */
export interface RunShard {
  /** 0-based index of the shard, below `count`. */
  readonly index: number;
  /** Number of shards. */
  readonly count: number;
}

/** Which runs to plan. */
export interface PlanOptions {
  /** Keep only these seeds (seeds an experiment lacks are ignored); `undefined` = all. */
  readonly seeds?: readonly number[];
  /** Keep only shard `index` of `count` (runs dealt round-robin in listing order). */
  readonly shard?: RunShard;
}

/**
 * The runs of some experiments, in listing order (experiments in order, seeds in order).
 *
 * @example
 * ```ts
 * const plan = planRuns(await loadExperiments('experiments'), 'results', { shard: { index: 0, count: 2 } });
 * for (const p of plan.filter((p) => !p.done)) await train(p.run, p.folder);
 * ```
 *
 * @param experiments - loaded experiments.
 * @param resultsDir - the results folder.
 * @param options - seed filter and shard.
 * @returns the planned runs.
 */
export function planRuns(
  experiments: readonly LoadedExperiment[],
  resultsDir: string,
  options: PlanOptions = {},
): readonly PlannedRun[] {
  const all = experiments.flatMap((experiment) =>
    expandRuns(experiment.config)
      .filter((run) => options.seeds === undefined || options.seeds.includes(run.seed))
      .map((run) => ({ run, experiment })),
  );
  const { shard } = options;
  const mine = shard === undefined ? all : all.filter((_, i) => i % shard.count === shard.index);
  return mine.map(({ run, experiment }) => {
    const folder = runFolder(resultsDir, run);
    return { run, experiment, folder, done: isDone(folder) };
  });
}

/**
 * A plain-text table of planned runs (what `--dry-run` prints).
 *
 * @param plan - the planned runs.
 * @returns one line per run, `id  seed  status  name`, with a header.
 */
export function formatRunPlan(plan: readonly PlannedRun[]): string {
  const rows = plan.map((p) => [
    p.run.id,
    String(p.run.seed),
    p.done ? 'done' : 'pending',
    p.run.experiment.name,
  ]);
  const header = ['run id', 'seed', 'status', 'experiment'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, c) => (c === cells.length - 1 ? cell : cell.padEnd(widths[c])))
      .join('  ')
      .trimEnd();
  const pending = plan.filter((p) => !p.done).length;
  return [line(header), ...rows.map(line), `${plan.length} runs, ${pending} pending`].join('\n');
}
