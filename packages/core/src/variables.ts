/**
 * Named, categorised, seeded variables. A {@link VariableStore} owns the variables of one
 * module (a backbone or a method): hierarchical names such as `hyperprompt/layer_0/down`,
 * a trainable flag, a category for parameter accounting, and initial values that depend
 * only on the store's seed and the variable's name.
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';
import { CheckpointError, ConfigError, ShapeError } from './errors';
import type { Initializer } from './initializers';
import { Rng } from './rng';

/**
 * What a parameter is for, in paper-style accounting: the pretrained backbone, parameters
 * shared by all tasks, parameters owned by one task, and hypernetworks.
 */
export type ParameterCategory = 'backbone' | 'shared' | 'per-task' | 'hypernetwork';

/** Every {@link ParameterCategory}, in table order. */
export const PARAMETER_CATEGORIES: readonly ParameterCategory[] = [
  'backbone',
  'shared',
  'per-task',
  'hypernetwork',
];

/** One variable with its bookkeeping. */
export interface ManagedVariable {
  /** Hierarchical name, segments separated by `/`. */
  readonly name: string;
  /** The tfjs variable (its own tfjs name is an internal unique id). */
  readonly variable: tf.Variable;
  /** Accounting category. */
  readonly category: ParameterCategory;
  /** Whether the module proposes it for training (the trainer's policy decides). */
  readonly trainable: boolean;
}

/** Options of {@link VariableStore.create}. */
export interface CreateVariableOptions {
  /** Accounting category. */
  readonly category: ParameterCategory;
  /** @defaultValue true */
  readonly trainable?: boolean;
}

const SEGMENT = /^[A-Za-z0-9_.-]+$/;

/** Most elements one variable may hold: tfjs indexes tensor elements with int32. */
export const MAX_VARIABLE_ELEMENTS = 2 ** 31 - 1;

/** Throws a {@link ConfigError} unless `name` is `segment(/segment)*` with `[A-Za-z0-9_.-]` segments. */
export function checkVariableName(name: string): void {
  const parts = name.split('/');
  if (name.length === 0 || parts.some((p) => !SEGMENT.test(p))) {
    throw new ConfigError('variable name', name, 'segments of [A-Za-z0-9_.-] separated by "/"');
  }
}

/** Read-only view of a {@link VariableStore}, as modules expose it. */
export interface ReadonlyVariableStore {
  /** Number of variables. */
  readonly size: number;
  /** True if a variable with this name exists. */
  has(name: string): boolean;
  /** The variable with this name; throws a {@link ConfigError} listing near names if absent. */
  get(name: string): tf.Variable;
  /** The variable and its bookkeeping. */
  entry(name: string): ManagedVariable;
  /** All variables, in creation order. */
  entries(): readonly ManagedVariable[];
  /** All names, in creation order. */
  names(): readonly string[];
  /** Total number of scalar parameters. */
  parameterCount(): number;
}

/**
 * Owns a set of variables. Refuses duplicate names, disposes everything it owns.
 *
 * @example
 * ```ts
 * const store = new VariableStore(42);
 * const w = store.create('adapter/layer_0/down', [512, 64], normal(1e-2), { category: 'per-task' });
 * store.parameterCount(); // 32768
 * store.dispose();
 * ```
 */
export class VariableStore implements ReadonlyVariableStore {
  private readonly byName = new Map<string, ManagedVariable>();
  private readonly rng: Rng;
  private disposed = false;

  /** @param seed - base seed; each variable is initialised from `rng.fork(name)`. */
  constructor(readonly seed: number) {
    this.rng = new Rng(seed);
  }

  /** Number of variables. */
  get size(): number {
    return this.byName.size;
  }

  /**
   * Creates a variable initialised by `init` from a generator derived from the seed and name.
   * @throws {@link ConfigError} on a duplicate or malformed name, or a shape of more than
   *   {@link MAX_VARIABLE_ELEMENTS} elements.
   */
  create(
    name: string,
    shape: readonly number[],
    init: Initializer,
    options: CreateVariableOptions,
  ): tf.Variable {
    this.checkNew(name);
    if (shape.some((d) => !Number.isInteger(d) || d < 1)) {
      throw new ShapeError(`variable ${name}`, 'positive integer dimensions', shape);
    }
    if (shape.reduce((a, b) => a * b, 1) > MAX_VARIABLE_ELEMENTS) {
      // A config value such as promptLength 2^53 (a corrupted bundle, a typo) would otherwise
      // reach the initialiser as a RangeError from a typed array, or exhaust memory.
      throw new ConfigError(
        `variable ${name}`,
        shape,
        `a shape of at most ${MAX_VARIABLE_ELEMENTS} elements (tfjs indexes tensors with int32)`,
      );
    }
    const value = init(shape, this.rng.fork(name));
    if (value.shape.length !== shape.length || value.shape.some((d, i) => d !== shape[i])) {
      value.dispose();
      throw new ShapeError(`initialiser of ${name}`, `[${shape.join(', ')}]`, value.shape);
    }
    return this.register(name, value, options);
  }

