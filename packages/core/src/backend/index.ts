/**
 * Backend selection (`initBackend`) and the multithreaded-wasm support behind it.
 *
 * @packageDocumentation
 */
export {
  initBackend,
  createBackendInitializer,
  resolveBackendRequest,
  defaultThreads,
  formatBackendInfo,
  BACKEND_NAMES,
  BACKEND_ENV,
  THREADS_ENV,
  type BackendInfo,
  type BackendSource,
  type BackendRequest,
  type InitBackendOptions,
  type BackendInitializerDeps,
} from './init-backend';
export {
  BackendUnavailableError,
  createWasmLoader,
  type BackendName,
  type BackendLoader,
  type LoadedBackend,
  type LoaderContext,
} from './loaders';
export { MAX_WASM_THREADS, type ThreadedWasmOptions } from './wasm-threads';
