/**
 * Backend selection: native `tensorflow` when `@tensorflow/tfjs-node` loads, else `wasm`
 * (SIMD, multithreaded), else `cpu`; environment variables override the code's choice, and
 * the choice is logged once.
 *
 * Threads in tests: under jest (`JEST_WORKER_ID` is set) the default wasm thread count is 1.
 * Every jest test file loads its own wasm instance, and a threaded one starts 8 pthread
 * workers that hold its memory until the file's backend is removed; test shapes are too
 * small to gain from threads, and jest already runs files in parallel. An explicit
 * `threads` option or `HYPERPROMPT_THREADS` still applies in tests.
 *
 * @packageDocumentation
 */
import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '../errors';
import {
  BackendUnavailableError,
  DEFAULT_LOADERS,
  type BackendLoader,
  type BackendName,
  type LoadedBackend,
} from './loaders';
import { MAX_WASM_THREADS } from './wasm-threads';

/** Every {@link BackendName}, in the default order of preference. */
export const BACKEND_NAMES: readonly BackendName[] = Object.freeze(['tensorflow', 'wasm', 'cpu']);

/** Environment variable naming one backend or a comma-separated list tried in order. */
export const BACKEND_ENV = 'HYPERPROMPT_BACKEND';

/** Environment variable setting the wasm thread count (1 to {@link MAX_WASM_THREADS}). */
export const THREADS_ENV = 'HYPERPROMPT_THREADS';

/** Where the list of candidate backends came from. */
export type BackendSource = 'env' | 'option' | 'default';

/** The backend {@link initBackend} selected. */
export interface BackendInfo {
  /** The selected backend; also what `tf.getBackend()` now returns. */
  readonly name: BackendName;
  /** Threads it computes with: 1 for cpu, the XNNPACK pool for wasm, the core count for tensorflow. */
  readonly threads: number;
  /** Whether kernels are vectorised (wasm SIMD build, or native tensorflow). */
  readonly simd: boolean;
  /** Whether the candidate list came from {@link BACKEND_ENV}, `prefer`, or the default. */
  readonly source: BackendSource;
}

/** Options of {@link initBackend}. Environment variables take precedence over them. */
export interface InitBackendOptions {
  /** Candidates tried in order until one loads. @defaultValue `['tensorflow', 'wasm', 'cpu']` */
  readonly prefer?: readonly BackendName[];
  /** wasm thread count, 1 to 8. @defaultValue `min(os.cpus().length, 8)`, but 1 under jest */
  readonly threads?: number;
  /** Receives the one-line backend report and warnings. @defaultValue a line on stderr */
  readonly log?: (line: string) => void;
}

/** A validated request: what {@link initBackend} will try. */
export interface BackendRequest {
  /** Backends to try, in order. */
  readonly candidates: readonly BackendName[];
  /** wasm thread count. */
  readonly threads: number;
  /** Where `candidates` came from. */
  readonly source: BackendSource;
}

