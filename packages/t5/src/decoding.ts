/**
 * Decoding with a T5 model: greedy generation with a key/value cache, and rank
 * classification (the log-likelihood of candidate targets), both honouring hooks.
 *
 * Cache contract for hooks: in cached decoding the backbone calls `keyValue` once per layer
 * for decoder self-attention (at the first step, with that step's keys) and once per layer
 * for cross-attention (with all encoder keys). Positions decoded later are appended after
 * what the hook returned. A `keyValue` hook must therefore only prepend positions (prompts,
 * prefixes) and leave the keys it receives unchanged; then cached and uncached decoding agree.
 *
 * Axis legend: B batch, C candidates, P scored pairs, T target length, S encoder length,
 * D d_model, N heads, H head dim, V vocabulary.
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';
import {
  ConfigError,
  createForwardContext,
  DivergenceError,
  linear,
  type AttentionKV,
  type BackboneHooks,
  type ForwardContext,
} from '@hyperprompt/core';
import { attend, projectKeyValue, splitHeads } from './layers/attention';
import { feedForward, rmsNorm } from './layers/basic';
import { positionBias } from './layers/relative-position';
import { paddingBias } from './stack';
import { resolveHooks } from './hooks-option';
import type { T5Inputs, T5Model } from './t5-model';
import type { StackEnvironment } from './stack';

/** Hooks for a forward, given its context (methods build hooks per context). */
export type HooksFactory = (ctx: ForwardContext) => BackboneHooks | readonly BackboneHooks[];

/** Options shared by {@link generate} and {@link scoreCandidates}. */
export interface DecodingOptions {
  /** Task of each input example. @defaultValue all 0 */
  readonly taskIds?: readonly number[];
  /** Number of tasks the hooks know. @defaultValue 1 + the largest task id */
  readonly numTasks?: number;
  /** Builds the hooks for a context (called once per batch shape). @defaultValue no hooks */
  readonly hooks?: HooksFactory;
}

/** Options of {@link generate}. */
export interface GenerateOptions extends DecodingOptions {
  /** Maximum number of generated tokens. @defaultValue 20 */
  readonly maxNewTokens?: number;
  /** Reuse past keys/values (fast); `false` reruns the whole decoder every step. @defaultValue true */
  readonly useCache?: boolean;
}

function contextFor(
  batch: number,
  options: DecodingOptions,
  repeat: readonly number[] | undefined,
): ForwardContext {
  const taskIds = options.taskIds ?? new Array<number>(batch).fill(0);
  const ids = repeat ? repeat.map((i) => taskIds[i]) : [...taskIds];
  return createForwardContext({ taskIds: ids, numTasks: options.numTasks, batchSize: ids.length });
}

function envFor(model: T5Model, ctx: ForwardContext, options: DecodingOptions): StackEnvironment {
  return { config: model.config, hooks: resolveHooks(options.hooks?.(ctx)), ctx };
}

interface LayerCache {
  /** Self-attention keys/values so far `[B, N, P + steps, H]` (kept across steps). */
  self?: { keys: tf.Tensor4D; values: tf.Tensor4D };
  /** P, the positions the `keyValue` hook prepended at the first step. */
  prefix: number;
  /** Cross-attention keys/values and bias, computed once. */
  cross: AttentionKV;
}

