/**
 * The optimiser contract of the trainer: updates named variables from gradients with an
 * explicit learning rate (the schedule lives outside), and exposes its whole state (step
 * count and slot tensors by name) so that a checkpoint restores it exactly.
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';
import { CheckpointError, ShapeError } from '@hyperprompt/core';

/** A variable with its stable name (the `VariableStore` name; tfjs names are per-process ids). */
export interface NamedVariable {
  /** Stable name, e.g. `encoder/block/0/layer/0/layer_norm/weight` or `hyperprompt/...`. */
  readonly name: string;
  /** The variable. */
  readonly variable: tf.Variable;
}

/** Names of the optimisers. */
export type OptimizerKind = 'adam' | 'adamw' | 'adafactor';

/** JSON part of an optimiser's state (the tensors go to safetensors beside it). */
export interface OptimizerStateJSON {
  /** Which optimiser wrote it. */
  readonly kind: OptimizerKind;
  /** Number of updates applied. */
  readonly step: number;
}

/** An optimiser over named variables with serialisable state. */
export interface TrainOptimizer {
  /** Which optimiser this is. */
  readonly kind: OptimizerKind;
  /** Number of updates applied so far. */
  readonly step: number;
  /**
   * Applies one update: `params[i]` moves against `grads[i]` with learning rate `lr`.
   * Slots are created on the first update of a variable. Does not dispose `grads`.
   * @throws `ShapeError` when the lists differ in length or a gradient's shape differs.
   */
  apply(params: readonly NamedVariable[], grads: readonly tf.Tensor[], lr: number): void;
  /** Slot tensors by `<variable name>#<slot>` (owned by the optimiser: do not dispose). */
  stateTensors(): ReadonlyMap<string, tf.Tensor>;
  /** The JSON part of the state. */
  stateJSON(): OptimizerStateJSON;
  /**
   * Replaces the state by a saved one (tensors are copied; the caller keeps ownership).
   * @throws `CheckpointError` when the state was written by another optimiser.
   */
  loadState(json: OptimizerStateJSON, tensors: ReadonlyMap<string, tf.Tensor>): void;
  /** Frees every slot tensor (idempotent). */
  dispose(): void;
}

/** Separator between variable name and slot name in {@link TrainOptimizer.stateTensors}. */
export const SLOT_SEPARATOR = '#';

/**
 * Slot storage shared by the optimisers: tensors per variable name and slot, replaced (and
 * the old ones disposed) on every update.
 * @internal
 */
export class SlotStore {
  private readonly slots = new Map<string, tf.Tensor>();

  /** The slot, or `undefined` before the variable's first update. */
  get(variable: string, slot: string): tf.Tensor | undefined {
    return this.slots.get(`${variable}${SLOT_SEPARATOR}${slot}`);
  }

  /** Keeps `value` (taken out of any tidy scope) and frees the previous value. */
  set(variable: string, slot: string, value: tf.Tensor): void {
    const key = `${variable}${SLOT_SEPARATOR}${slot}`;
    const old = this.slots.get(key);
    this.slots.set(key, tf.keep(value));
    if (old !== undefined && old !== value) old.dispose();
  }

  /** Every slot by key. */
  all(): ReadonlyMap<string, tf.Tensor> {
    return this.slots;
  }

  /** Replaces every slot by copies of `tensors`. */
  replace(tensors: ReadonlyMap<string, tf.Tensor>): void {
    this.clear();
    for (const [key, t] of tensors) this.slots.set(key, tf.keep(t.clone()));
  }

  /** Frees every slot. */
  clear(): void {
    for (const t of this.slots.values()) t.dispose();
    this.slots.clear();
  }
}

/** Checks that params and grads pair up by position and shape. @internal */
export function checkGradients(params: readonly NamedVariable[], grads: readonly tf.Tensor[]): void {
  if (params.length !== grads.length) {
    throw new ShapeError('grads', `${params.length} gradients (one per variable)`, [grads.length]);
  }
  params.forEach((p, i) => {
    const a = p.variable.shape;
    const b = grads[i].shape;
    if (a.length !== b.length || a.some((d, j) => d !== b[j])) {
      throw new ShapeError(`gradient of ${p.name}`, `[${a.join(', ')}]`, b);
    }
  });
}

/** Checks a saved state's kind and step before loading. @internal */
export function checkStateJSON(json: OptimizerStateJSON, kind: OptimizerKind): void {
  if (json.kind !== kind) {
    throw new CheckpointError('optimizer state', 'kind', `written by ${json.kind}, loading into ${kind}`);
  }
  if (!Number.isSafeInteger(json.step) || json.step < 0) {
    throw new CheckpointError('optimizer state', 'step', `not a step count: ${String(json.step)}`);
  }
}

/**
 * What every {@link TrainOptimizer} shares: the slot tensors by variable, the step counter and
 * their (de)serialisation. Subclasses implement `apply` and call `advance()` after each update.
 */
export abstract class SlotOptimizer implements TrainOptimizer {
  /** Which optimiser this is. */
  abstract readonly kind: OptimizerKind;
  /** @internal Slot tensors by variable and slot name. */
  protected readonly slots = new SlotStore();
  private steps = 0;

  /** Number of updates applied so far. */
  get step(): number {
    return this.steps;
  }

  /** {@inheritDoc TrainOptimizer.apply} */
  abstract apply(params: readonly NamedVariable[], grads: readonly tf.Tensor[], lr: number): void;

  /** @internal Records that one more update was applied. */
  protected advance(): void {
    this.steps += 1;
  }

  /** {@inheritDoc TrainOptimizer.stateTensors} */
  stateTensors(): ReadonlyMap<string, tf.Tensor> {
    return this.slots.all();
  }

  /** {@inheritDoc TrainOptimizer.stateJSON} */
  stateJSON(): OptimizerStateJSON {
    return { kind: this.kind, step: this.steps };
  }

  /** {@inheritDoc TrainOptimizer.loadState} */
  loadState(json: OptimizerStateJSON, tensors: ReadonlyMap<string, tf.Tensor>): void {
    checkStateJSON(json, this.kind);
    this.slots.replace(tensors);
    this.steps = json.step;
  }

  /** {@inheritDoc TrainOptimizer.dispose} */
  dispose(): void {
    this.slots.clear();
  }
}
