/**
 * The task projector h'_I of HyperFormer++ (and HyperPrompt's task projector): a two-layer
 * MLP with ReLU, optionally followed by a LayerNorm with affine parameters; and that standard
 * (mean-subtracted) LayerNorm as a function, as `torch.nn.LayerNorm` / `F.layer_norm` compute it.
 *
 * Axes: R conditioning rows (e.g. tasks × layers × sites), I input, F hidden, O output width.
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';
import {
  ConfigError,
  initializers,
  linear,
  type ParameterCategory,
  ShapeError,
  type VariableStore,
} from '@hyperprompt/core';
import { DEFAULT_GENERATOR_INIT, type GeneratorInit, weightInitializer } from './generator';

/**
 * `gamma ⊙ (x − mean) / sqrt(var + epsilon) + beta` over the last axis of `x`.
 *
 * @param x - input [..., F].
 * @param gamma - scale broadcastable to `x` ([F] for a shared LayerNorm, e.g. [B, 1, F] for a
 *   per-example one); omitted means 1.
 * @param beta - shift broadcastable to `x`; omitted means 0.
 * @param epsilon - added to the variance (PyTorch default 1e-5). @defaultValue 1e-5
 * @returns `[..., F]`.
 * @throws `ConfigError` for a negative or non-finite epsilon.
 */
export function layerNorm(x: tf.Tensor, gamma?: tf.Tensor, beta?: tf.Tensor, epsilon = 1e-5): tf.Tensor {
  if (!(epsilon >= 0) || !Number.isFinite(epsilon)) {
    throw new ConfigError('layerNorm.epsilon', epsilon, 'a finite number >= 0');
  }
  return tf.tidy(() => {
    const axis = x.rank - 1;
    const mean = tf.mean(x, axis, true); // [..., 1]
    const centered = tf.sub(x, mean); // [..., F]
    const variance = tf.mean(tf.square(centered), axis, true); // [..., 1]
    let y = tf.mul(centered, tf.rsqrt(tf.add(variance, epsilon))); // [..., F]
    if (gamma !== undefined) y = tf.mul(y, gamma);
    if (beta !== undefined) y = tf.add(y, beta);
    return y;
  });
}

/** Sizes of a {@link TaskProjector}: Linear(in→hidden) → ReLU → Linear(hidden→out) [→ LayerNorm]. */
export interface TaskProjectorConfig {
  /** I, width of the conditioning input (e.g. task ⊕ layer ⊕ site embedding = 192). */
  readonly inputDim: number;
  /** F, hidden width (HyperFormer++: 128). */
  readonly hiddenDim: number;
  /** O, output width (HyperFormer++: 64). */
  readonly outputDim: number;
  /** Apply a LayerNorm with γ (init 1) and β (init 0) to the output. */
  readonly layerNorm: boolean;
  /** ε of that LayerNorm (HyperFormer++: 1e-6). */
  readonly layerNormEpsilon: number;
}

/** Options of the {@link TaskProjector} constructor. */
export interface TaskProjectorOptions {
  /** Accounting category of its variables. @defaultValue 'hypernetwork' */
  readonly category?: ParameterCategory;
  /** Init of the two Linear weights (biases start at 0). @defaultValue DEFAULT_GENERATOR_INIT */
  readonly init?: GeneratorInit;
}

/**
 * Two-layer MLP with ReLU and optional LayerNorm. Variables: `${prefix}/fc1/{weight,bias}`
 * (`[I, F]`, `[F]`), `${prefix}/fc2/{weight,bias}` (`[F, O]`, `[O]`) and, with the LayerNorm,
 * `${prefix}/layer_norm/{gamma,beta}` (`[O]`). The store owns (and disposes) them.
 *
 * @example
 * ```ts
 * const projector = new TaskProjector(store, 'hyperformer-pp/encoder/projector',
 *   { inputDim: 192, hiddenDim: 128, outputDim: 64, layerNorm: true, layerNormEpsilon: 1e-6 });
 * const cond = projector.apply(inputs); // [R, 192] -> [R, 64]
 * ```
 */
