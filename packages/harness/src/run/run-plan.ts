/**
 * Runs a list of planned runs (skipping finished ones unless forced), with progress output,
 * and returns what each did. This is `hyperprompt run` / `sweep` and the main job of
 * `npm start`. With `workers: 1` (the default) the runs execute one after the other in this
 * process; with more, independent runs execute at the same time in worker processes, each
 * with one wasm thread, and give the same results (see `workers/worker-pool.ts`).
 *
 * @packageDocumentation
 */
import { rmSync } from 'node:fs';
import type { PlannedRun } from '../experiment';
import type { RunResult } from '../result';
import { executeRun } from './execute-run';
import { progressSink, runSummaryLine, runTitle } from './progress';
import type { WorkerBackendOptions } from './workers/messages';
import { runInWorkers } from './workers/worker-pool';

/** Options of {@link runPlan}. */
export interface RunPlanOptions {
  /** Re-run finished runs (their folders are cleared first). @defaultValue false */
  readonly force?: boolean;
  /** Where progress and log lines go. @defaultValue nowhere */
  readonly write?: (text: string) => void;
  /** Draw live progress bars (a terminal) instead of lines. @defaultValue false */
  readonly tty?: boolean;
  /** Stops after the current step of the current run(s). */
  readonly signal?: AbortSignal;
  /**
   * Worker processes executing runs at the same time (see `defaultWorkers` for a good
   * choice). 1 executes the runs one after the other in this process, on its backend.
   * @defaultValue 1
   */
  readonly workers?: number;
  /**
   * Backend of the worker processes (ignored with one worker: runs use this process's).
   * @defaultValue best available backend, one wasm thread
   */
  readonly backend?: WorkerBackendOptions;
}

/** What happened to one planned run. */
export interface RunOutcome {
  /** The planned run. */
  readonly planned: PlannedRun;
  /**
   * `ran`, `skipped` (already done), `aborted` (interrupted; its checkpoint resumes it), or
   * `failed` (it threw in a worker process; in-process runs throw instead).
   */
  readonly status: 'ran' | 'skipped' | 'aborted' | 'failed';
  /** The result, when it ran to the end. */
  readonly result?: RunResult;
  /** Why it failed (`failed` only). */
  readonly error?: string;
  /** Process id of the worker process that executed it (absent when it ran in this process). */
  readonly pid?: number;
}

/**
 * Executes every run of a plan: in order in this process, or in `workers` worker processes.
 *
 * @param plan - from `planRuns`.
 * @param options - force, output, abort, workers.
 * @returns one outcome per planned run, in plan order. In this process a failing run throws
 *   and an interrupt stops early (later runs have no outcome); in workers a failing run is
 *   `failed` while the others go on, and runs an interrupt kept from starting have no outcome.
 * @throws in workers only when no worker could start or load its backend.
 */
export async function runPlan(
  plan: readonly PlannedRun[],
  options: RunPlanOptions = {},
): Promise<RunOutcome[]> {
  const workers = options.workers ?? 1;
  if (!Number.isInteger(workers) || workers < 1) {
    throw new RangeError(`workers must be a positive integer, got ${workers}`);
  }
  return workers === 1 ? runInProcess(plan, options) : runInParallel(plan, workers, options);
}

async function runInProcess(plan: readonly PlannedRun[], options: RunPlanOptions): Promise<RunOutcome[]> {
  const write = options.write ?? ((): void => undefined);
  const outcomes: RunOutcome[] = [];
  for (const [i, planned] of plan.entries()) {
    const title = runTitle(i, plan.length, planned);
    if (planned.done && options.force !== true) {
      write(`${title}: done already (${planned.folder}), skipped\n`);
      outcomes.push({ planned, status: 'skipped' });
      continue;
    }
    if (planned.done) rmSync(planned.folder, { recursive: true, force: true });
    const sink = progressSink(title, write, options.tty === true);
    let result: RunResult | undefined;
    try {
      result = await executeRun(planned, {
        onProgress: sink.update,
        log: (line) => write(`${title}: ${line}\n`),
        signal: options.signal,
        backend: options.backend,
      });
    } finally {
      sink.stop();
    }
    if (result === undefined) {
      outcomes.push({ planned, status: 'aborted' });
      break;
    }
    write(runSummaryLine(title, result));
    outcomes.push({ planned, status: 'ran', result });
  }
  return outcomes;
}

async function runInParallel(
  plan: readonly PlannedRun[],
  workers: number,
  options: RunPlanOptions,
): Promise<RunOutcome[]> {
  const write = options.write ?? ((): void => undefined);
  const skipped: RunOutcome[] = [];
  const pending: number[] = [];
  for (const [i, planned] of plan.entries()) {
    if (planned.done && options.force !== true) {
      write(`${runTitle(i, plan.length, planned)}: done already (${planned.folder}), skipped\n`);
      skipped.push({ planned, status: 'skipped' });
      continue;
    }
    if (planned.done) rmSync(planned.folder, { recursive: true, force: true });
    pending.push(i);
  }
  if (pending.length === 0) return skipped;
  const count = Math.min(workers, pending.length);
  write(`${pending.length} run(s) in ${count} worker process(es)\n`);
  const ran = await runInWorkers(plan, pending, {
    workers: count,
    backend: options.backend,
    write,
    tty: options.tty,
    signal: options.signal,
  });
  const order = new Map(plan.map((p, i) => [p, i]));
  return [...skipped, ...ran].sort((a, b) => (order.get(a.planned) ?? 0) - (order.get(b.planned) ?? 0));
}
