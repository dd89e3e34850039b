/**
 * Entry point of a worker process (forked by the runner, see `worker-pool.ts`): initialises
 * its own backend (one wasm thread unless told otherwise), then executes the runs it is sent,
 * one at a time, with `executeRun`, reporting logs, progress, results and errors over IPC
 * (protocol in `messages.ts`).
 *
 * Ctrl-C in a terminal reaches the whole process group: a worker ignores SIGINT and lets the
 * runner decide (it sends `abort`, and the run stops after its step with a checkpoint). A
 * worker exits as soon as its IPC channel closes: when the runner has no more work, and also
 * when the runner dies, so no worker is orphaned.
 *
 * Not exported: this module has side effects and only runs as a forked process.
 *
 * @packageDocumentation
 */
import { initBackend } from '@hyperprompt/core';
import { executeRun } from '../execute-run';
import { type FromWorker, type ToWorker, toWorkerError, type WorkerBackendOptions } from './messages';

function send(message: FromWorker): void {
  // The channel may be closing while the runner shuts down; nothing to report to then.
  if (process.connected) process.send?.(message);
}

let current: AbortController | undefined;
/** The backend request this worker initialised; every run uses it. */
let chosen: WorkerBackendOptions = { threads: 1 };

async function initialise(backend: Extract<ToWorker, { type: 'init' }>['backend']): Promise<void> {
  try {
    // One thread per worker by default: the workers are what uses the cores.
    chosen = { ...backend, threads: backend.threads ?? 1 };
    await initBackend({ ...chosen, log: (line) => send({ type: 'log', line }) });
    send({ type: 'ready' });
  } catch (error) {
    send({ type: 'init-failed', error: toWorkerError(error) });
  }
}

async function execute(index: number, planned: Extract<ToWorker, { type: 'run' }>['planned']): Promise<void> {
  const controller = new AbortController();
  current = controller;
  try {
    const result = await executeRun(planned, {
      onProgress: (progress) => send({ type: 'progress', index, progress }),
      log: (line) => send({ type: 'log', index, line }),
      signal: controller.signal,
      backend: chosen,
    });
    send({ type: 'done', index, ...(result === undefined ? {} : { result }) });
  } catch (error) {
    send({ type: 'failed', index, error: toWorkerError(error) });
  } finally {
    current = undefined;
  }
}

function onMessage(message: ToWorker): void {
  switch (message.type) {
    case 'init':
      void initialise(message.backend);
      break;
    case 'run':
      void execute(message.index, message.planned);
      break;
    case 'abort':
      current?.abort();
      break;
  }
}

if (process.send !== undefined) {
  process.on('SIGINT', () => undefined);
  process.on('disconnect', () => process.exit(0));
  process.on('message', onMessage);
}
