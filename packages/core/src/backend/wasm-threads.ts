/**
 * Runtime shim that runs the threaded-SIMD build of `@tensorflow/tfjs-backend-wasm` 4.22
 * (XNNPACK + emscripten pthreads) under Node.js, where the library turns threads off.
 * Nothing in `node_modules` is modified. The four obstacles it works around:
 *
 * 1. `WASM_HAS_MULTITHREAD_SUPPORT` is hard-coded to false in Node: we set the flag.
 * 2. The glue starts its 8 pool workers from a `blob:` URL (ERR_WORKER_PATH in Node): while
 *    the backend initialises, `globalThis.Worker` is an accessor that hands the glue our
 *    {@link https://nodejs.org/api/worker_threads.html | worker_threads} subclass, which
 *    evaluates the pthread bootstrap source and points its `load` message at the plain
 *    emscripten glue file.
 * 3. The C++ side caps the pool at `os.cpus().length / 2`: `os.cpus` reports enough cores
 *    while the wasm constructors run.
 * 4. Running pthreads keep their workers ref'd, so Node would never exit: after init every
 *    worker is unref'd and later `ref()` calls are ignored.
 *
 * Both global patches are restored in a `finally`. Any failure (a worker error, a timeout,
 * tfjs refusing the backend) terminates the workers started so far, resets the flags for a
 * single-threaded retry and throws, so callers can fall back.
 *
 * Relies on tfjs-backend-wasm internals: pinned to 4.22.0, re-verify on upgrade.
 *
 * @packageDocumentation
 */
import os from 'node:os';
import path from 'node:path';
import { Worker as NodeWorker, type Transferable, type WorkerOptions } from 'node:worker_threads';
import type * as tfjs from '@tensorflow/tfjs';
import { describeValue } from '../errors';

/** Size of the pthread pool compiled into the threaded wasm build; more threads cannot run. */
export const MAX_WASM_THREADS = 8;

/** The part of `@tensorflow/tfjs-backend-wasm` the shim uses. */
export interface WasmThreadsApi {
  /** Sets the XNNPACK thread count used by the next backend initialisation. */
  setThreadsCount(threads: number): void;
  /** The thread count of the initialised backend. */
  getThreadsCount(): number;
}

/**
 * Options of the multithreaded-wasm shim (used by `createWasmLoader`); the overrides exist
 * for fault-injection tests.
 */
export interface ThreadedWasmOptions {
  /** Give up (and clean up) when initialisation takes longer. @defaultValue 30000 */
  readonly timeoutMs?: number;
  /** Replaces the pthread bootstrap source shipped by the package. @defaultValue the package's */
  readonly workerSource?: string;
}

interface ThreadedBuild {
  /** The pthread bootstrap, escaped the way tfjs escapes it for its Blob. */
  readonly workerSource: string;
  /** Absolute path of the untranspiled emscripten glue each pthread worker evaluates. */
  readonly mainScriptPath: string;
}

async function locateThreadedBuild(workerSource: string | undefined): Promise<ThreadedBuild> {
  const wasmDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
  const mainScriptPath = path.join(wasmDir, 'wasm-out', 'tfjs-backend-wasm-threaded-simd.js');
  if (workerSource !== undefined) return { workerSource, mainScriptPath };
  const workerPath = path.join(wasmDir, 'wasm-out', 'tfjs-backend-wasm-threaded-simd.worker.js');
  const workerModule = (await import(workerPath)) as { wasmWorkerContents?: unknown };
  const contents = workerModule.wasmWorkerContents;
  if (typeof contents !== 'string') {
    throw new Error('tfjs-backend-wasm no longer exports wasmWorkerContents (not version 4.22?)');
  }
  // The template literal turned the source's "\n" escapes into real newlines; tfjs undoes
  // that before building its Blob and so must we, or the worker throws a SyntaxError.
  return { workerSource: contents.replace(/\n/g, '\\n'), mainScriptPath };
}

/** The workers one initialisation started, and what their errors and `ref()` calls mean. */
class PthreadSession {
  readonly workers: NodeWorker[] = [];
  /** `initialising` until {@link release} (success) or {@link abort} (failure). */
  state: 'initialising' | 'running' | 'aborted' = 'initialising';
  private rejectFailure: (error: Error) => void = () => undefined;
  /** Rejects with the first worker error seen while initialising. */
  readonly failure = new Promise<never>((_, reject) => {
    this.rejectFailure = reject;
  });

  constructor() {
    this.failure.catch(() => undefined); // observed through Promise.race only
  }

  fail(error: unknown): void {
    if (this.state === 'initialising')
      this.rejectFailure(error instanceof Error ? error : new Error(String(error)));
  }

  /** Lets the process exit while pthreads are parked: unref now and ignore later `ref()`s. */
  release(): void {
    this.state = 'running';
    for (const worker of this.workers) worker.unref();
  }

  /** Stops every worker; their late errors are ignored from now on. */
  abort(): void {
    this.state = 'aborted';
    for (const worker of this.workers) void worker.terminate().catch(() => undefined);
  }
}