/** One cached decoder step: ids `[B, 1]` at position `step` -> logits `[B, V]`; updates caches. */
function cachedStep(
  model: T5Model,
  ids: tf.Tensor2D,
  step: number,
  caches: LayerCache[],
  env: StackEnvironment,
): tf.Tensor2D {
  const { config, hooks, ctx } = env;
  const w = model.decoderWeights;
  const eps = config.layerNormEpsilon;
  const n = config.numHeads;
  const [b] = ids.shape;
  let x = model.embedDecoder(ids, tf.ones([b, 1]), hooks); // [B, 1, D]
  const bias = positionBias(
    w.relativeAttentionBias,
    1,
    step + 1,
    false,
    config.relativeAttentionMaxDistance,
    step,
  ); // [1, N, 1, step+1]
  w.blocks.forEach((block, layer) => {
    const cache = caches[layer];
    const selfSite = { stack: 'decoder', layer, attention: 'self' } as const;
    const normed = rmsNorm(x, block.selfAttentionNorm, eps) as tf.Tensor3D;
    const query = splitHeads(linear(normed, block.selfAttention.q) as tf.Tensor3D, n); // [B, N, 1, H]
    const fresh = projectKeyValue(normed, block.selfAttention, n); // [B, N, 1, H] each
    let kv: AttentionKV;
    if (cache.self === undefined) {
      const first = { ...fresh, bias };
      kv = hooks.keyValue ? hooks.keyValue(first, selfSite) : first;
      cache.prefix = kv.keys.shape[2] - 1;
    } else {
      const prompt = cache.prefix > 0 ? [tf.zeros([1, n, 1, cache.prefix])] : [];
      kv = {
        keys: tf.concat([cache.self.keys, fresh.keys], 2), // [B, N, P+step+1, H]
        values: tf.concat([cache.self.values, fresh.values], 2),
        bias: tf.concat([...prompt, bias], 3) as tf.Tensor4D, // [1, N, 1, P+step+1]
      };
    }
    const previous = cache.self;
    cache.self = { keys: tf.keep(kv.keys), values: tf.keep(kv.values) };
    if (previous) tf.dispose([previous.keys, previous.values]);
    const selfOut = attend(query, kv, { o: block.selfAttention.o, dropoutRate: 0, ctx, site: selfSite });
    x = x.add(hooks.attentionOutput ? hooks.attentionOutput(selfOut, selfSite) : selfOut);
    if (block.crossAttention && block.crossAttentionNorm) {
      const crossSite = { stack: 'decoder', layer, attention: 'cross' } as const;
      const crossQuery = splitHeads(
        linear(rmsNorm(x, block.crossAttentionNorm, eps), block.crossAttention.q) as tf.Tensor3D,
        n,
      );
      const crossOut = attend(crossQuery, cache.cross, {
        o: block.crossAttention.o,
        dropoutRate: 0,
        ctx,
        site: crossSite,
      });
      x = x.add(hooks.attentionOutput ? hooks.attentionOutput(crossOut, crossSite) : crossOut);
    }
    const ff = feedForward(
      rmsNorm(x, block.feedForwardNorm, eps) as tf.Tensor3D,
      block.feedForward,
      config.feedForwardProj,
      0,
      ctx,
    );
    x = x.add(hooks.ffnOutput ? hooks.ffnOutput(ff, { stack: 'decoder', layer }) : ff);
  });
  const hidden = rmsNorm(x, w.finalNorm, eps) as tf.Tensor3D;
  return model.lmHead(hidden).reshape([b, config.vocabSize]); // [B, V]
}

/** Cross-attention keys/values `[B, N, S', H]` per decoder layer, through the `keyValue` hook once. */
function crossCaches(
  model: T5Model,
  encoded: tf.Tensor3D,
  mask: tf.Tensor2D,
  env: StackEnvironment,
): LayerCache[] {
  const n = model.config.numHeads;
  const [b, s] = mask.shape;
  const bias = tf.broadcastTo<tf.Rank.R4>(paddingBias(mask), [b, n, 1, s]); // [B, N, 1, S]
  return model.decoderWeights.blocks.map((block, layer) => {
    const kv = {
      ...projectKeyValue(encoded, block.crossAttention as NonNullable<typeof block.crossAttention>, n),
      bias,
    };
    const site = { stack: 'decoder', layer, attention: 'cross' } as const;
    const hooked = env.hooks.keyValue ? env.hooks.keyValue(kv, site) : kv;
    return { prefix: 0, cross: hooked }; // lives in generate's outer scope
  });
}

