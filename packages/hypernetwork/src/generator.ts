/**
 * Weight generators: Linear maps from a conditioning vector to the weights of another layer
 * (HyperFormer++'s W^U, W^D, γ, β; HyperPrompt-Global's D_k, U_k, D_v, U_v).
 *
 * Axes: R conditioning rows (e.g. tasks × layers × sites), t conditioning width,
 * Z = prod(shape) elements of one generated tensor.
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';
import {
  ConfigError,
  type Initializer,
  initializers,
  linear,
  type ParameterCategory,
  ShapeError,
  type VariableStore,
} from '@hyperprompt/core';

/**
 * Init of generated weights. `'normal'`: N(0, std) weights (official HyperFormer code: std
 * 1e-2); `'zeros'`: all zero (makes the generated tensor exactly zero at step 0, e.g. an adapter
 * up-projection, so the adapter is an exact no-op). Biases start at 0 unless a spec's `biasInit`
 * says otherwise.
 */
export type GeneratorInit =
  | {
      /** Normal weights. */
      readonly kind: 'normal';
      /** Standard deviation of the weights. */
      readonly std: number;
    }
  | {
      /** All-zero weights and bias. */
      readonly kind: 'zeros';
    };

/** `{ kind: 'normal', std: 1e-2 }`: `linear_layer` of the official HyperFormer code. */
export const DEFAULT_GENERATOR_INIT: GeneratorInit = Object.freeze({ kind: 'normal', std: 1e-2 });

/**
 * The weight initialiser of a {@link GeneratorInit}.
 * @throws `ConfigError` for an unknown kind or a bad std.
 */
export function weightInitializer(init: GeneratorInit, field = 'init'): Initializer {
  if (init.kind === 'zeros') return initializers.zeros();
  if ((init.kind as string) !== 'normal') {
    throw new ConfigError(`${field}.kind`, (init as { kind: unknown }).kind, ['normal', 'zeros']);
  }
  if (!(init.std >= 0) || !Number.isFinite(init.std)) {
    throw new ConfigError(`${field}.std`, init.std, 'a finite number >= 0');
  }
  return initializers.normal(init.std);
}

/** One tensor a {@link WeightGenerator} produces from a conditioning vector. */
export interface GeneratedTensorSpec {
  /** Name (a variable-name segment), e.g. `up_weight`; the key of the generated record. */
  readonly name: string;
  /** Shape per conditioning row, e.g. `[D, r]` for an adapter down weight. */
  readonly shape: readonly number[];
  /** Add a generated bias term (the generator is Linear with bias). @defaultValue true */
  readonly bias?: boolean;
  /** Init of the generator's weight (and, for `'zeros'`, of its bias). @defaultValue DEFAULT_GENERATOR_INIT */
  readonly init?: GeneratorInit;
  /**
   * Constant initial value of the generator's bias, e.g. 1 to generate `γ = 1 + W·I`.
   * Ignored without a bias. @defaultValue 0
   */
  readonly biasInit?: number;
}

/** Options of the {@link WeightGenerator} constructor. */
export interface WeightGeneratorOptions {
  /** Accounting category of its variables. @defaultValue 'hypernetwork' */
  readonly category?: ParameterCategory;
}

const SEGMENT = /^[A-Za-z0-9_.-]+$/;

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function checkOutputs(conditioningDim: number, outputs: readonly GeneratedTensorSpec[]): void {
  if (!Number.isInteger(conditioningDim) || conditioningDim < 1) {
    throw new ConfigError('WeightGenerator.conditioningDim', conditioningDim, 'a positive integer');
  }
  if (outputs.length === 0) throw new ConfigError('WeightGenerator.outputs', [], 'at least one output');
  const seen = new Set<string>();
  for (const o of outputs) {
    if (!SEGMENT.test(o.name) || seen.has(o.name)) {
      throw new ConfigError('WeightGenerator.outputs.name', o.name, 'distinct names of [A-Za-z0-9_.-]');
    }
    seen.add(o.name);
    if (o.shape.length === 0 || o.shape.some((d) => !Number.isInteger(d) || d < 1)) {
      throw new ConfigError(`WeightGenerator.outputs.${o.name}.shape`, o.shape, 'positive integer dims');
    }
  }
}

