/**
 * T5 multi-head attention with the `keyValue` and `attentionOutput` hook points. No
 * `1/sqrt(H)` scaling (T5 folds it into the query init); the position bias and the masks
 * arrive as one additive `bias`.
 *
 * Axis legend: B batch, T query length, S key length, D d_model, N heads, H head dim.
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';
import {
  attentionContext,
  attentionScores,
  linear,
  type AttentionKV,
  type AttentionSite,
  type BackboneHooks,
  type ForwardContext,
} from '@hyperprompt/core';
import { dropout } from './basic';

/** Projection weights of one attention block, `[in, out]` layout. */
export interface AttentionWeights {
  /** `[D, N·H]`. */
  readonly q: tf.Tensor2D;
  /** `[D, N·H]`. */
  readonly k: tf.Tensor2D;
  /** `[D, N·H]`. */
  readonly v: tf.Tensor2D;
  /** `[N·H, D]`. */
  readonly o: tf.Tensor2D;
}

/** Receives the attention probabilities `[B, N, T, S]` of a block (for analysis). */
export type AttentionObserver = (probs: tf.Tensor4D, site: AttentionSite) => void;

/** `[B, L, N·H] -> [B, N, L, H]`. */
export function splitHeads(x: tf.Tensor3D, numHeads: number): tf.Tensor4D {
  const [b, l, inner] = x.shape;
  return x.reshape([b, l, numHeads, inner / numHeads]).transpose([0, 2, 1, 3]); // [B, N, L, H]
}

/** `[B, N, L, H] -> [B, L, N·H]`. */
export function mergeHeads(x: tf.Tensor4D): tf.Tensor3D {
  const [b, n, l, h] = x.shape;
  return x.transpose([0, 2, 1, 3]).reshape([b, l, n * h]); // [B, L, N·H]
}

/** Keys and values `[B, N, S, H]` of a source sequence `[B, S, D]`. */
export function projectKeyValue(
  source: tf.Tensor3D,
  weights: AttentionWeights,
  numHeads: number,
): { keys: tf.Tensor4D; values: tf.Tensor4D } {
  return {
    keys: splitHeads(linear(source, weights.k) as tf.Tensor3D, numHeads),
    values: splitHeads(linear(source, weights.v) as tf.Tensor3D, numHeads),
  };
}

/** Everything {@link attend} needs besides the query and the keys/values. */
export interface AttendOptions {
  /** Output projection `[N·H, D]`. */
  readonly o: tf.Tensor2D;
  /** Dropout on the attention probabilities (training only). */
  readonly dropoutRate: number;
  /** The forward context (training flag, dropout seeds). */
  readonly ctx: ForwardContext;
  /** Where this block is. */
  readonly site: AttentionSite;
  /** Optional observer of the probabilities. */
  readonly observer?: AttentionObserver;
}

/** Scores, softmax, dropout, weighted sum and output projection: `q [B, N, T, H]` -> `[B, T, D]`. */
export function attend(query: tf.Tensor4D, kv: AttentionKV, options: AttendOptions): tf.Tensor3D {
  const scores = attentionScores(query, kv.keys).add(kv.bias); // [B, N, T, S]
  const probs = tf.softmax(scores) as tf.Tensor4D;
  options.observer?.(probs, options.site);
  const mixed = attentionContext(dropout(probs, options.dropoutRate, options.ctx), kv.values); // [B, N, T, H]
  return linear(mergeHeads(mixed), options.o) as tf.Tensor3D; // [B, T, D]
}

/** Inputs of one full attention block in an uncached forward. */
export interface AttentionBlockInputs {
  /** Normed query input `[B, T, D]`. */
  readonly x: tf.Tensor3D;
  /** Key/value source `[B, S, D]`: `x` for self-attention, the encoder output for cross. */
  readonly source: tf.Tensor3D;
  /** Additive bias `[B | 1, N, T, S]`. */
  readonly bias: tf.Tensor4D;
  /** Block weights. */
  readonly weights: AttentionWeights;
  /** N. */
  readonly numHeads: number;
  /** Hooks of the forward. */
  readonly hooks: BackboneHooks;
}

/**
 * One attention sub-layer (before its dropout and residual): projections, the `keyValue`
 * hook, attention, output projection, the `attentionOutput` hook.
 */
export function attentionBlock(inputs: AttentionBlockInputs, options: Omit<AttendOptions, 'o'>): tf.Tensor3D {
  const { x, source, bias, weights, numHeads, hooks } = inputs;
  const query = splitHeads(linear(x, weights.q) as tf.Tensor3D, numHeads); // [B, N, T, H]
  const projected = { ...projectKeyValue(source, weights, numHeads), bias };
  const kv = hooks.keyValue ? hooks.keyValue(projected, options.site) : projected;
  const out = attend(query, kv, { ...options, o: weights.o });
  return hooks.attentionOutput ? hooks.attentionOutput(out, options.site) : out;
}
