/**
 * Run checkpoints: everything a run needs to continue exactly where it stopped. One folder
 * per saved step, complete before it becomes visible:
 *
 * ```
 * <dir>/latest.json               { "step": 12, "folder": "step-00000012" } (written last, atomically)
 * <dir>/step-00000012/backbone/   the backbone as a Hugging Face checkpoint (config.json, model.safetensors)
 * <dir>/step-00000012/modules.safetensors    every method variable, by name (F32)
 * <dir>/step-00000012/optimizer.safetensors  optimiser slots, `<variable>#<slot>` (F32)
 * <dir>/step-00000012/state.json  step, optimiser, sampler and dropout-RNG state, evals, best, losses
 * ```
 *
 * A step folder is written under a temporary name and renamed when complete; `latest.json`
 * then moves atomically (core's `writeJsonAtomic`), and older step folders are removed. A
 * kill at any moment leaves the previous checkpoint intact. Weights and slots are stored as
 * float32, so a resumed run is bit-identical to an uninterrupted one.
 *
 * @packageDocumentation
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import {
  assignVariables,
  CheckpointError,
  describeValue,
  entriesToTensors,
  readSafetensorsFile,
  tensorsToEntries,
  writeJsonAtomic,
  writeSafetensorsFile,
  type PeftModule,
  type RngState,
} from '@hyperprompt/core';
import { readT5Checkpoint, type T5Model } from '@hyperprompt/t5';
import type { TaskSamplerState } from '@hyperprompt/tasks';
import type { BestSummary, EvalRecord } from '../result';
import type { OptimizerStateJSON, TrainOptimizer } from './optimizer';
import type { LossPoint } from './trainer-config';
import type { TrainablePolicy } from './trainable';

/** Version of the {@link TrainState} layout. */
export const TRAIN_STATE_VERSION = 1;

/** File and folder names inside a checkpoint directory. */
export const CHECKPOINT_FILES = Object.freeze({
  /** Names the newest complete step folder. */
  latest: 'latest.json',
  /** The JSON {@link TrainState} of a step folder. */
  state: 'state.json',
  /** The backbone, as a Hugging Face checkpoint folder. */
  backbone: 'backbone',
  /** Every method variable. */
  modules: 'modules.safetensors',
  /** The optimiser's slot tensors. */
  optimizer: 'optimizer.safetensors',
});

/** The JSON state of a run at a step (`state.json`). */
export interface TrainState {
  /** {@link TRAIN_STATE_VERSION}. */
  readonly version: number;
  /** Optimiser steps done. */
  readonly step: number;
  /** Task names in task-id order. */
  readonly tasks: readonly string[];
  /** Method kinds in composition order. */
  readonly modules: readonly string[];
  /** The trainable policy and how many parameters it trained. */
  readonly trainable: {
    /** The policy. */
    readonly policy: TrainablePolicy;
    /** Trained parameters. */
    readonly count: number;
  };
  /** Optimiser state (its tensors are in `optimizer.safetensors`). */
  readonly optimizer: OptimizerStateJSON;
  /** Task sampler state. */
  readonly sampler: TaskSamplerState;
  /** Dropout generator state. */
  readonly rng: RngState;
  /** Every evaluation so far. */
  readonly evals: readonly EvalRecord[];
  /** Best evaluations so far; absent before the first evaluation. */
  readonly best?: BestSummary;
  /** Sampled training losses. */
  readonly losses: readonly LossPoint[];
}

/** The live objects a checkpoint reads from or writes into. */
export interface CheckpointTargets {
  /** The backbone. */
  readonly model: T5Model;
  /** The method modules, in composition order. */
  readonly modules: readonly PeftModule[];
  /** The optimiser. */
  readonly optimizer: TrainOptimizer;
}

/** Folder name of the checkpoint of `step`. */
export function stepFolderName(step: number): string {
  return `step-${String(step).padStart(8, '0')}`;
}

function moduleTensors(modules: readonly PeftModule[]): Map<string, tf.Tensor> {
  return new Map(modules.flatMap((m) => m.variables.entries().map((e) => [e.name, e.variable] as const)));
}

/**
 * Saves a checkpoint of `state` into `dir` (created if needed) and removes older ones.
 * @returns the step folder written.
 */
