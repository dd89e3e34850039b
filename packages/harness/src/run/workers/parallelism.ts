/**
 * How many worker processes a plan gets by default: one per core (at most one per pending
 * run) when every backbone is small, else one (the in-process runner). A small backbone
 * trains on one wasm thread (a second one only spin-waits), so one process leaves the other
 * cores idle; a large one uses several threads already.
 *
 * @packageDocumentation
 */
import os from 'node:os';
import { THREADS_ENV } from '@hyperprompt/core';
import { t5ParameterCount } from '@hyperprompt/t5';
import { createDefaultRegistry } from '@hyperprompt/tasks';
import { backboneT5Config, type LoadedExperiment, type PlannedRun } from '../../experiment';
import type { WorkerBackendOptions } from './messages';

/** The tasks every worker process knows. */
const defaultTasks = createDefaultRegistry();

/**
 * Backbones below this many parameters run on one wasm thread unless `HYPERPROMPT_THREADS`
 * says otherwise: on the tiny T5 a training step took 40 ms on one thread and 184 ms on two
 * (the second thread spin-waits at every small kernel).
 */
export const SMALL_BACKBONE_PARAMETERS = 1_000_000;

/**
 * Whether every experiment's backbone has fewer than {@link SMALL_BACKBONE_PARAMETERS}
 * parameters.
 *
 * @param experiments - loaded experiments.
 * @returns true when all are small (also for none).
 */
export async function allSmallBackbones(experiments: readonly LoadedExperiment[]): Promise<boolean> {
  for (const e of new Set(experiments)) {
    const config = await backboneT5Config(e.config.backbone, e.baseDir);
    if (t5ParameterCount(config) >= SMALL_BACKBONE_PARAMETERS) return false;
  }
  return true;
}

/** What {@link defaultWorkers} looks at besides the plan. */
export interface DefaultWorkersOptions {
  /** Finished runs are redone (they count as pending). @defaultValue false */
  readonly force?: boolean;
  /** The backend the runs use; a native `tensorflow` one threads by itself (one worker). */
  readonly backend?: WorkerBackendOptions;
  /** Environment read for `HYPERPROMPT_THREADS`. @defaultValue `process.env` */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Cores available. @defaultValue `os.availableParallelism()` */
  readonly cores?: number;
}

/**
 * The default worker count of a plan: `min(cores, pending runs)` when every pending run's
 * backbone is small (fewer than {@link SMALL_BACKBONE_PARAMETERS} parameters), the backend is
 * not a native `tensorflow` one, and neither `backend.threads` nor `HYPERPROMPT_THREADS` asks
 * for more than one thread, and every task is one of the default registry's (a worker process
 * starts from the default registry, so a task registered in this process with `taskRegistry()`
 * exists only here);
 * else 1 (the runs execute one after the other in this process).
 *
 * @param plan - from `planRuns`.
 * @param options - force, backend, environment, core count.
 * @returns at least 1.
 */
export async function defaultWorkers(
  plan: readonly PlannedRun[],
  options: DefaultWorkersOptions = {},
): Promise<number> {
  const pending = plan.filter((p) => !p.done || options.force === true);
  const threads = (options.env ?? process.env)[THREADS_ENV]?.trim() ?? '';
  if (pending.length <= 1 || (threads !== '' && threads !== '1')) return 1;
  if (options.backend?.prefer?.[0] === 'tensorflow' || (options.backend?.threads ?? 1) > 1) return 1;
  if (!(await allSmallBackbones(pending.map((p) => p.experiment)))) return 1;
  if (!pending.every((p) => p.experiment.config.tasks.every((t) => defaultTasks.has(t)))) return 1;
  return Math.max(1, Math.min(options.cores ?? os.availableParallelism(), pending.length));
}
