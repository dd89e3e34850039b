/**
 * How each TensorFlow.js backend is loaded and selected: native `tensorflow` (the optional
 * `@tensorflow/tfjs-node`), `wasm` (SIMD, multithreaded through the shim in
 * `wasm-threads.ts`) and the pure-JS `cpu` backend. A loader either selects its backend
 * with `tf.setBackend` and describes it, or throws when the backend cannot run here.
 *
 * Packages are imported lazily: importing this module registers no backend, so code that
 * never calls `initBackend` keeps tfjs's own default (cpu in Node).
 *
 * @packageDocumentation
 */
import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { HyperPromptError } from '../errors';
import { initWasmThreaded, type ThreadedWasmOptions } from './wasm-threads';

/** A TensorFlow.js backend this library can select, in default order of preference. */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

/** What a {@link BackendLoader} reports about the backend it selected. */
export interface LoadedBackend {
  /** Threads the backend computes with (for `tensorflow`: the logical core count). */
  readonly threads: number;
  /** Whether kernels are vectorised: wasm's SIMD build, always true for native tensorflow. */
  readonly simd: boolean;
}

/** What a {@link BackendLoader} is asked for. */
export interface LoaderContext {
  /** Requested thread count; only the wasm backend uses it. */
  readonly threads: number;
  /** Reports a non-fatal problem (already prefixed by the caller). */
  readonly warn: (message: string) => void;
}

/**
 * Loads and selects one backend. Throws (preferably a {@link BackendUnavailableError}) when
 * the backend cannot run in this process, so that the next candidate is tried.
 */
export type BackendLoader = (context: LoaderContext) => Promise<LoadedBackend>;

/** Thrown by a {@link BackendLoader} when its backend cannot run here. */
export class BackendUnavailableError extends HyperPromptError {
  /**
   * @param backend - the backend that could not be loaded.
   * @param reason - why, in words.
   * @param expected - true when unavailability is normal (e.g. an optional package that is
   *   not installed), so the fallback is not worth a warning.
   */
  constructor(
    readonly backend: BackendName,
    readonly reason: string,
    readonly expected = false,
  ) {
    super(`backend ${backend} unavailable: ${reason}`);
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const TFJS_NODE = '@tensorflow/tfjs-node';

/** Loads `@tensorflow/tfjs-node` if it is installed and its native addon loads. */
export const loadTensorflow: BackendLoader = async () => {
  try {
    // A string variable keeps TypeScript from resolving the optional, uninstalled package.
    const specifier: string = TFJS_NODE;
    await import(specifier);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const missing = code === 'MODULE_NOT_FOUND' && message(error).includes(`'${TFJS_NODE}'`);
    throw new BackendUnavailableError('tensorflow', missing ? 'not installed' : message(error), missing);
  }
  if (!('tensorflow' in tf.engine().registryFactory)) {
    throw new BackendUnavailableError(
      'tensorflow',
      `${TFJS_NODE} loaded but registered no backend with this copy of @tensorflow/tfjs (version mismatch?)`,
    );
  }
  if (!(await tf.setBackend('tensorflow'))) {
    throw new BackendUnavailableError('tensorflow', "tf.setBackend('tensorflow') failed");
  }
  return { threads: os.cpus().length, simd: true };
};

/**
 * Builds the wasm loader. With `threads > 1` it tries the multithreaded shim first and falls
 * back to one thread with a warning if that fails for any reason. If the wasm backend was
 * already initialised in this process, its thread count is kept (it is fixed at init).
 *
 * @param shim - options passed to the threads shim (timeouts, fault injection in tests).
 */
export function createWasmLoader(shim: ThreadedWasmOptions = {}): BackendLoader {
  return async ({ threads, warn }) => {
    const wasm = await import('@tensorflow/tfjs-backend-wasm'); // registers 'wasm'
    const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
    if ('wasm' in tf.engine().registry) {
      const current = wasm.getThreadsCount();
      if (current !== threads) {
        warn(`wasm was already initialised with ${current} thread(s) in this process; keeping that`);
      }
      await tf.setBackend('wasm');
      return { threads: current, simd };
    }
    if (threads > 1 && !simd) {
      warn('this runtime has no wasm SIMD, and the threaded build needs it; using 1 thread');
    } else if (threads > 1) {
      try {
        return { threads: await initWasmThreaded(tf, wasm, threads, shim), simd };
      } catch (error) {
        warn(`multithreaded wasm failed (${message(error)}); falling back to 1 thread`);
      }
    }
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    wasm.setThreadsCount(1);
    if (!(await tf.setBackend('wasm'))) {
      throw new BackendUnavailableError('wasm', "tf.setBackend('wasm') failed (see tfjs's warning above)");
    }
    return { threads: wasm.getThreadsCount(), simd };
  };
}

/**
 * Selects the pure-JS cpu backend and silences its one-time "looks like you are running
 * TensorFlow.js in Node.js" banner by clearing the backend's first-use flag. That is less
 * intrusive than the global alternatives: `IS_TEST` turns on per-kernel leak checks and
 * `PROD` mutes every tfjs warning.
 */
export const loadCpu: BackendLoader = async () => {
  if (!(await tf.setBackend('cpu'))) throw new BackendUnavailableError('cpu', "tf.setBackend('cpu') failed");
  const backend = tf.engine().registry.cpu as unknown as { firstUse?: unknown } | undefined;
  if (backend !== undefined && typeof backend.firstUse === 'boolean') backend.firstUse = false;
  return { threads: 1, simd: false };
};

/** The loaders {@link BackendName}s map to by default. */
export const DEFAULT_LOADERS: Readonly<Record<BackendName, BackendLoader>> = Object.freeze({
  tensorflow: loadTensorflow,
  wasm: createWasmLoader(),
  cpu: loadCpu,
});
