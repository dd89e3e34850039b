/**
 * `@hyperprompt/core`: the hook interface between a backbone and task-conditioning methods,
 * the method contract, named seeded variables, parameter accounting, fast kernels for the
 * wasm backend, checkpoint IO (safetensors, bundles), backend selection and errors.
 *
 * @packageDocumentation
 */
export {
  HyperPromptError,
  ConfigError,
  ShapeError,
  CheckpointError,
  DataError,
  DivergenceError,
  describeValue,
} from './errors';
export { Rng, hashString, type RngState } from './rng';
export {
  composeHooks,
  formatSite,
  HOOK_NAMES,
  type HookName,
  type StackName,
  type AttentionKind,
  type LayerSite,
  type AttentionSite,
  type EmbeddedSequence,
  type AttentionKV,
  type BackboneHooks,
} from './hooks';
export {
  createForwardContext,
  assertKnownTasks,
  type ForwardContext,
  type ForwardContextOptions,
} from './context';
export {
  definePeftMethod,
  rejectUnknownKeys,
  type BackboneSpec,
  type BackboneHandle,
  type MethodConfig,
  type ResolveContext,
  type PeftModule,
  type PeftMethod,
} from './method';
export {
  VariableStore,
  assignVariables,
  checkVariableName,
  MAX_VARIABLE_ELEMENTS,
  PARAMETER_CATEGORIES,
  type ParameterCategory,
  type ManagedVariable,
  type CreateVariableOptions,
  type ReadonlyVariableStore,
} from './variables';
export * as initializers from './initializers-exports';
export type { Initializer, SampledRowsOptions } from './initializers';
export {
  breakdown,
  addBreakdowns,
  totalParameters,
  extraParameters,
  countStore,
  parameterTable,
  parameterTableToJSON,
  formatParameterTable,
  formatCount,
  formatPercent,
  EMPTY_BREAKDOWN,
  type ParameterBreakdown,
  type ParameterTable,
  type ParameterTableRow,
  type ParameterTableRowJSON,
  type ParameterTableJSON,
} from './accounting';
export { LIBRARY_VERSION } from './version';
export * from './io';
export * from './kernels';
export * from './backend';
export {
  saveModuleBundle,
  loadModuleBundle,
  type SaveModuleBundleOptions,
  type LoadModuleBundleOptions,
  type LoadedModule,
} from './module-bundle';
