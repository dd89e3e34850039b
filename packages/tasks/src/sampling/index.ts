/**
 * Multi-task sampling and batching: mixing rates (examples-proportional with T5's size cap,
 * temperature, uniform), a seeded resumable batch sampler with mixed-task or single-task
 * batches over shuffled epochs, and tensor-free padding and length bucketing.
 *
 * @packageDocumentation
 */
export {
  checkTaskSizes,
  cumulative,
  DEFAULT_MIXING,
  drawCategorical,
  MIXING_KINDS,
  mixingProbabilities,
  resolveMixing,
  type MixingStrategy,
  type ProportionalMixing,
  type TemperatureMixing,
  type UniformMixing,
} from './mixing';
export { checkCursor, EpochOrder, type EpochCursor } from './epoch-order';
export {
  BATCH_MODES,
  pickExamples,
  resolveTaskSamplerOptions,
  TaskSampler,
  type BatchMode,
  type ResolvedTaskSamplerOptions,
  type SampledBatch,
  type TaskSamplerOptions,
  type TaskSamplerState,
} from './task-sampler';
export {
  bucketByLength,
  bucketOf,
  padIds,
  quantileBoundaries,
  type BucketOptions,
  type PadOptions,
  type PaddedIds,
} from './batching';
