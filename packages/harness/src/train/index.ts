/**
 * Training and evaluation engine of the harness: optimisers with explicit state (Adam,
 * AdamW, Adafactor), learning-rate schedules, gradient clipping, trainable policies, the
 * multi-task trainer, the evaluator (rank classification and greedy decoding, T5 metrics),
 * best-checkpoint tracking, resumable run checkpoints and the initial backbone loader.
 *
 * @packageDocumentation
 */
export {
  SLOT_SEPARATOR,
  SlotOptimizer,
  type NamedVariable,
  type OptimizerKind,
  type OptimizerStateJSON,
  type TrainOptimizer,
} from './optimizer';
export { AdamOptimizer, DEFAULT_ADAM, resolveAdam, type AdamConfig } from './adam';
export { AdafactorOptimizer, DEFAULT_ADAFACTOR, resolveAdafactor, type AdafactorConfig } from './adafactor';
export {
  createOptimizer,
  OPTIMIZER_KINDS,
  type OptimizerConfig,
  type AdamWOptimizerConfig,
  type AdamOptimizerConfig,
  type AdafactorOptimizerConfig,
} from './create-optimizer';
export {
  createSchedule,
  resolveSchedule,
  DEFAULT_SCHEDULE,
  SCHEDULE_KINDS,
  type Schedule,
  type ScheduleConfig,
  type ScheduleKind as TrainScheduleKind,
  clipByGlobalNorm,
  globalNorm,
  type ClippedGradients,
} from './schedule';
export {
  selectTrainable,
  describeTrainable,
  NORM_NAME_PATTERN,
  TRAINABLE_POLICIES,
  type BackboneVariables,
  type TrainablePolicy,
  type TrainableSet,
} from './trainable';
export {
  tokenizeExamples,
  DEFAULT_TOKENIZE,
  type EncodingTokenizer,
  type TokenizeOptions,
  type TokenizedExample,
  type TrainTask,
} from './data';
export { evalTaskFromDefinition, evalTaskFromSynthetic, type EvalTask } from './eval-task';
export {
  Evaluator,
  DEFAULT_EVALUATOR,
  type EvaluatorConfig,
  type EvalTokenizer,
  type TaskPredictions,
  updateBest,
  bestOf,
} from './evaluator';
export {
  saveCheckpoint,
  restoreCheckpoint,
  restoreModules,
  latestCheckpoint,
  readTrainState,
  stepFolderName,
  CHECKPOINT_FILES,
  TRAIN_STATE_VERSION,
  type CheckpointTargets,
  type RestoreOptions,
  type TrainState,
} from './checkpoint';
export {
  DEFAULT_TRAINER,
  resolveTrainerSettings,
  type TrainerSettings,
  type TrainerOptions,
  type TrainProgress,
  type StepResult,
  type TrainSummary,
  type LossPoint,
} from './trainer-config';
export { Trainer } from './trainer';
export { loadBackbone, type BackboneSource } from './backbone';
