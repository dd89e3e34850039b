/**
 * `@hyperprompt/t5`: a Hugging Face-exact T5 / T5.1.1 encoder-decoder on TensorFlow.js with
 * the hook points of `@hyperprompt/core`, HF checkpoint import/export, cached greedy decoding
 * and rank classification.
 *
 * @packageDocumentation
 */
export {
  resolveT5Config,
  parseHFConfig,
  toHFConfig,
  backboneSpecOf,
  HF_T5_DEFAULTS,
  type T5Config,
  type FeedForwardKind,
} from './config';
export { T5_PRESETS, t5Preset, t5ParameterCount, type T5PresetName } from './presets';
export { T5Model, type T5Inputs, type T5ForwardOptions, type T5LossOptions, type T5Output } from './t5-model';
export { resolveHooks, type HooksOption } from './hooks-option';
export { generate, type GenerateOptions, type DecodingOptions, type HooksFactory } from './decoding';
export { scoreCandidates, type ScoreCandidatesOptions, type Candidates } from './rank-classification';
export {
  readT5Checkpoint,
  writeT5Checkpoint,
  IGNORED_CHECKPOINT_KEYS,
  type T5Checkpoint,
  type ReadT5CheckpointOptions,
  type WriteT5CheckpointOptions,
} from './checkpoint';
export { relativePositionBucket, bucketMatrix, positionBias } from './layers/relative-position';
export type { AttentionObserver, AttentionWeights } from './layers/attention';
export type { HiddenStateObserver } from './stack';
export { toPaddedIds, shiftRight, type TokenIds, type TokenMask, type PaddedIds } from './inputs';
export { createT5Variables, t5VariableSpecs, variableNameOf, type T5VariableSpec } from './weights';
export * from './tokenizer';
