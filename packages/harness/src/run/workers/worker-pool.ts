/**
 * The parallel side of `runPlan`: independent runs execute in worker processes
 * (`child_process.fork` of `run-worker`), each with its own backend on one wasm thread, one
 * run at a time per worker. Results are those of a sequential run: every run is computed by
 * the same code on the same backend and thread count, from its own seed, and writes its own
 * folder.
 *
 * - Order: runs are dealt in plan order to whichever worker is idle; a run whose backbone is
 *   another pending run's folder (`backbone: { run }`) waits until that run has finished.
 * - Failures: a run that throws (or whose worker dies) is reported with its id and ends as
 *   `failed`; the other runs go on (a dead worker is replaced).
 * - Interrupts: the first SIGINT or SIGTERM (or `signal`) stops every active run after its
 *   current step with a checkpoint (`aborted`; rerunning resumes it) and starts no new run;
 *   a second one kills the workers and exits. Workers exit when their IPC channel closes, so
 *   none outlives the runner, even if it is killed.
 *
 * @packageDocumentation
 */
import { type ChildProcess, fork } from 'node:child_process';
import { join, resolve } from 'node:path';
import { THREADS_ENV } from '@hyperprompt/core';
import type { PlannedRun } from '../../experiment';
import type { RunResult } from '../../result';
import { progressBoard, type ProgressBoard, type ProgressSink, runSummaryLine, runTitle } from '../progress';
import { absolute } from '../run-data';
import type { RunOutcome } from '../run-plan';
import type { FromWorker, ToWorker, WorkerBackendOptions, WorkerError } from './messages';

/** Options of {@link runInWorkers}. */
export interface WorkerPoolOptions {
  /** Worker processes to start (at most one per pending run). */
  readonly workers: number;
  /** Backend options of every worker. @defaultValue best available backend, one wasm thread */
  readonly backend?: WorkerBackendOptions;
  /** Where progress and log lines go. @defaultValue nowhere */
  readonly write?: (text: string) => void;
  /** Draw live progress bars (a terminal) instead of lines. @defaultValue false */
  readonly tty?: boolean;
  /** Stops every active run after its current step, and starts no more. */
  readonly signal?: AbortSignal;
}

/** How the workers are started: the compiled entry, or the TypeScript one under a test runner. */
function workerEntry(): { module: string; execArgv: string[] } {
  if (__filename.endsWith('.ts')) {
    // Running from sources (jest): compile on the fly, with @hyperprompt/* mapped to sources.
    return { module: join(__dirname, 'run-worker.ts'), execArgv: ['-r', join(__dirname, 'register-ts.js')] };
  }
  // Flags such as --max-old-space-size carry over; a debugger port would clash.
  const execArgv = process.execArgv.filter((a) => !a.startsWith('--inspect') && !a.startsWith('--debug'));
  return { module: join(__dirname, 'run-worker.js'), execArgv };
}

/** The lines a worker printed last, to explain a crash. */
const TAIL_LINES = 20;

/** One worker process and the run it executes. */
class Worker {
  readonly child: ChildProcess;
  /** The run it executes (plan index), if any. */
  busy: number | undefined;
  ready = false;
  exited = false;
  readonly tail: string[] = [];

  constructor(
    readonly id: number,
    backend: WorkerBackendOptions,
    onMessage: (worker: Worker, message: FromWorker) => void,
    onExit: (worker: Worker, why: string) => void,
    onOutput: (worker: Worker, line: string) => void,
  ) {
    const { module, execArgv } = workerEntry();
    const threads = process.env[THREADS_ENV];
    this.child = fork(module, [], {
      execArgv,
      serialization: 'advanced',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      // Both initBackend calls of a worker (its own, and executeRun's) then ask for the same
      // thread count, so the second one neither warns nor changes anything.
      env: {
        ...process.env,
        [THREADS_ENV]:
          threads === undefined || threads.trim() === '' ? String(backend.threads ?? 1) : threads,
      },
    });
    const streams = [this.child.stdout, this.child.stderr].filter((x) => x !== null);
    let open = streams.length;
    let exit: string | undefined;
    // Reported once the process exited and its output ended, so the tail is complete ('close'
    // would be that, but never comes after the parent closed the IPC channel, Node 20).
    const report = (): void => {
      if (exit === undefined || this.exited) return;
      this.exited = true;
      onExit(this, exit);
    };
    for (const stream of streams) {
      let partial = '';
      stream.setEncoding('utf8').on('data', (chunk: string) => {
        const lines = (partial + chunk).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) {
          this.tail.push(line);
          if (this.tail.length > TAIL_LINES) this.tail.shift();
          onOutput(this, line);
        }
      });
      stream.on('close', () => {
        if (partial !== '') onOutput(this, partial);
        if (--open === 0) report();
      });
    }
    this.child.on('message', (message: FromWorker) => onMessage(this, message));
    this.child.on('error', (error) => onOutput(this, `process error: ${error.message}`));
    this.child.on('exit', (code, signal) => {
      exit = signal === null ? `exit code ${code ?? '?'}` : `signal ${signal}`;
      if (open === 0) report();
      // A grandchild could hold the output open; do not wait for it.
      else setTimeout(report, 1000);
    });
    this.send({ type: 'init', backend });
  }

  send(message: ToWorker): void {
    if (this.child.connected) this.child.send(message);
  }

  /** Lets the worker exit (it does when its channel closes). */
  close(): void {
    if (this.child.connected) this.child.disconnect();
  }

  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }
}

