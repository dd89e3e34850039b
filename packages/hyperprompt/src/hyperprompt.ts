/**
 * HyperPrompt as a `PeftMethod`: task-conditioned key/value prompts prepended, through the
 * `keyValue` hook, to the keys and values of self-attention in every selected block. What
 * depends only on (task, site) is computed once per forward for the tasks present (all sites
 * in one batched pass) and gathered per example, so batches may mix tasks.
 *
 * Axis legend: B batch, T query length, S key length, N heads, H head dim, P prompt length,
 * K tasks, K' tasks present, M prompted sites, NH = N·H.
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';
import {
  assertKnownTasks,
  type AttentionKV,
  type AttentionSite,
  type BackboneHandle,
  type BackboneHooks,
  type BackboneSpec,
  definePeftMethod,
  type ForwardContext,
  formatSite,
  type PeftMethod,
  type PeftModule,
  ShapeError,
  VariableStore,
} from '@hyperprompt/core';
import { gatherByTask } from '@hyperprompt/hypernetwork';
import { DEFAULT_HYPERPROMPT, type HyperPromptConfig, resolveHyperPrompt } from './config';
import { countHyperPromptParameters } from './parameters';
import { createPromptSource, type PromptSource } from './prompt-source';
import { hyperPromptSites, siteIndex } from './sites';

/** A live HyperPrompt module. */
export interface HyperPromptModule extends PeftModule<HyperPromptConfig> {
  /** The prompted sites, in the order of the M axis of {@link HyperPromptModule.prompts}. */
  readonly sites: readonly AttentionSite[];
  /**
   * Key and value prompts of the tasks given at every site, `[K', M, 2, P, N·H]` (index 0 of
   * the third axis: keys, 1: values). Differentiable; call inside `tf.tidy`.
   */
  prompts(tasks: readonly number[]): tf.Tensor;
  /**
   * Precomputes every task's prompts (`[K, M, 2, P, N·H]`) into a new module of variant
   * `static`, which needs no hypernetwork and gives the same outputs. The new module owns
   * its own copy; dispose both.
   */
  materialize(): HyperPromptModule;
}

/**
 * Prepends per-example prompts to one site's keys and values and widens the bias with P zero
 * columns (prompt columns are never masked and get no position bias).
 *
 * @param kv - keys, values `[B, N, S, H]` and bias `[B | 1, N, T, S]`.
 * @param prompts - `[B, 2, N, P, H]` key (index 0) and value (index 1) prompts.
 * @param widenBias - widens a bias by P zero columns. @defaultValue a fresh concat per call
 * @returns keys, values `[B, N, P + S, H]` and bias `[B | 1, N, T, P + S]`.
 */
export function prependPrompts(
  kv: AttentionKV,
  prompts: tf.Tensor5D,
  widenBias: (bias: tf.Tensor4D, p: number) => tf.Tensor4D = zeroColumns,
): AttentionKV {
  const [b, n, , h] = kv.keys.shape;
  const p = prompts.shape[3];
  if (prompts.rank !== 5 || prompts.shape[0] !== b || prompts.shape[2] !== n || prompts.shape[4] !== h) {
    throw new ShapeError('hyperprompt: prompts', `[${b}, 2, ${n}, P, ${h}]`, prompts.shape);
  }
  // Slices of rank <= 4 only: on wasm, higher-rank slices and transposes are very slow.
  const flat = tf.reshape<tf.Rank.R3>(prompts, [b, 2, n * p * h]); // [B, 2, N, P, H] -> [B, 2, N·P·H]
  const half = (i: number): tf.Tensor => tf.slice(flat, [0, i, 0], [b, 1, n * p * h]); // [B, 1, N·P·H]
  // Concat of [B·N, X·H] views: the gradient (a split) then copies B·N rows per piece, where
  // splitting [B, N, P + S, H] on its third axis would copy B·N·(P + S) rows of H.
  const s = kv.keys.shape[2];
  const prepend = (prompt: tf.Tensor, x: tf.Tensor4D): tf.Tensor4D => {
    const both = tf.concat(
      [tf.reshape(prompt, [b * n, p * h]), tf.reshape(x, [b * n, s * h])], // [B·N, P·H], [B, N, S, H] -> [B·N, S·H]
      1,
    ); // [B·N, (P + S)·H]
    return tf.reshape(both, [b, n, p + s, h]); // -> [B, N, P + S, H]
  };
  return {
    keys: prepend(half(0), kv.keys), // [B, N, P + S, H]
    values: prepend(half(1), kv.values), // [B, N, P + S, H]
    bias: widenBias(kv.bias, p), // [B | 1, N, T, P + S]
  };
}

/** `bias [B | 1, N, T, S] -> [B | 1, N, T, P + S]` with P leading zero columns. */
function zeroColumns(bias: tf.Tensor4D, p: number): tf.Tensor4D {
  const [bb, n, t] = bias.shape;
  return tf.concat([tf.zeros<tf.Rank.R4>([bb, n, t, p]), bias], 3); // [B | 1, N, T, P + S]
}

/**
 * {@link zeroColumns} memoised per bias tensor: T5 passes one bias object to every block of a
 * stack, so it is widened once per stack and forward instead of once per block.
 */