export function saveCheckpoint(dir: string, targets: CheckpointTargets, state: TrainState): string {
  fs.mkdirSync(dir, { recursive: true });
  const name = stepFolderName(state.step);
  const final = path.join(dir, name);
  const tmp = path.join(dir, `.${name}.${process.pid}.tmp`);
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp);
  try {
    targets.model.save(path.join(tmp, CHECKPOINT_FILES.backbone));
    writeSafetensorsFile(
      path.join(tmp, CHECKPOINT_FILES.modules),
      tensorsToEntries(moduleTensors(targets.modules)),
    );
    writeSafetensorsFile(
      path.join(tmp, CHECKPOINT_FILES.optimizer),
      tensorsToEntries(targets.optimizer.stateTensors()),
    );
    writeJsonAtomic(path.join(tmp, CHECKPOINT_FILES.state), state);
    fs.rmSync(final, { recursive: true, force: true });
    fs.renameSync(tmp, final);
  } catch (error) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
  writeJsonAtomic(path.join(dir, CHECKPOINT_FILES.latest), { step: state.step, folder: name });
  for (const entry of fs.readdirSync(dir)) {
    if (entry !== name && /^step-\d+$/.test(entry))
      fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
  }
  return final;
}

/**
 * The newest complete checkpoint folder in `dir`, or `undefined` when there is none.
 * @throws `CheckpointError` when `latest.json` is unreadable or names a missing folder.
 */
export function latestCheckpoint(dir: string): string | undefined {
  const file = path.join(dir, CHECKPOINT_FILES.latest);
  if (!fs.existsSync(file)) return undefined;
  let folder: unknown;
  try {
    folder = (JSON.parse(fs.readFileSync(file, 'utf8')) as { folder?: unknown }).folder;
  } catch (error) {
    throw new CheckpointError(file, undefined, `unreadable: ${(error as Error).message}`);
  }
  if (typeof folder !== 'string' || !/^step-\d+$/.test(folder) || !fs.existsSync(path.join(dir, folder))) {
    throw new CheckpointError(file, 'folder', `names no checkpoint folder: ${JSON.stringify(folder)}`);
  }
  return path.join(dir, folder);
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): boolean => Number.isSafeInteger(v) && (v as number) >= 0;
const isNumber = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);
const isStrings = (v: unknown): boolean => Array.isArray(v) && v.every((x) => typeof x === 'string');

/**
 * Checks every field of a parsed `state.json` that restoring reads (the sampler's and the
 * dropout generator's inner fields are checked by their own `fromState`).
 *
 * @throws `CheckpointError` naming the file and the first field of the wrong type.
 */
function checkTrainState(state: unknown, file: string): TrainState {
  const fail = (key: string, expected: string, got: unknown): never => {
    throw new CheckpointError(file, key, `expected ${expected}, got ${describeValue(got)}`);
  };
  if (!isObject(state)) return fail('(root)', 'a JSON object', state);
  if (state.version !== TRAIN_STATE_VERSION) {
    throw new CheckpointError(
      file,
      'version',
      `version ${String(state.version)}, expected ${TRAIN_STATE_VERSION}`,
    );
  }
  if (!isCount(state.step)) fail('step', 'a step count', state.step);
  if (!isStrings(state.tasks)) fail('tasks', 'an array of task names', state.tasks);
  if (!isStrings(state.modules)) fail('modules', 'an array of method kinds', state.modules);
  const { trainable, optimizer, sampler, rng, evals, best, losses } = state;
  if (!isObject(trainable) || typeof trainable.policy !== 'string' || !isCount(trainable.count))
    fail('trainable', '{ policy, count }', trainable);
  if (!isObject(optimizer) || typeof optimizer.kind !== 'string' || !isCount(optimizer.step))
    fail('optimizer', '{ kind, step }', optimizer);
  if (!isObject(sampler)) fail('sampler', 'a sampler state object', sampler);
  if (!isObject(rng) || !isCount(rng.seed) || !Array.isArray(rng.words) || rng.words.length !== 4)
    fail('rng', '{ seed, words: [4 integers] }', rng);
  const evalOk = (e: unknown): boolean =>
    isObject(e) && isNumber(e.step) && isNumber(e.average) && isObject(e.scores) && isObject(e.metrics);
  if (!Array.isArray(evals) || !evals.every(evalOk)) fail('evals', 'an array of evaluations', evals);
  const bestOk =
    best === undefined ||
    (isObject(best) && isObject(best.perTask) && isNumber(best.perTaskAverage) && isObject(best.average));
  if (!bestOk) fail('best', '{ perTask, perTaskAverage, average }', best);
  const lossOk = (l: unknown): boolean => isObject(l) && isNumber(l.step) && typeof l.loss === 'number';
  if (!Array.isArray(losses) || !losses.every(lossOk)) fail('losses', 'an array of { step, loss }', losses);
  return state as unknown as TrainState;
}