/** Replaceable parts of a backend initialiser, for tests and embedders. */
export interface BackendInitializerDeps {
  /** Loaders replacing the default ones, per backend. @defaultValue the real loaders */
  readonly loaders?: Partial<Readonly<Record<BackendName, BackendLoader>>>;
  /** Environment to read {@link BACKEND_ENV} and {@link THREADS_ENV} from. @defaultValue `process.env` */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const THREADS_ALLOWED = `an integer from 1 to ${MAX_WASM_THREADS}`;

function parseBackendList(field: string, value: unknown, names: readonly unknown[]): BackendName[] {
  const allowed = `a non-empty list of distinct backends from ${BACKEND_NAMES.join(', ')}`;
  const valid = names.every((n) => (BACKEND_NAMES as readonly unknown[]).includes(n));
  if (names.length === 0 || !valid || new Set(names).size !== names.length) {
    throw new ConfigError(field, value, allowed);
  }
  return names as BackendName[];
}

function checkThreads(field: string, value: unknown, threads: number): number {
  if (!Number.isInteger(threads) || threads < 1 || threads > MAX_WASM_THREADS) {
    throw new ConfigError(field, value, THREADS_ALLOWED);
  }
  return threads;
}

/** Default wasm thread count: the logical cores (at most 8), or 1 under jest. */
export function defaultThreads(env: Readonly<Record<string, string | undefined>> = process.env): number {
  if (env.JEST_WORKER_ID !== undefined) return 1;
  return Math.max(1, Math.min(os.cpus().length, MAX_WASM_THREADS));
}

/**
 * Validates options and environment and merges them (environment wins). Empty variables
 * count as unset. Throws a `ConfigError` naming the variable or option and the allowed values.
 *
 * @param options - the caller's options.
 * @param env - the environment. @defaultValue `process.env`
 */
export function resolveBackendRequest(
  options: InitBackendOptions = {},
  env: Readonly<Record<string, string | undefined>> = process.env,
): BackendRequest {
  const prefer =
    options.prefer === undefined ? undefined : parseBackendList('prefer', options.prefer, options.prefer);
  const threadsOption =
    options.threads === undefined ? undefined : checkThreads('threads', options.threads, options.threads);
  if (options.log !== undefined && typeof options.log !== 'function') {
    throw new ConfigError('log', options.log, 'a function (line: string) => void');
  }
  const backendEnv = env[BACKEND_ENV]?.trim() ?? '';
  const threadsEnv = env[THREADS_ENV]?.trim() ?? '';
  const fromEnv =
    backendEnv === ''
      ? undefined
      : parseBackendList(
          BACKEND_ENV,
          backendEnv,
          backendEnv.split(',').map((s) => s.trim().toLowerCase()),
        );
  const threads =
    threadsEnv !== ''
      ? checkThreads(THREADS_ENV, threadsEnv, /^\d+$/.test(threadsEnv) ? Number(threadsEnv) : NaN)
      : (threadsOption ?? defaultThreads(env));
  if (fromEnv) return { candidates: fromEnv, threads, source: 'env' };
  if (prefer) return { candidates: prefer, threads, source: 'option' };
  return { candidates: BACKEND_NAMES, threads, source: 'default' };
}

/** The report line, e.g. `[hyperprompt] backend: wasm (simd, 2 threads)`. */
export function formatBackendInfo(info: BackendInfo): string {
  const traits = info.name === 'tensorflow' ? ['native'] : info.simd ? ['simd'] : [];
  traits.push(`${info.threads} thread${info.threads === 1 ? '' : 's'}`);
  const origin = info.source === 'env' ? ` [${BACKEND_ENV}]` : '';
  return `[hyperprompt] backend: ${info.name} (${traits.join(', ')})${origin}`;
}

const stderrLog = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

async function select(
  request: BackendRequest,
  loaders: Readonly<Record<BackendName, BackendLoader>>,
  log: (line: string) => void,
): Promise<BackendInfo> {
  const warn = (text: string): void => log(`[hyperprompt] warning: ${text}`);
  const failures: string[] = [];
  for (const [i, name] of request.candidates.entries()) {
    let loaded: LoadedBackend;
    try {
      loaded = await loaders[name]({ threads: request.threads, warn });
    } catch (error) {
      const reason =
        error instanceof BackendUnavailableError
          ? error.reason
          : error instanceof Error
            ? error.message
            : String(error);
      failures.push(`${name}: ${reason}`);
      const quiet =
        error instanceof BackendUnavailableError && error.expected && request.source === 'default';
      if (!quiet && i + 1 < request.candidates.length) {
        warn(`backend ${name} unavailable (${reason}); trying ${request.candidates[i + 1]}`);
      }
      continue;
    }
    return { name, threads: loaded.threads, simd: loaded.simd, source: request.source };
  }
  const field = request.source === 'env' ? BACKEND_ENV : 'prefer';
  throw new ConfigError(
    field,
    request.candidates.join(','),
    `a backend that loads here (${failures.join('; ')})`,
  );
}

/**
 * Makes an independent {@link initBackend} with its own cache and log-once state, and with
 * replaceable loaders and environment.
 *
 * @param deps - loaders and environment overrides.
 */
export function createBackendInitializer(
  deps: BackendInitializerDeps = {},
): (options?: InitBackendOptions) => Promise<BackendInfo> {
  const loaders = { ...DEFAULT_LOADERS, ...deps.loaders };
  let last: { key: string; info: Promise<BackendInfo> } | undefined;
  let lastLogged: string | undefined;
  const forget = (pending: Promise<BackendInfo>): void => {
    if (last !== undefined && last.info === pending) last = undefined;
  };
  return async (options = {}) => {
    const request = resolveBackendRequest(options, deps.env ?? process.env);
    const log = options.log ?? stderrLog;
    const key = JSON.stringify(request);
    if (last?.key === key) {
      const info = await last.info;
      // Someone may have switched backends since; switching back is cheap once initialised.
      if (tf.engine().backendName !== info.name && info.name in tf.engine().registry) {
        await tf.setBackend(info.name);
      }
      return info;
    }
    const pending = select(request, loaders, log);
    last = { key, info: pending };
    try {
      const info = await pending;
      const line = formatBackendInfo(info);
      if (line !== lastLogged) log(line);
      lastLogged = line;
      return info;
    } catch (error) {
      forget(pending);
      throw error;
    }
  };
}

/**
 * Selects the fastest TensorFlow.js backend that runs here and logs it once, e.g.
 * `[hyperprompt] backend: wasm (simd, 2 threads)`. Candidates are tried in order:
 * {@link BACKEND_ENV} (one name or a comma list), else `options.prefer`, else
 * `tensorflow, wasm, cpu`; a candidate that fails is skipped with a warning (silently for a
 * `tensorflow` backend that simply is not installed). The wasm thread count comes from
 * {@link THREADS_ENV}, else `options.threads`, else {@link defaultThreads}; if threaded
 * wasm fails, one thread is used with a warning. Calling it again with the same request is
 * a cheap no-op returning the same info. Await it before running any op.
 *
 * @param options - candidates, thread count and log sink.
 * @returns what was selected.
 * @throws `ConfigError` for an invalid option or variable, or when no candidate loads.
 *
 * @example
 * ```ts
 * const info = await initBackend(); // logs "[hyperprompt] backend: wasm (simd, 2 threads)"
 * // `HYPERPROMPT_BACKEND=cpu node train.js` forces cpu; `HYPERPROMPT_THREADS=1` one thread
 * ```
 */
export const initBackend: (options?: InitBackendOptions) => Promise<BackendInfo> = createBackendInitializer();