function widenOncePerBias(): (bias: tf.Tensor4D, p: number) => tf.Tensor4D {
  const done = new WeakMap<tf.Tensor4D, tf.Tensor4D>();
  return (bias, p) => {
    const cached = done.get(bias);
    if (cached && !cached.isDisposed) return cached;
    const widened = zeroColumns(bias, p);
    done.set(bias, widened);
    return widened;
  };
}

function buildModule(
  backbone: Pick<BackboneHandle, 'spec'> & Partial<Pick<BackboneHandle, 'tokenEmbedding'>>,
  config: HyperPromptConfig,
  seed: number,
  initialStatic?: tf.Tensor,
): HyperPromptModule {
  const spec: BackboneSpec = backbone.spec;
  const sites = hyperPromptSites(config, spec);
  const indexOf = siteIndex(sites);
  const store = new VariableStore(seed);
  let source: PromptSource;
  try {
    source = createPromptSource(store, config, backbone, sites, initialStatic);
  } catch (error) {
    store.dispose();
    throw error;
  }
  const { numHeads: n, headDim: h } = spec;
  const p = config.promptLength;
  const prompts = (tasks: readonly number[]): tf.Tensor =>
    tf.tidy(() => source(tf.tensor1d([...tasks], 'int32'))); // [K', M, 2, P, NH]
  const module: HyperPromptModule = {
    kind: 'hyperprompt',
    config,
    variables: store,
    sites,
    prompts,
    hooks(ctx: ForwardContext): BackboneHooks {
      assertKnownTasks(ctx, config.numTasks, 'hyperprompt');
      const k = ctx.tasksPresent.length;
      const m = sites.length;
      const rows = tf.reshape<tf.Rank.R4>(prompts(ctx.tasksPresent), [k * m * 2, p, n, h]); // [K', M, 2, P, NH] -> [K'·M·2, P, N, H]
      const heads = tf.reshape<tf.Rank.R3>(tf.transpose(rows, [0, 2, 1, 3]), [k, m, 2 * n * p * h]); // -> [K'·M·2, N, P, H] -> [K', M, 2·N·P·H]
      // Slices, not tf.unstack (its gradient fails in tfjs 4.22 when M = 1), of rank 3 (fast on wasm).
      const siteRows = (site: number): tf.Tensor5D =>
        tf.reshape(tf.slice(heads, [0, site, 0], [k, 1, 2 * n * p * h]), [k, 2, n, p, h]); // [K', 1, 2·N·P·H] -> [K', 2, N, P, H]
      const widen = widenOncePerBias();
      return {
        keyValue(kv: AttentionKV, site: AttentionSite): AttentionKV {
          const index = indexOf(site);
          if (index < 0) return kv;
          if (kv.keys.shape[0] !== ctx.batchSize) {
            throw new ShapeError(
              `hyperprompt keyValue at ${formatSite(site)}: keys`,
              `[${ctx.batchSize}, N, S, H]`,
              kv.keys.shape,
            );
          }
          return prependPrompts(kv, gatherByTask(siteRows(index), ctx), widen); // [B, 2, N, P, H]
        },
      };
    },
    materialize(): HyperPromptModule {
      const all = prompts(Array.from({ length: config.numTasks }, (_, t) => t)); // [K, M, 2, P, NH]
      try {
        return buildModule({ spec }, { ...config, variant: 'static' }, seed, all);
      } finally {
        all.dispose();
      }
    },
    dispose(): void {
      store.dispose();
    },
  };
  return module;
}

/**
 * HyperPrompt (He et al., "HyperPrompt: Prompt-based Task-Conditioning of Transformers", ICML
 * 2022, arXiv 2203.00759). Per-task global prompts `[K, P, D]` become key and value prompts
 * `[P, N·H]` at every prompted block through local hypernetworks `ReLU(P·D)·U`: shared by all
 * tasks (`share`), one per task (`sep`), or generated by global hypernetworks from a
 * layer-aware task embedding (`global`, the default). They are prepended to the keys and
 * values of self-attention (hook `keyValue`; cross-attention optionally) with zero bias
 * columns. `static` holds plain per-(task, site) key/value prompts, which is what
 * `module.materialize()` produces for inference.
 *
 * @remarks
 * No init makes HyperPrompt an exact no-op: prompt columns take softmax mass even with zero
 * keys, so attention outputs shrink at step 0 (see the README).
 *
 * @example
 * ```ts
 * const config = hyperPrompt.resolve({ variant: 'global', promptLength: 16 }, backbone.spec, { numTasks: 8 });
 * const module = hyperPrompt.create(backbone, config, 42);
 * const logits = tf.tidy(() => {
 *   const ctx = createForwardContext({ taskIds: [0, 3, 3, 7], numTasks: 8 });
 *   return backbone.forward(batch, { hooks: module.hooks(ctx), context: ctx }).logits;
 * });
 * const frozen = module.materialize(); // variant 'static': no hypernetworks, same outputs
 * ```
 */
export const hyperPrompt: PeftMethod<HyperPromptConfig, HyperPromptModule> = definePeftMethod<
  HyperPromptConfig,
  HyperPromptModule
>({
  kind: 'hyperprompt',
  // numTasks always comes from the resolve context; 1 is the single-task case.
  defaults: { ...DEFAULT_HYPERPROMPT, numTasks: 1 },
  resolve: resolveHyperPrompt,
  create: (backbone, config, seed) => buildModule(backbone, config, seed),
  countParameters: countHyperPromptParameters,
});