function describeError(error: WorkerError): string {
  return error.name === 'Error' || error.message.startsWith(`${error.name}:`)
    ? error.message
    : `${error.name}: ${error.message}`;
}

/**
 * For every run, the plan indices of the pending runs whose folder is its backbone.
 *
 * @param plan - the plan.
 * @param pending - indices of the runs to execute.
 */
function dependencies(plan: readonly PlannedRun[], pending: readonly number[]): Map<number, number[]> {
  const byFolder = new Map(pending.map((i) => [resolve(plan[i].folder), i]));
  const deps = new Map<number, number[]>();
  for (const i of pending) {
    const { backbone } = plan[i].run.config;
    if (!('run' in backbone)) continue;
    const source = byFolder.get(resolve(absolute(plan[i].experiment.baseDir, backbone.run)));
    if (source !== undefined && source !== i) deps.set(i, [source]);
  }
  return deps;
}

/**
 * Executes runs of a plan in worker processes (see the module documentation).
 *
 * @param plan - the whole plan (titles count all of it).
 * @param pending - plan indices of the runs to execute, in order (finished runs left out).
 * @param options - worker count, backend, output, abort.
 * @returns the outcome of every run that started (in plan order of `pending`); runs not
 *   started because of an interrupt are left out.
 * @throws when a worker cannot start or load its backend (no run could execute).
 */
export async function runInWorkers(
  plan: readonly PlannedRun[],
  pending: readonly number[],
  options: WorkerPoolOptions,
): Promise<RunOutcome[]> {
  const write = options.write ?? ((): void => undefined);
  const board = progressBoard(write, options.tty === true);
  try {
    return await new Pool(plan, pending, options, board).run();
  } finally {
    board.stop();
  }
}

/** The scheduler of {@link runInWorkers}. */
class Pool {
  private readonly queue: number[];
  private readonly deps: Map<number, number[]>;
  private readonly outcomes = new Map<number, RunOutcome>();
  private readonly sinks = new Map<number, ProgressSink>();
  private readonly workers = new Set<Worker>();
  private nextId = 1;
  private size = 1;
  private respawns = 0;
  private stopping = false;
  private fatal: Error | undefined;
  private signals = 0;
  private finish: (() => void) | undefined;

  constructor(
    private readonly plan: readonly PlannedRun[],
    pending: readonly number[],
    private readonly options: WorkerPoolOptions,
    private readonly board: ProgressBoard,
  ) {
    this.queue = [...pending];
    this.deps = dependencies(plan, pending);
  }

  private title(index: number): string {
    return runTitle(index, this.plan.length, this.plan[index]);
  }