/**
 * Linear maps from a conditioning vector `[R, t]` to several tensors `[R, ...shape]`:
 * `out = reshape(cond · W + b)` with `W: [t, Z]`, `b: [Z]`. Variables:
 * `${prefix}/${name}/weight` and `${prefix}/${name}/bias` per output. One plain 2-D matMul per
 * output (wasm fast path in both directions, see core's `linear`).
 *
 * @example
 * ```ts
 * const gen = new WeightGenerator(store, 'hyperformer-pp/encoder/generator', 64, [
 *   { name: 'down_weight', shape: [768, 24] },
 *   { name: 'up_weight', shape: [24, 768], init: { kind: 'zeros' } },
 * ]);
 * const { down_weight } = gen.generate(cond); // [R, 64] -> [R, 768, 24]
 * ```
 */
export class WeightGenerator {
  /** Width t of the conditioning vector. */
  readonly conditioningDim: number;
  /** What it generates, in order. */
  readonly outputs: readonly GeneratedTensorSpec[];
  private readonly weights: readonly { weight: tf.Variable; bias?: tf.Variable }[];

  /**
   * @param store - the module's variable store (owns the variables).
   * @param prefix - name prefix, e.g. `hyperformer-pp/encoder/generator`.
   * @param conditioningDim - t.
   * @param outputs - the generated tensors.
   * @param options - accounting category.
   * @throws `ConfigError` for a bad size, an empty or duplicate output, or a bad init.
   */
  constructor(
    store: VariableStore,
    prefix: string,
    conditioningDim: number,
    outputs: readonly GeneratedTensorSpec[],
    options: WeightGeneratorOptions = {},
  ) {
    checkOutputs(conditioningDim, outputs);
    this.conditioningDim = conditioningDim;
    this.outputs = Object.freeze(outputs.map((o) => Object.freeze({ ...o, shape: [...o.shape] })));
    const category = options.category ?? 'hypernetwork';
    this.weights = this.outputs.map((o) => {
      const init = o.init ?? DEFAULT_GENERATOR_INIT;
      const z = sizeOf(o.shape);
      const name = `${prefix}/${o.name}`;
      const weight = store.create(`${name}/weight`, [conditioningDim, z], weightInitializer(init, name), {
        category,
      });
      if (o.bias === false) return { weight };
      const biasValue = init.kind === 'zeros' ? 0 : (o.biasInit ?? 0);
      const bias = store.create(`${name}/bias`, [z], initializers.constant(biasValue), { category });
      return { weight, bias };
    });
  }

  /**
   * Generates every output.
   * @param cond - [R, t] conditioning rows.
   * @returns `{ [name]: [R, ...shape] }` (fresh tensors; run inside the caller's `tidy`).
   * @throws `ShapeError` unless `cond` is [R, t].
   */
  generate(cond: tf.Tensor2D): Readonly<Record<string, tf.Tensor>> {
    if (cond.rank !== 2 || cond.shape[1] !== this.conditioningDim) {
      throw new ShapeError('WeightGenerator.generate(cond)', `[R, ${this.conditioningDim}]`, cond.shape);
    }
    const rows = cond.shape[0];
    const out: Record<string, tf.Tensor> = {};
    this.outputs.forEach((o, i) => {
      const { weight, bias } = this.weights[i];
      out[o.name] = tf.tidy(() => {
        const flat = linear(cond, weight, bias); // [R, t] · [t, Z] -> [R, Z]
        return tf.reshape(flat, [rows, ...o.shape]); // [R, Z] -> [R, ...shape]
      });
    });
    return out;
  }

  /** Closed-form number of parameters: `Σ t·Z (+ Z with bias)` over the outputs. */
  static parameterCount(conditioningDim: number, outputs: readonly GeneratedTensorSpec[]): number {
    return outputs.reduce((n, o) => {
      const z = sizeOf(o.shape);
      return n + conditioningDim * z + (o.bias === false ? 0 : z);
    }, 0);
  }
}