export class TaskProjector {
  /** The sizes it was built with. */
  readonly config: TaskProjectorConfig;
  private readonly w1: tf.Variable;
  private readonly b1: tf.Variable;
  private readonly w2: tf.Variable;
  private readonly b2: tf.Variable;
  private readonly gamma?: tf.Variable;
  private readonly beta?: tf.Variable;

  /**
   * @param store - the module's variable store.
   * @param prefix - name prefix, e.g. `hyperformer-pp/encoder/projector`.
   * @param config - sizes.
   * @param options - category and weight init.
   * @throws `ConfigError` for non-positive sizes or a bad epsilon.
   */
  constructor(
    store: VariableStore,
    prefix: string,
    config: TaskProjectorConfig,
    options: TaskProjectorOptions = {},
  ) {
    checkProjectorConfig(config);
    this.config = Object.freeze({ ...config });
    const category = options.category ?? 'hypernetwork';
    const init = weightInitializer(options.init ?? DEFAULT_GENERATOR_INIT, `${prefix}.init`);
    const zeros = initializers.zeros();
    const { inputDim, hiddenDim, outputDim } = config;
    this.w1 = store.create(`${prefix}/fc1/weight`, [inputDim, hiddenDim], init, { category });
    this.b1 = store.create(`${prefix}/fc1/bias`, [hiddenDim], zeros, { category });
    this.w2 = store.create(`${prefix}/fc2/weight`, [hiddenDim, outputDim], init, { category });
    this.b2 = store.create(`${prefix}/fc2/bias`, [outputDim], zeros, { category });
    if (config.layerNorm) {
      this.gamma = store.create(`${prefix}/layer_norm/gamma`, [outputDim], initializers.ones(), { category });
      this.beta = store.create(`${prefix}/layer_norm/beta`, [outputDim], zeros, { category });
    }
  }

  /**
   * Projects conditioning rows.
   * @param x - [R, I].
   * @returns [R, O].
   * @throws `ShapeError` unless `x` is [R, I].
   */
  apply(x: tf.Tensor2D): tf.Tensor2D {
    if (x.rank !== 2 || x.shape[1] !== this.config.inputDim) {
      throw new ShapeError('TaskProjector.apply(x)', `[R, ${this.config.inputDim}]`, x.shape);
    }
    return tf.tidy(() => {
      const hidden = tf.relu(linear(x, this.w1, this.b1)); // [R, F]
      const out = linear(hidden, this.w2, this.b2) as tf.Tensor2D; // [R, O]
      if (!this.config.layerNorm) return out;
      return layerNorm(out, this.gamma, this.beta, this.config.layerNormEpsilon) as tf.Tensor2D;
    });
  }

  /** Closed-form number of parameters: `I·F + F + F·O + O (+ 2·O with the LayerNorm)`. */
  static parameterCount(config: TaskProjectorConfig): number {
    const { inputDim: i, hiddenDim: f, outputDim: o } = config;
    return i * f + f + f * o + o + (config.layerNorm ? 2 * o : 0);
  }
}

function checkProjectorConfig(config: TaskProjectorConfig): void {
  for (const field of ['inputDim', 'hiddenDim', 'outputDim'] as const) {
    const v = config[field];
    if (!Number.isInteger(v) || v < 1) throw new ConfigError(`projector.${field}`, v, 'a positive integer');
  }
  if (typeof config.layerNorm !== 'boolean') {
    throw new ConfigError('projector.layerNorm', config.layerNorm, 'true or false');
  }
  const eps = config.layerNormEpsilon;
  if (!(eps >= 0) || !Number.isFinite(eps)) {
    throw new ConfigError('projector.layerNormEpsilon', eps, 'a finite number >= 0');
  }
}