  /**
   * Adopts an existing tensor as the initial value of a new variable (the tensor is copied
   * into the variable and left to the caller).
   */
  adopt(name: string, value: tf.Tensor, options: CreateVariableOptions): tf.Variable {
    this.checkNew(name);
    return this.register(name, value.clone(), options);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  get(name: string): tf.Variable {
    return this.entry(name).variable;
  }

  entry(name: string): ManagedVariable {
    const found = this.byName.get(name);
    if (!found) {
      const near = [...this.byName.keys()]
        .filter((n) => n.split('/').pop() === name.split('/').pop())
        .slice(0, 5);
      throw new ConfigError('variable', name, near.length > 0 ? near : 'a name in the store');
    }
    return found;
  }

  entries(): readonly ManagedVariable[] {
    return [...this.byName.values()];
  }

  names(): readonly string[] {
    return [...this.byName.keys()];
  }

  parameterCount(): number {
    let n = 0;
    for (const v of this.byName.values()) n += v.variable.size;
    return n;
  }

  /** The variables proposed for training, in creation order. */
  trainableVariables(): tf.Variable[] {
    return this.entries()
      .filter((v) => v.trainable)
      .map((v) => v.variable);
  }

  /**
   * Assigns values by name (e.g. from a checkpoint); see {@link assignVariables}.
   * @throws {@link CheckpointError} listing missing or unexpected names, or a shape mismatch.
   */
  assign(values: ReadonlyMap<string, tf.Tensor>, source: string, strict = true): void {
    assignVariables(this, values, source, strict);
  }

  /** Disposes every variable (idempotent). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const v of this.byName.values()) v.variable.dispose();
    this.byName.clear();
  }

  private checkNew(name: string): void {
    if (this.disposed) throw new ConfigError('VariableStore', 'disposed', 'a live store');
    checkVariableName(name);
    if (this.byName.has(name)) {
      throw new ConfigError('variable name', name, 'a name not already in the store');
    }
  }

  private register(name: string, value: tf.Tensor, options: CreateVariableOptions): tf.Variable {
    const trainable = options.trainable ?? true;
    // tfjs variable names are global to the engine; our names are only unique per store, so
    // let tfjs pick its own unique id and keep ours in the map.
    const variable = tf.variable(value, trainable);
    value.dispose();
    this.byName.set(name, { name, variable, category: options.category, trainable });
    return variable;
  }
}

/**
 * Assigns values by name into the variables of a store (e.g. a module's, from a checkpoint).
 * With `strict` (default) every variable must receive a value and every value must name a
 * variable. Nothing is assigned unless every shape matches.
 *
 * @throws {@link CheckpointError} listing missing or unexpected names, or a shape mismatch.
 */
export function assignVariables(
  store: ReadonlyVariableStore,
  values: ReadonlyMap<string, tf.Tensor>,
  source: string,
  strict = true,
): void {
  const missing = store.names().filter((n) => !values.has(n));
  const unexpected = [...values.keys()].filter((n) => !store.has(n));
  if (strict && (missing.length > 0 || unexpected.length > 0)) {
    const parts = [];
    if (missing.length > 0) parts.push(`missing ${missing.slice(0, 10).join(', ')}`);
    if (unexpected.length > 0) parts.push(`unexpected ${unexpected.slice(0, 10).join(', ')}`);
    throw new CheckpointError(source, undefined, `variables do not match: ${parts.join('; ')}`);
  }
  for (const [name, value] of values) {
    if (!store.has(name)) continue;
    const want = store.get(name).shape;
    if (value.shape.length !== want.length || value.shape.some((d, i) => d !== want[i])) {
      throw new CheckpointError(
        source,
        name,
        `shape [${value.shape.join(', ')}] does not match the variable's [${want.join(', ')}]`,
      );
    }
  }
  for (const [name, value] of values) {
    if (!store.has(name)) continue;
    const target = store.get(name);
    if (value.dtype === 'float32') target.assign(value);
    else tf.tidy(() => target.assign(value.toFloat()));
  }
}
