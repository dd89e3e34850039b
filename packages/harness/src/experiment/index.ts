/**
 * Experiments as data: the experiment file format (types, JSON Schema, defaults), its
 * resolution and validation, the method registry, sweeps, run ids and folders.
 *
 * @packageDocumentation
 */
export type {
  PresetBackbone,
  CheckpointBackbone,
  RunBackbone,
  ExperimentBackbone,
  DataSource,
  SamplerOptions,
  AdamOptions,
  AdamWOptions,
  AdafactorOptions,
  OptimizerOptions,
  ScheduleKind,
  ScheduleOptions,
  ExperimentPolicy,
  ExperimentFile,
} from './file-types';
export type {
  MethodLabel,
  MethodKindField,
  MethodEntry,
  PromptTuningEntry,
  AdaptersEntry,
  HyperFormerPPEntry,
  HyperPromptEntry,
  MethodSpec,
  MethodKind,
} from './method-specs';
export type { SweepFile } from './sweep-types';
export {
  DEFAULT_EXPERIMENT,
  DEFAULT_OPTIMIZERS,
  type OptimizerDefaults,
  type ExperimentConfig,
  type ExperimentDefaults,
  type ResolvedBackbone,
  type ResolvedPresetBackbone,
  type ResolvedDataSource,
  type ResolvedSampler,
  type ResolvedOptimizer,
  type ResolvedSchedule,
  type ResolvedMethodSpec,
} from './config';
export {
  METHOD_REGISTRY,
  hyperPromptLabel,
  METHOD_KINDS,
  isMethodKind,
  methodEntry,
  methodLabel,
  resolveMethods,
  countMethodParameters,
  type ResolvedMethodConfig,
  type MethodConfigOf,
  type MethodRegistryEntry,
  type ErasedMethodEntry,
  type ResolvedMethod,
} from './methods';
export { taskRegistry, canonicalTaskName, shortTaskName } from './task-names';
export { SCHEMA_DIR, loadSchema, validateAgainstSchema, type SchemaName } from './schema';
export { explain as explainSchemaProblem, type JsonSchema, type SchemaProblem } from './schema-explain';
export { resolveExperiment } from './resolve';
export {
  RUN_ID_VERSION,
  RUN_ID_LENGTH,
  RESULT_FILE,
  runConfig,
  runId,
  expandRuns,
  runFolder,
  isDone,
  type Run,
  type RunConfig,
  type RunSeed,
} from './runs';
export { setPath, expandSweep, type SweepPoint } from './sweep';
export {
  readJsonFile,
  resolveExperimentPath,
  isSweepFile,
  loadSweep,
  loadExperiment,
  loadExperiments,
  type LoadedExperiment,
} from './files';
export { planRuns, formatRunPlan, type PlannedRun, type PlanOptions, type RunShard } from './plan';
export { backboneConfigFile, isPresetName, backboneT5Config, backboneSpecOfBackbone } from './backbone';
