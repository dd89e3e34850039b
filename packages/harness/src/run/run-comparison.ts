/**
 * A comparison in one call: plan the runs of some experiments, run the unfinished ones with
 * progress output (in parallel worker processes when the backbones are small), and write the
 * report. What `npm start` and the examples use; `quick` shrinks every experiment to a few
 * steps of one seed (a smoke test for CI).
 *
 * @packageDocumentation
 */
import { initBackend } from '@hyperprompt/core';
import { formatRunPlan, type LoadedExperiment, planRuns, resolveExperiment } from '../experiment';
import { type ReportFiles, type ReportOptions, writeReport } from '../report';
import { runPlan, type RunOutcome } from './run-plan';
import type { WorkerBackendOptions } from './workers/messages';
import { defaultWorkers } from './workers/parallelism';

/** The fields `quick` overrides. */
export interface QuickOverrides {
  /** Training steps. */
  readonly steps: number;
  /** Evaluation cadence. */
  readonly evalEvery: number;
  /** Validation examples per task. */
  readonly evalLimit: number;
  /** Seeds. */
  readonly seeds: readonly number[];
}

/** What `quick` changes in every experiment. */
export const QUICK_OVERRIDES: QuickOverrides = Object.freeze({
  steps: 4,
  evalEvery: 2,
  evalLimit: 16,
  seeds: [0],
});

/**
 * The same experiment, shrunk to {@link QUICK_OVERRIDES} (the config hash changes, so quick
 * results never mix with real ones).
 *
 * @param experiment - a loaded experiment.
 * @returns the shrunk experiment.
 */
export function quickExperiment(experiment: LoadedExperiment): LoadedExperiment {
  const config = resolveExperiment({ ...experiment.config, ...QUICK_OVERRIDES }, experiment.source);
  return { ...experiment, config };
}

/** Options of {@link runComparison}. */
export interface ComparisonOptions {
  /** Results folder (one sub-folder per run; report files at its top). */
  readonly results: string;
  /** Shrink every experiment with {@link quickExperiment}. @defaultValue false */
  readonly quick?: boolean;
  /** Progress and log output. @defaultValue nowhere */
  readonly write?: (text: string) => void;
  /** Live progress bars (a terminal). @defaultValue false */
  readonly tty?: boolean;
  /** Options of the report. */
  readonly report?: ReportOptions;
  /**
   * Worker processes running independent runs at the same time; 1 runs them one after the
   * other in this process.
   * @defaultValue `defaultWorkers(plan)`: one per core (at most one per pending run) when
   * every backbone has fewer than 1M parameters, else 1
   */
  readonly workers?: number;
  /**
   * The backend to compute with: initialised here with one worker, by every worker process
   * otherwise. @defaultValue this process's backend, or in workers the best available one
   * with one wasm thread
   */
  readonly backend?: WorkerBackendOptions;
  /** Stops the active runs after their current step (checkpoints saved; rerun to continue). */
  readonly signal?: AbortSignal;
}

/** What {@link runComparison} did. */
export interface ComparisonOutcome {
  /** One outcome per planned run. */
  readonly outcomes: readonly RunOutcome[];
  /** The report files; absent when every run was aborted. */
  readonly report?: ReportFiles;
}

/**
 * Runs and reports a comparison.
 *
 * @example
 * ```ts
 * const { report } = await runComparison(await loadExperiments('experiments'), { results: 'results' });
 * console.log(report?.table);
 * ```
 * @param experiments - loaded experiments (a folder, a sweep, or a list).
 * @param options - results folder, quick mode, output, workers, backend.
 * @returns the outcomes and the report (of every finished run of the folder).
 */
export async function runComparison(
  experiments: readonly LoadedExperiment[],
  options: ComparisonOptions,
): Promise<ComparisonOutcome> {
  const write = options.write ?? ((): void => undefined);
  const plan = planRuns(
    options.quick === true ? experiments.map(quickExperiment) : experiments,
    options.results,
  );
  const workers = options.workers ?? (await defaultWorkers(plan, { backend: options.backend }));
  if (workers === 1 && options.backend !== undefined) {
    await initBackend({ ...options.backend, log: (line) => write(`${line}\n`) });
  }
  write(`${formatRunPlan(plan)}\n`);
  const outcomes = await runPlan(plan, {
    write,
    tty: options.tty,
    workers,
    backend: options.backend,
    signal: options.signal,
  });
  if (!outcomes.some((o) => o.status === 'ran' || o.status === 'skipped')) return { outcomes };
  return { outcomes, report: await writeReport(options.results, options.results, options.report) };
}