/** Frees the self-attention caches, the only tensors kept across decoding steps. */
function disposeSelfCaches(caches: readonly LayerCache[]): void {
  for (const c of caches) if (c.self) tf.dispose([c.self.keys, c.self.values]);
}

/**
 * Greedy decoding from `decoderStartTokenId` until EOS or `maxNewTokens`. Returns, per
 * example, the generated ids (EOS included when reached, start token excluded).
 *
 * Everything runs in one `tf.tidy` scope: the hooks are built inside it (as
 * `PeftModule.hooks` expects) and live until decoding ends; each step runs in its own nested
 * scope, and the self-attention caches it keeps are freed even when a hook throws.
 *
 * @throws `DivergenceError` when a step's logits hold NaN or ±Infinity (an argmax over them
 *   would be an arbitrary token).
 */
export function generate(
  model: T5Model,
  inputs: Pick<T5Inputs, 'inputIds' | 'attentionMask'>,
  options: GenerateOptions = {},
): number[][] {
  const c = model.config;
  const maxNew = options.maxNewTokens ?? 20;
  if (!Number.isInteger(maxNew) || maxNew < 1)
    throw new ConfigError('maxNewTokens', maxNew, 'a positive integer');
  const batch = inputs.inputIds instanceof tf.Tensor ? inputs.inputIds.shape[0] : inputs.inputIds.length;
  const out: number[][] = Array.from({ length: batch }, () => []);
  const done = new Array<boolean>(batch).fill(false);
  const caches: LayerCache[] = [];
  try {
    tf.tidy(() => {
      const ctx = contextFor(batch, options, undefined);
      const env = envFor(model, ctx, options);
      const cached = options.useCache ?? true;
      if (cached) {
        const encoded = model.encode(inputs, env); // [B, S', D], lives until decoding ends
        caches.push(...crossCaches(model, encoded.hidden, encoded.mask, env));
      }
      let current = new Array<number>(batch).fill(c.decoderStartTokenId);
      for (let step = 0; step < maxNew && done.includes(false); step++) {
        const next = tf.tidy(() => {
          const logits = cached
            ? cachedStep(model, tf.tensor2d(current, [batch, 1], 'int32'), step, caches, env)
            : lastLogits(model, inputs, out, step, env);
          // One read for the ids and a finiteness probe per row (x * 0 is NaN for NaN or ±Infinity).
          const probe = tf.concat([logits.argMax(-1).cast('float32'), logits.mul(0).sum(-1)]).dataSync();
          const bad = probe.subarray(batch).find((x) => !Number.isFinite(x));
          if (bad !== undefined) {
            throw new DivergenceError(
              undefined,
              `decoder output at generation step ${step + 1}`,
              bad,
              'The model computes NaN or infinite logits: its weights are unusable (a diverged run?).',
            );
          }
          return Array.from(probe.subarray(0, batch));
        });
        current = next.map((id, i) => (done[i] ? c.padTokenId : id));
        current.forEach((id, i) => {
          if (done[i]) return;
          out[i].push(id);
          if (id === c.eosTokenId) done[i] = true;
        });
      }
    });
  } finally {
    disposeSelfCaches(caches);
  }
  return out;
}

/** Uncached step: the whole decoder on `[start, generated...]`, logits of the last position `[B, V]`. */
function lastLogits(
  model: T5Model,
  inputs: Pick<T5Inputs, 'inputIds' | 'attentionMask'>,
  generated: readonly (readonly number[])[],
  step: number,
  env: StackEnvironment,
): tf.Tensor2D {
  const c = model.config;
  const t = step + 1; // unfinished rows hold `step` tokens; finished ones are padded
  const rows = generated.map((g) => [
    c.decoderStartTokenId,
    ...g,
    ...new Array<number>(step - g.length).fill(c.padTokenId),
  ]);
  const { logits } = model.forward(
    { ...inputs, decoderInputIds: rows },
    { hooks: env.hooks, context: env.ctx },
  );
  return logits.slice([0, t - 1, 0], [-1, 1, -1]).reshape([rows.length, c.vocabSize]);
}