/**
 * Reads `state.json` of a step folder.
 * @throws `CheckpointError` when it is missing, unreadable, of another version, or has a
 *   field of the wrong type (the error names it).
 */
export function readTrainState(folder: string): TrainState {
  const file = path.join(folder, CHECKPOINT_FILES.state);
  let state: unknown;
  try {
    state = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CheckpointError(file, undefined, `unreadable: ${(error as Error).message}`);
  }
  return checkTrainState(state, file);
}

/** Options of {@link restoreCheckpoint} and {@link restoreModules}. */
export interface RestoreOptions {
  /**
   * Accept saved tensors holding NaN or ±Infinity. By default such a tensor is a
   * `CheckpointError` naming the file and tensor.
   * @defaultValue false
   */
  readonly allowNonFinite?: boolean;
}

function readTensors(file: string, options: RestoreOptions): Map<string, tf.Tensor> {
  return entriesToTensors(readSafetensorsFile(file, { allowNonFinite: options.allowNonFinite }).tensors);
}

/**
 * Loads a step folder into live objects: backbone and module weights, optimiser state.
 * Returns the JSON state (sampler, RNG, evals, ...) for the caller to restore.
 * @param folder - a step folder (see {@link latestCheckpoint}).
 * @param targets - the live objects to load into.
 * @param options - whether non-finite tensors are accepted.
 * @throws `CheckpointError` when names or shapes do not match the live objects, or a saved
 *   tensor holds NaN or ±Infinity (unless `allowNonFinite`).
 */
export function restoreCheckpoint(
  folder: string,
  targets: CheckpointTargets,
  options: RestoreOptions = {},
): TrainState {
  const state = readTrainState(folder);
  const kinds = targets.modules.map((m) => m.kind);
  if (JSON.stringify(kinds) !== JSON.stringify(state.modules)) {
    throw new CheckpointError(
      folder,
      'modules',
      `saved with [${state.modules.join(', ')}], loading into [${kinds.join(', ')}]`,
    );
  }
  const backbone = readT5Checkpoint(path.join(folder, CHECKPOINT_FILES.backbone), options);
  try {
    const values = new Map(backbone.variables.entries().map((e) => [e.name, e.variable as tf.Tensor]));
    assignVariables(targets.model.variables, values, path.join(folder, CHECKPOINT_FILES.backbone));
  } finally {
    backbone.variables.dispose();
  }
  restoreModules(folder, targets.modules, options);
  const slots = readTensors(path.join(folder, CHECKPOINT_FILES.optimizer), options);
  try {
    targets.optimizer.loadState(state.optimizer, slots);
  } finally {
    tf.dispose([...slots.values()]);
  }
  return state;
}

/**
 * Loads the method variables of a checkpoint step folder into live modules (for inference:
 * no optimiser needed).
 *
 * @param folder - a step folder (see {@link latestCheckpoint}).
 * @param modules - modules created with the run's configs, in composition order.
 * @param options - whether non-finite values are accepted.
 * @throws `CheckpointError` naming the file and variable when they do not match, or when a
 *   saved value is NaN or ±Infinity (unless `allowNonFinite`).
 */
export function restoreModules(
  folder: string,
  modules: readonly PeftModule[],
  options: RestoreOptions = {},
): void {
  const moduleFile = path.join(folder, CHECKPOINT_FILES.modules);
  const saved = readTensors(moduleFile, options);
  try {
    const live = moduleTensors(modules);
    const unexpected = [...saved.keys()].filter((n) => !live.has(n));
    if (unexpected.length > 0)
      throw new CheckpointError(moduleFile, unexpected[0], 'no live module owns this variable');
    for (const m of modules) {
      const own = new Map([...saved].filter(([n]) => m.variables.has(n)));
      assignVariables(m.variables, own, moduleFile);
    }
  } finally {
    tf.dispose([...saved.values()]);
  }
}
