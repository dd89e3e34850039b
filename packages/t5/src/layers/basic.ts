/**
 * Small building blocks of T5: RMS norm, dropout driven by the forward context, the
 * feed-forward sub-layer, and the additive mask value.
 *
 * Axis legend: B batch, T sequence length, D d_model, F d_ff.
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';
import { linear, type ForwardContext } from '@hyperprompt/core';
import type { FeedForwardKind } from '../config';

/** The additive bias of a masked position: float32's lowest value, as in HF. */
export const MASK_VALUE = -3.4028234663852886e38;

/** T5's layer norm: RMS only, no mean subtraction, no bias. `x [..., D]`, `weight [D]`. */
export function rmsNorm(x: tf.Tensor, weight: tf.Tensor1D, epsilon: number): tf.Tensor {
  return tf.tidy(() => {
    const variance = x.square().mean(-1, true); // [..., 1]
    return x.mul(tf.rsqrt(variance.add(epsilon))).mul(weight);
  });
}

/** Dropout that is active only in training, seeded from the context's generator. */
export function dropout<T extends tf.Tensor>(x: T, rate: number, ctx: ForwardContext): T {
  if (!ctx.training || rate === 0) return x;
  return tf.dropout(x, rate, undefined, ctx.rng.nextSeed()) as T;
}

/** GELU with the tanh approximation (HF `gelu_new`). */
export function geluNew(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const inner = x.add(x.pow(3).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
    return x.mul(0.5).mul(inner.tanh().add(1));
  });
}

/** Weights of the feed-forward sub-layer, `[in, out]` layout. */
export interface FeedForwardWeights {
  /** ReLU variant: `wi [D, F]`; gated variant: `wi_0 [D, F]` (GELU branch). */
  readonly wi0: tf.Tensor2D;
  /** Gated variant only: `wi_1 [D, F]` (linear branch). */
  readonly wi1?: tf.Tensor2D;
  /** `wo [F, D]`. */
  readonly wo: tf.Tensor2D;
}

/** The feed-forward sub-layer `[B, T, D] -> [B, T, D]` (before the sub-layer dropout). */
export function feedForward(
  x: tf.Tensor3D,
  weights: FeedForwardWeights,
  kind: FeedForwardKind,
  dropoutRate: number,
  ctx: ForwardContext,
): tf.Tensor3D {
  let hidden: tf.Tensor; // [B, T, F]
  if (kind === 'relu') {
    hidden = linear(x, weights.wi0).relu();
  } else {
    if (!weights.wi1) throw new Error('gated feed-forward needs wi_1');
    hidden = geluNew(linear(x, weights.wi0)).mul(linear(x, weights.wi1));
  }
  return linear(dropout(hidden, dropoutRate, ctx), weights.wo) as tf.Tensor3D;
}
