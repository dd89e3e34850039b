/**
 * The bottleneck adapter of HyperFormer (as the official code builds it), shared by the vanilla
 * per-task adapters and HyperFormer++: `y' = LN(U(act(D(y)))) + y` with an inner residual,
 * applied to a sub-layer output before T5's dropout and residual.
 *
 * Axes: B batch, T sequence, D d_model, r bottleneck width, K' tasks present in the batch.
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';
import { type ForwardContext, linear } from '@hyperprompt/core';
import { gatherByTask, layerNorm, perExampleMatMul } from '@hyperprompt/hypernetwork';

/** Non-linearity of the bottleneck. */
export type AdapterActivation = 'gelu_new' | 'relu' | 'swish';

/** Every {@link AdapterActivation}. */
export const ADAPTER_ACTIVATIONS: readonly AdapterActivation[] = ['gelu_new', 'relu', 'swish'];

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

/**
 * Applies an activation: `gelu_new` is the tanh approximation
 * `0.5·x·(1 + tanh(sqrt(2/π)·(x + 0.044715·x³)))` (HF `NewGELUActivation`), `swish` is
 * `x·sigmoid(x)`.
 */
export function activate(x: tf.Tensor, activation: AdapterActivation): tf.Tensor {
  return tf.tidy(() => {
    switch (activation) {
      case 'relu':
        return tf.relu(x);
      case 'swish':
        return tf.mul(x, tf.sigmoid(x));
      case 'gelu_new': {
        const inner = tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), 0.044715)), SQRT_2_OVER_PI);
        return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(inner), 1));
      }
    }
  });
}

/** Names of the tensors of one adapter (variables of `adapters`, outputs of the HyperFormer++ generator). */
export const ADAPTER_TENSORS = [
  'down_weight',
  'down_bias',
  'up_weight',
  'up_bias',
  'ln_gamma',
  'ln_beta',
] as const;

/** One of {@link ADAPTER_TENSORS}. */
export type AdapterTensorName = (typeof ADAPTER_TENSORS)[number];

/** Shape of one adapter tensor (without the leading task or batch axis). */
export function adapterTensorShape(name: AdapterTensorName, d: number, r: number): number[] {
  switch (name) {
    case 'down_weight':
      return [d, r];
    case 'down_bias':
      return [r];
    case 'up_weight':
      return [r, d];
    default:
      return [d];
  }
}

/** Adapter tensors of one site: `[K', ...shape]` for the tasks present (row k ↔ `ctx.tasksPresent[k]`). */
export type PerTaskAdapter = Partial<Record<AdapterTensorName, tf.Tensor>>;

/**
 * Adapter tensors ready for one forward: `shared` when the batch holds one task (plain 2-D
 * weights, the fast path), else one set of weights per example (`[B, ...shape]`).
 */
export interface PreparedAdapter {
  /** Whether every example uses the same weights. */
  readonly shared: boolean;
  /** `shared`: the tensors without a leading axis; otherwise `[B, ...shape]`. */
  readonly tensors: PerTaskAdapter;
}

/** Per-task `[K', ...]` tensors → what one forward uses (drops the axis when K' = 1). */
export function prepareAdapter(perTask: PerTaskAdapter, ctx: ForwardContext): PreparedAdapter {
  const shared = ctx.tasksPresent.length === 1;
  const tensors: PerTaskAdapter = {};
  for (const name of ADAPTER_TENSORS) {
    const t = perTask[name];
    if (t === undefined) continue;
    tensors[name] = shared ? tf.squeeze(t, [0]) : gatherByTask(t, ctx); // [...shape] or [B, ...shape]
  }
  return { shared, tensors };
}

/** Static settings of an adapter application. */
export interface AdapterSettings {
  /** Bottleneck non-linearity. */
  readonly activation: AdapterActivation;
  /** Apply the post-adapter LayerNorm (needs `ln_gamma`, `ln_beta`). */
  readonly layerNorm: boolean;
  /** Its ε. */
  readonly layerNormEpsilon: number;
}

function required(tensors: PerTaskAdapter, name: AdapterTensorName): tf.Tensor {
  const t = tensors[name];
  if (t === undefined) throw new Error(`adapter tensor ${name} missing`);
  return t;
}

/**
 * `LN(act(y·W_down + b_down)·W_up + b_up) + y` for `y: [B, T, D]`, with weights shared by the
 * batch or per example.
 */
export function applyAdapter(
  y: tf.Tensor3D,
  adapter: PreparedAdapter,
  settings: AdapterSettings,
): tf.Tensor3D {
  const w = adapter.tensors;
  return tf.tidy(() => {
    let up: tf.Tensor;
    let gamma = w.ln_gamma;
    let beta = w.ln_beta;
    if (adapter.shared) {
      const down = activate(
        linear(y, required(w, 'down_weight'), required(w, 'down_bias')),
        settings.activation,
      );
      up = linear(down, required(w, 'up_weight'), required(w, 'up_bias')); // [B, T, D]
    } else {
      const downW = required(w, 'down_weight') as tf.Tensor3D; // [B, D, r]
      const downB = tf.expandDims(required(w, 'down_bias'), 1); // [B, r] -> [B, 1, r]
      const down = activate(tf.add(perExampleMatMul(y, downW), downB), settings.activation) as tf.Tensor3D;
      const upB = tf.expandDims(required(w, 'up_bias'), 1); // [B, D] -> [B, 1, D]
      up = tf.add(perExampleMatMul(down, required(w, 'up_weight') as tf.Tensor3D), upB); // [B, T, D]
      if (gamma !== undefined) gamma = tf.expandDims(gamma, 1); // [B, D] -> [B, 1, D]
      if (beta !== undefined) beta = tf.expandDims(beta, 1); // [B, D] -> [B, 1, D]
    }
    const normed = settings.layerNorm ? layerNorm(up, gamma, beta, settings.layerNormEpsilon) : up;
    return tf.add(normed, y);
  });
}