  async run(): Promise<RunOutcome[]> {
    this.size = Math.max(1, Math.min(this.options.workers, this.queue.length));
    const onSignal = (signal: NodeJS.Signals): void => this.interrupt(signal);
    const onAbort = (): void => this.stop();
    const onExit = (): void => {
      for (const w of this.workers) w.kill();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    process.on('exit', onExit);
    this.options.signal?.addEventListener('abort', onAbort);
    try {
      const done = new Promise<void>((resolveDone) => (this.finish = resolveDone));
      if (this.options.signal?.aborted === true) this.stop();
      else for (let i = 0; i < this.size; i++) this.spawn();
      this.settle();
      await done;
    } finally {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      process.removeListener('exit', onExit);
      this.options.signal?.removeEventListener('abort', onAbort);
      for (const w of this.workers) w.kill();
    }
    if (this.fatal !== undefined) throw this.fatal;
    return [...this.outcomes.entries()].sort(([a], [b]) => a - b).map(([, o]) => o);
  }

  private spawn(): void {
    const worker = new Worker(
      this.nextId++,
      this.options.backend ?? {},
      (w, m) => this.onMessage(w, m),
      (w, why) => this.onExit(w, why),
      (w, line) => this.board.write(`[worker ${w.id}] ${line}\n`),
    );
    this.workers.add(worker);
  }

  private onMessage(worker: Worker, message: FromWorker): void {
    switch (message.type) {
      case 'ready':
        worker.ready = true;
        this.assign(worker);
        break;
      case 'init-failed':
        this.fail(new Error(`worker ${worker.id} could not load a backend: ${describeError(message.error)}`));
        break;
      case 'log':
        this.board.write(
          message.index === undefined
            ? `[worker ${worker.id}] ${message.line}\n`
            : `${this.title(message.index)}: ${message.line}\n`,
        );
        break;
      case 'progress':
        this.sinks.get(message.index)?.update(message.progress);
        break;
      case 'done':
        this.end(worker, message.index, message.result);
        break;
      case 'failed':
        this.end(worker, message.index, undefined, message.error);
        break;
    }
  }

  /** Records the end of a run and gives the worker its next one. */
  private end(worker: Worker, index: number, result?: RunResult, error?: WorkerError): void {
    const planned = this.plan[index];
    this.sinks.get(index)?.stop();
    this.sinks.delete(index);
    worker.busy = undefined;
    const pid = worker.child.pid;
    const title = this.title(index);
    if (error !== undefined) {
      const message = describeError(error);
      this.board.write(`${title}: run ${planned.run.id} failed: ${message}\n`);
      this.outcomes.set(index, { planned, status: 'failed', error: message, pid });
    } else if (result === undefined) {
      this.board.write(`${title}: stopped; a checkpoint is saved in ${planned.folder}\n`);
      this.outcomes.set(index, { planned, status: 'aborted', pid });
    } else {
      this.board.write(runSummaryLine(title, result));
      this.outcomes.set(index, { planned, status: 'ran', result, pid });
    }
    this.assign(worker);
    // A finished run may unblock runs waiting for it in other idle workers.
    for (const w of this.workers) if (w !== worker) this.assign(w);
  }

  private onExit(worker: Worker, why: string): void {
    this.workers.delete(worker);
    if (worker.busy !== undefined) {
      const tail = worker.tail.length > 0 ? `; its last output:\n${worker.tail.join('\n')}` : '';
      this.end(worker, worker.busy, undefined, {
        name: 'Error',
        message: `its worker process ended (${why})${tail}`,
      });
    } else if (!worker.ready && !this.stopping) {
      const tail = worker.tail.length > 0 ? `:\n${worker.tail.join('\n')}` : '';
      this.fail(new Error(`worker ${worker.id} ended before it was ready (${why})${tail}`));
    }
    // Replace a crashed worker while runs wait (bounded, so a crash loop ends).
    const waiting = this.queue.length - [...this.workers].filter((w) => w.busy === undefined).length;
    if (!this.stopping && waiting > 0 && this.workers.size < this.size && this.respawns < this.plan.length) {
      this.respawns++;
      this.spawn();
    }
    this.settle();
  }

  /** The first queued run whose dependencies have finished; fails runs whose dependency did not. */
  private runnable(): number | undefined {
    for (const index of [...this.queue]) {
      const deps = this.deps.get(index) ?? [];
      const broken = deps.find((d) => this.outcomes.has(d) && this.outcomes.get(d)?.status !== 'ran');
      if (broken !== undefined) {
        const planned = this.plan[index];
        const message = `its backbone run ${this.plan[broken].run.id} did not finish`;
        this.queue.splice(this.queue.indexOf(index), 1);
        this.board.write(`${this.title(index)}: run ${planned.run.id} failed: ${message}\n`);
        this.outcomes.set(index, { planned, status: 'failed', error: message });
        continue;
      }
      if (deps.every((d) => this.outcomes.get(d)?.status === 'ran')) return index;
    }
    return undefined;
  }

  /** Gives an idle, ready worker its next run, or lets it go when there is none left. */
  private assign(worker: Worker): void {
    if (!worker.ready || worker.busy !== undefined || worker.exited) return;
    const index = this.stopping ? undefined : this.runnable();
    if (index === undefined) {
      // Keep it while other runs may still unblock queued ones.
      if (this.stopping || this.queue.length === 0) worker.close();
      this.settle();
      return;
    }
    this.queue.splice(this.queue.indexOf(index), 1);
    worker.busy = index;
    this.sinks.set(index, this.board.sink(this.title(index)));
    worker.send({ type: 'run', index, planned: this.plan[index] });
  }

  /** Resolves {@link run} once every worker has exited. */
  private settle(): void {
    const idle = [...this.workers].every((w) => w.busy === undefined);
    if (idle && (this.stopping || this.runnable() === undefined)) {
      for (const w of this.workers) w.close();
    }
    if (this.workers.size === 0) this.finish?.();
  }

  /** Stops starting runs and asks active ones to stop after their step. */
  private stop(): void {
    if (this.stopping) return;
    this.stopping = true;
    for (const w of this.workers) {
      if (w.busy !== undefined) w.send({ type: 'abort' });
      else w.close();
    }
    this.settle();
  }

  private interrupt(signal: NodeJS.Signals): void {
    if (++this.signals === 1) {
      this.board.write(
        `${signal}: stopping the active runs after their current step (checkpoints are saved); again to kill them\n`,
      );
      this.stop();
      return;
    }
    for (const w of this.workers) w.kill();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  }

  private fail(error: Error): void {
    this.fatal ??= error;
    this.stopping = true;
    for (const w of this.workers) w.kill();
    this.settle();
  }
}
