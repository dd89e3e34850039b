/**
 * The IPC protocol between the runner and its worker processes (`child_process.fork` with
 * `serialization: 'advanced'`, so results keep `NaN`, `Infinity` and `undefined` exactly).
 *
 * Parent to worker: `init` once (backend options), then `run` (one run at a time, after the
 * previous one ended), `abort` (stop the current run after its step, saving a checkpoint).
 * The parent closes the channel when it has no more work; a worker exits when its channel
 * closes, also when the parent dies, so no worker outlives its runner.
 *
 * Worker to parent: `ready` after the backend loaded (or `init-failed`), `log` lines,
 * `progress` after every step, and one of `done` / `failed` per run.
 *
 * @packageDocumentation
 */
import type { InitBackendOptions } from '@hyperprompt/core';
import type { PlannedRun } from '../../experiment';
import type { RunResult } from '../../result';
import type { TrainProgress } from '../../train/trainer-config';

/** Backend options of worker processes (what `initBackend` receives, without the log sink). */
export type WorkerBackendOptions = Pick<InitBackendOptions, 'prefer' | 'threads'>;

/** A message the runner sends to a worker. */
export type ToWorker =
  | { readonly type: 'init'; readonly backend: WorkerBackendOptions }
  | { readonly type: 'run'; readonly index: number; readonly planned: PlannedRun }
  | { readonly type: 'abort' };

/** A serialised error: message and stack survive IPC, the class does not. */
export interface WorkerError {
  /** `error.name`, e.g. `ConfigError`. */
  readonly name: string;
  /** `error.message`. */
  readonly message: string;
  /** `error.stack`, when there is one. */
  readonly stack?: string;
}

/** A message a worker sends to the runner. */
export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'init-failed'; readonly error: WorkerError }
  | { readonly type: 'log'; readonly index?: number; readonly line: string }
  | { readonly type: 'progress'; readonly index: number; readonly progress: TrainProgress }
  | { readonly type: 'done'; readonly index: number; readonly result?: RunResult }
  | { readonly type: 'failed'; readonly index: number; readonly error: WorkerError };

/**
 * An error as data, for IPC.
 *
 * @param error - anything thrown.
 * @returns its name, message and stack.
 */
export function toWorkerError(error: unknown): WorkerError {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: 'Error', message: String(error) };
}
