/**
 * The runner: executes planned runs (training, evaluation, checkpoints, attention analysis,
 * `result.json`), prints progress, and implements the CLI's `run`, `sweep`, `report`,
 * `predict` and `bench` commands.
 *
 * @packageDocumentation
 */
export { executeRun, RUN_CHECKPOINT_DIR, type ExecuteRunOptions } from './execute-run';
export { runPlan, type RunPlanOptions, type RunOutcome } from './run-plan';
export { loadRunData, runTokenizer, RUN_TOKENIZER_DIR, type RunData } from './run-data';
export {
  majorityBaselines,
  majorityBaseline,
  majorityLabel,
  type MajorityBaselineOptions,
} from './baselines';
export {
  measureAttentionMass,
  ATTENTION_EXAMPLES,
  type AttentionInputs,
  type AttentionTaskExamples,
} from './attention';
export { progressSink, progressBoard, type ProgressSink, type ProgressBoard } from './progress';
export { runnerHandlers } from './handlers';
export {
  defaultWorkers,
  allSmallBackbones,
  SMALL_BACKBONE_PARAMETERS,
  type DefaultWorkersOptions,
} from './workers/parallelism';
export type { WorkerBackendOptions } from './workers/messages';
export {
  runComparison,
  quickExperiment,
  QUICK_OVERRIDES,
  type QuickOverrides,
  type ComparisonOptions,
  type ComparisonOutcome,
} from './run-comparison';