/** A `Worker` class bound to `session`, for the emscripten glue to instantiate. */
function pthreadWorkerClass(session: PthreadSession, build: ThreadedBuild): typeof NodeWorker {
  const { workerSource, mainScriptPath } = build;
  return class PthreadWorker extends NodeWorker {
    private glueOnError: ((error: unknown) => void) | undefined;

    constructor(_blobUrl: string | URL, options?: WorkerOptions) {
      super(workerSource, { ...options, eval: true });
      session.workers.push(this);
      // Without a listener an early 'error' event would crash the process.
      this.on('error', (error: Error) => session.fail(error));
      // A worker that exits while the backend starts would otherwise leave nothing to wait
      // for, and Node would end the process mid-initialisation with exit code 0.
      this.on('exit', (code: number) =>
        session.fail(new Error(`a pthread worker exited (code ${code}) during initialisation`)),
      );
    }

    // The glue installs `worker.on('error', e => worker.onerror(e))` and its onerror
    // rethrows (an uncaught exception). While initialising the session records the error
    // instead, and errors of aborted workers (one per pool worker) are dropped.
    get onerror(): (error: unknown) => void {
      return (error) => {
        if (session.state === 'running') this.glueOnError?.(error);
        else session.fail(error);
      };
    }

    set onerror(handler: (error: unknown) => void) {
      this.glueOnError = handler;
    }

    override postMessage(value: unknown, transferList?: readonly Transferable[]): void {
      const message = value as { cmd?: unknown } | null;
      // tfjs sends a Blob of its transpiled bundle, which worker_threads cannot load.
      const patched =
        message !== null && typeof message === 'object' && message.cmd === 'load'
          ? { ...message, urlOrBlob: mainScriptPath }
          : value;
      super.postMessage(patched, transferList);
    }

    override ref(): void {
      if (session.state === 'initialising') super.ref();
    }
  };
}

/** Patches `globalThis.Worker` and `os.cpus`; the returned function restores both. */
function patchGlobals(workerClass: typeof NodeWorker, threads: number): () => void {
  const previousWorker = Object.getOwnPropertyDescriptor(globalThis, 'Worker');
  const previousCpus = Object.getOwnPropertyDescriptor(os, 'cpus');
  const realCpus = os.cpus.bind(os);
  Object.defineProperty(globalThis, 'Worker', {
    configurable: true,
    get: () => workerClass,
    set: () => undefined, // swallows the glue's `global.Worker = worker_threads.Worker`
  });
  Object.defineProperty(os, 'cpus', {
    configurable: true,
    writable: true,
    value: (): os.CpuInfo[] => {
      const cpus = realCpus();
      while (cpus.length > 0 && cpus.length < 2 * threads) cpus.push(cpus[0]);
      return cpus;
    },
  });
  return () => {
    if (previousWorker) Object.defineProperty(globalThis, 'Worker', previousWorker);
    else Reflect.deleteProperty(globalThis, 'Worker');
    if (previousCpus) Object.defineProperty(os, 'cpus', previousCpus);
  };
}

function timeout(ms: number): { promise: Promise<never>; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<never>((_, reject) => {
    // Deliberately not unref'd: it keeps the process alive while the backend starts (it is
    // cancelled as soon as initialisation settles).
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

/**
 * Initialises and selects the `wasm` backend with `threads` XNNPACK threads (2 to
 * {@link MAX_WASM_THREADS}) instead of `tf.setBackend('wasm')`. Resolves with the thread
 * count the backend reports. On failure it stops the workers it started, resets the
 * multithread flag and thread count so that a plain `tf.setBackend('wasm')` can follow, and
 * throws. Must run before anything else initialises the wasm backend in this process.
 *
 * @param tf - the `@tensorflow/tfjs` namespace.
 * @param wasm - the `@tensorflow/tfjs-backend-wasm` namespace.
 * @param threads - number of threads, an integer from 2 to {@link MAX_WASM_THREADS}.
 * @param options - timeout and fault-injection overrides.
 */
export async function initWasmThreaded(
  tf: typeof tfjs,
  wasm: WasmThreadsApi,
  threads: number,
  options: ThreadedWasmOptions = {},
): Promise<number> {
  if (!Number.isInteger(threads) || threads < 2 || threads > MAX_WASM_THREADS) {
    throw new RangeError(`threads must be an integer from 2 to ${MAX_WASM_THREADS}, got ${threads}`);
  }
  const build = await locateThreadedBuild(options.workerSource);
  const session = new PthreadSession();
  const timer = timeout(options.timeoutMs ?? 30_000);
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  wasm.setThreadsCount(threads);
  const restore = patchGlobals(pthreadWorkerClass(session, build), threads);
  let failure: unknown;
  try {
    const ok = await Promise.race([tf.setBackend('wasm'), session.failure, timer.promise]);
    if (!ok) failure = new Error("tf.setBackend('wasm') returned false");
  } catch (error) {
    failure = error;
  } finally {
    timer.cancel();
    restore();
  }
  if (failure !== undefined) {
    session.abort();
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    wasm.setThreadsCount(1);
    throw failure instanceof Error ? failure : new Error(describeValue(failure));
  }
  session.release();
  return wasm.getThreadsCount();
}
