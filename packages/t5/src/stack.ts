/**
 * The encoder and decoder stacks of T5 (uncached forward), with their hook points. Pre-norm
 * residual blocks; the relative-position bias is computed once per stack from block 0's
 * table and shared by every block, together with the padding (and causal) mask.
 *
 * Axis legend: B batch, T query length, S key length (encoder length in cross-attention),
 * D d_model, N heads.
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';
import type { BackboneHooks, ForwardContext, StackName } from '@hyperprompt/core';
import type { T5Config } from './config';
import { attentionBlock, type AttentionObserver } from './layers/attention';
import { dropout, feedForward, MASK_VALUE, rmsNorm } from './layers/basic';
import { positionBias } from './layers/relative-position';
import type { BlockWeights, StackWeights } from './weights';

/** What every block of a forward shares. */
export interface StackEnvironment {
  /** Model config. */
  readonly config: T5Config;
  /** Hooks of this forward (already composed). */
  readonly hooks: BackboneHooks;
  /** The forward context. */
  readonly ctx: ForwardContext;
  /** Optional observer of attention probabilities. */
  readonly observer?: AttentionObserver;
  /** Optional observer of every block's output. */
  readonly onHidden?: HiddenStateObserver;
}

/** Additive padding mask `[B, 1, 1, S]` from a 0/1 mask `[B, S]`. */
export function paddingBias(mask: tf.Tensor2D): tf.Tensor4D {
  const [b, s] = mask.shape;
  return tf.onesLike(mask).sub(mask).mul(MASK_VALUE).reshape([b, 1, 1, s]); // [B, 1, 1, S]
}

/** Additive causal+padding mask `[B, 1, T, T]` (HF: causal mask times the padding mask, once). */
export function causalBias(mask: tf.Tensor2D): tf.Tensor4D {
  const [b, t] = mask.shape;
  const causal = tf.linalg.bandPart(tf.ones([t, t]), -1, 0); // [T, T], 1 where key <= query
  const allowed = causal.reshape([1, 1, t, t]).mul(mask.reshape([b, 1, 1, t])); // [B, 1, T, T]
  return tf.onesLike(allowed).sub(allowed).mul<tf.Tensor4D>(MASK_VALUE);
}

function residualBlock(
  x: tf.Tensor3D,
  weights: BlockWeights,
  layer: number,
  stack: StackName,
  biases: { self: tf.Tensor4D; cross?: tf.Tensor4D; encoderOutput?: tf.Tensor3D },
  env: StackEnvironment,
): tf.Tensor3D {
  const { config, hooks, ctx, observer } = env;
  const eps = config.layerNormEpsilon;
  const rate = config.dropoutRate;
  const common = { numHeads: config.numHeads, hooks };
  const selfSite = { stack, layer, attention: 'self' } as const;
  const normed = rmsNorm(x, weights.selfAttentionNorm, eps) as tf.Tensor3D;
  const selfOut = attentionBlock(
    { ...common, x: normed, source: normed, bias: biases.self, weights: weights.selfAttention },
    { dropoutRate: rate, ctx, site: selfSite, observer },
  );
  let h = x.add(dropout(selfOut, rate, ctx));
  if (
    stack === 'decoder' &&
    weights.crossAttention &&
    weights.crossAttentionNorm &&
    biases.cross &&
    biases.encoderOutput
  ) {
    const crossSite = { stack, layer, attention: 'cross' } as const;
    const crossOut = attentionBlock(
      {
        ...common,
        x: rmsNorm(h, weights.crossAttentionNorm, eps) as tf.Tensor3D,
        source: biases.encoderOutput,
        bias: biases.cross,
        weights: weights.crossAttention,
      },
      { dropoutRate: rate, ctx, site: crossSite, observer },
    );
    h = h.add(dropout(crossOut, rate, ctx));
  }
  const ffIn = rmsNorm(h, weights.feedForwardNorm, eps) as tf.Tensor3D;
  const ffOut = feedForward(ffIn, weights.feedForward, config.feedForwardProj, rate, ctx);
  const hooked = hooks.ffnOutput ? hooks.ffnOutput(ffOut, { stack, layer }) : ffOut;
  return h.add(dropout(hooked, rate, ctx));
}

/** Optional per-block capture of hidden states (for debugging and parity tests). */
export type HiddenStateObserver = (hidden: tf.Tensor3D, stack: StackName, layer: number) => void;

/** Encoder: `embeddings [B, T, D]`, `mask [B, T]` -> `[B, T, D]` (after final norm and dropout). */
export function runEncoder(
  embeddings: tf.Tensor3D,
  mask: tf.Tensor2D,
  weights: StackWeights,
  env: StackEnvironment,
): tf.Tensor3D {
  const { config, ctx, onHidden } = env;
  const t = embeddings.shape[1];
  const bias = positionBias(
    weights.relativeAttentionBias,
    t,
    t,
    true,
    config.relativeAttentionMaxDistance,
  ).add<tf.Tensor4D>(paddingBias(mask)); // [B, N, T, T]
  let x = dropout(embeddings, config.dropoutRate, ctx);
  weights.blocks.forEach((block, layer) => {
    x = residualBlock(x, block, layer, 'encoder', { self: bias }, env);
    onHidden?.(x, 'encoder', layer);
  });
  return dropout(
    rmsNorm(x, weights.finalNorm, config.layerNormEpsilon) as tf.Tensor3D,
    config.dropoutRate,
    ctx,
  );
}

/**
 * Decoder: `embeddings [B, T, D]`, `mask [B, T]`, encoder output `[B, S, D]` and its mask
 * `[B, S]` -> `[B, T, D]` (after final norm and dropout).
 */
export function runDecoder(
  embeddings: tf.Tensor3D,
  mask: tf.Tensor2D,
  encoderOutput: tf.Tensor3D,
  encoderMask: tf.Tensor2D,
  weights: StackWeights,
  env: StackEnvironment,
): tf.Tensor3D {
  const { config, ctx, onHidden } = env;
  const [b, t] = mask.shape;
  const s = encoderOutput.shape[1];
  const n = config.numHeads;
  const self = positionBias(
    weights.relativeAttentionBias,
    t,
    t,
    false,
    config.relativeAttentionMaxDistance,
  ).add<tf.Tensor4D>(causalBias(mask)); // [B, N, T, T]
  const cross = tf.broadcastTo<tf.Rank.R4>(paddingBias(encoderMask), [b, n, t, s]); // [B, N, T, S]
  let x = dropout(embeddings, config.dropoutRate, ctx);
  weights.blocks.forEach((block, layer) => {
    x = residualBlock(x, block, layer, 'decoder', { self, cross, encoderOutput }, env);
    onHidden?.(x, 'decoder', layer);
  });
  return dropout(
    rmsNorm(x, weights.finalNorm, config.layerNormEpsilon) as tf.Tensor3D,
    config.dropoutRate,
    ctx,
  );
}
