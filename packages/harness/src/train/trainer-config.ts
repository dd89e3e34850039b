/**
 * Settings and options of the {@link Trainer}: the data-like settings (steps, cadences,
 * clipping, smoothing, policy, seed) with their defaults, and the live objects and callbacks.
 *
 * @packageDocumentation
 */
import { ConfigError, rejectUnknownKeys, type PeftModule } from '@hyperprompt/core';
import type { T5Model } from '@hyperprompt/t5';
import type { BatchMode, MixingStrategy } from '@hyperprompt/tasks';
import type { BestSummary, EvalRecord } from '../result';
import type { OptimizerConfig } from './create-optimizer';
import type { TrainOptimizer } from './optimizer';
import type { TrainTask } from './data';
import type { Evaluator } from './evaluator';
import type { ScheduleConfig } from './schedule';
import { TRAINABLE_POLICIES, type TrainablePolicy } from './trainable';

/** Data-like settings of a training run. */
export interface TrainerSettings {
  /** Total optimiser steps of the run. @defaultValue 1000 */
  readonly steps: number;
  /** Examples per batch. @defaultValue 32 */
  readonly batchSize: number;
  /** How tasks are mixed (see `TaskSampler`). @defaultValue examples-proportional */
  readonly mixing?: MixingStrategy;
  /** Mixed-task batches (T5) or single-task batches (HyperFormer). @defaultValue 'mixed' */
  readonly batchMode: BatchMode;
  /** Evaluate every this many steps (and after the last); 0: only after the last. @defaultValue 0 */
  readonly evalEvery: number;
  /** Checkpoint every this many steps (and after the last) when a directory is given; 0: only after the last. @defaultValue 0 */
  readonly checkpointEvery: number;
  /** Record the loss every this many steps. @defaultValue 10 */
  readonly logEvery: number;
  /** Global-norm gradient clipping; `Infinity`: none (T5 relies on Adafactor's update clipping). @defaultValue Infinity */
  readonly clipNorm: number;
  /** Label smoothing ε of the loss. @defaultValue 0 */
  readonly labelSmoothing: number;
  /** Which variables train. @defaultValue 'all' */
  readonly trainable: TrainablePolicy;
  /** Seed of the task sampler and of the dropout generator. @defaultValue 0 */
  readonly seed: number;
}

/** Defaults of {@link TrainerSettings}. */
export const DEFAULT_TRAINER: TrainerSettings = Object.freeze({
  steps: 1000,
  batchSize: 32,
  batchMode: 'mixed',
  evalEvery: 0,
  checkpointEvery: 0,
  logEvery: 10,
  clipNorm: Infinity,
  labelSmoothing: 0,
  trainable: 'all',
  seed: 0,
});

const SETTING_KEYS = [...Object.keys(DEFAULT_TRAINER), 'mixing'];

/** One sampled training loss. */
export interface LossPoint {
  /** Steps done. */
  readonly step: number;
  /** The loss of that step. */
  readonly loss: number;
}

/** What the progress callback receives after every step. */
export interface TrainProgress {
  /** Steps done. */
  readonly step: number;
  /** Total steps of the run. */
  readonly steps: number;
  /** Loss of this step. */
  readonly loss: number;
  /** Learning rate used by this step. */
  readonly lr: number;
  /** Global gradient norm before clipping. */
  readonly gradNorm: number;
  /** Training steps per second since this process started training (evaluation excluded). */
  readonly stepsPerSecond: number;
  /** Estimated seconds to the last step (evaluations excluded). */
  readonly etaSeconds: number;
}

/** Live objects and callbacks of a {@link Trainer}. */
export interface TrainerOptions {
  /** The backbone. */
  readonly model: T5Model;
  /** Method modules, composed left to right. @defaultValue none (plain multi-task T5) */
  readonly modules?: readonly PeftModule[];
  /** Tokenised training data, in task-id order. */
  readonly tasks: readonly TrainTask[];
  /** An optimiser config or instance (the trainer disposes neither). @defaultValue Adafactor */
  readonly optimizer?: OptimizerConfig | TrainOptimizer;
  /** Learning-rate schedule. @defaultValue constant 1e-3 */
  readonly schedule?: Partial<ScheduleConfig>;
  /** Settings; see {@link TrainerSettings}. */
  readonly settings?: Partial<TrainerSettings>;
  /** Evaluates at the eval cadence; without it nothing is evaluated. */
  readonly evaluator?: Evaluator;
  /** Where checkpoints go; without it nothing is saved. */
  readonly checkpointDir?: string;
  /** Called after every step. */
  readonly onProgress?: (progress: TrainProgress) => void;
  /** Called after every evaluation. */
  readonly onEval?: (record: EvalRecord) => void;
  /** Receives informational lines (e.g. the trainable parameter count before training). */
  readonly log?: (line: string) => void;
}

/** Outcome of one optimiser step. */
export interface StepResult {
  /** Steps done after it. */
  readonly step: number;
  /** Its loss. */
  readonly loss: number;
  /** Its learning rate. */
  readonly lr: number;
  /** Global gradient norm before clipping. */
  readonly gradNorm: number;
}

/** What {@link Trainer.train} returns. */
export interface TrainSummary {
  /** Steps done. */
  readonly step: number;
  /** True when the run stopped early on the abort signal. */
  readonly aborted: boolean;
  /** Every evaluation of the run (restored ones included). */
  readonly evals: readonly EvalRecord[];
  /** Best evaluations; absent when nothing was evaluated. */
  readonly best?: BestSummary;
  /** Sampled training losses. */
  readonly losses: readonly LossPoint[];
  /** Milliseconds of each training step run by this call (evaluation and saving excluded). */
  readonly stepMs: readonly number[];
  /** Peak live tensors seen after a step. */
  readonly peakTensors: number;
  /** Peak bytes held by tensors seen after a step. */
  readonly peakBytes: number;
}

function positiveInt(field: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min)
    throw new ConfigError(`train.${field}`, value, `an integer >= ${min}`);
}

/**
 * Fills defaults and validates the settings.
 * @throws `ConfigError` naming the field.
 */
export function resolveTrainerSettings(options: Partial<TrainerSettings> = {}): TrainerSettings {
  rejectUnknownKeys(options, SETTING_KEYS, 'train');
  const s = { ...DEFAULT_TRAINER, ...options };
  positiveInt('steps', s.steps, 1);
  positiveInt('batchSize', s.batchSize, 1);
  positiveInt('evalEvery', s.evalEvery, 0);
  positiveInt('checkpointEvery', s.checkpointEvery, 0);
  positiveInt('logEvery', s.logEvery, 1);
  if (!(s.clipNorm > 0))
    throw new ConfigError('train.clipNorm', s.clipNorm, 'a positive number (Infinity: none)');
  if (!(s.labelSmoothing >= 0 && s.labelSmoothing < 1))
    throw new ConfigError('train.labelSmoothing', s.labelSmoothing, 'a number in [0, 1)');
  if (!TRAINABLE_POLICIES.includes(s.trainable))
    throw new ConfigError('train.trainable', s.trainable, TRAINABLE_POLICIES);
  if (!Number.isInteger(s.seed) || s.seed < 0 || s.seed > 0xffffffff)
    throw new ConfigError('train.seed', s.seed, 'an integer in [0, 2^32)');
  return Object.freeze(s);
}
