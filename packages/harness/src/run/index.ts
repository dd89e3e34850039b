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
  measureAttentionMass,
  ATTENTION_EXAMPLES,
  type AttentionInputs,
  type AttentionTaskExamples,
} from './attention';
export { progressSink, type ProgressSink } from './progress';
export { runnerHandlers, SMALL_BACKBONE_PARAMETERS } from './handlers';
export {
  runComparison,
  quickExperiment,
  QUICK_OVERRIDES,
  type QuickOverrides,
  type ComparisonOptions,
  type ComparisonOutcome,
} from './run-comparison';
