/**
 * The hook interface between a backbone and the task-conditioning methods.
 *
 * The backbone owns explicit hook points and calls them; it never knows which method runs.
 * Axis legend used throughout: B batch, T query length, S key length, D d_model,
 * N heads, H head dim, P prompt length.
 *
 * @packageDocumentation
 */
import type * as tf from '@tensorflow/tfjs';
import { ShapeError } from './errors';

/** The two stacks of an encoder-decoder backbone. */
export type StackName = 'encoder' | 'decoder';

/** Self-attention or encoder-decoder (cross) attention. */
export type AttentionKind = 'self' | 'cross';

/** Where a per-layer hook fires. `layer` is 0-based within its stack. */
export interface LayerSite {
  /** Which stack the layer belongs to. */
  readonly stack: StackName;
  /** 0-based index of the block within its stack. */
  readonly layer: number;
}

/** Where an attention hook fires. */
export interface AttentionSite extends LayerSite {
  /** `'self'` (encoder and decoder) or `'cross'` (decoder only). */
  readonly attention: AttentionKind;
}

/** Token embeddings and their 0/1 padding mask, as seen by the `embed` hook. */
export interface EmbeddedSequence {
  /** `[B, T, D]` float32 embeddings. */
  readonly embeddings: tf.Tensor3D;
  /** `[B, T]` float32 mask: 1 for real positions, 0 for padding. */
  readonly mask: tf.Tensor2D;
}

/**
 * Per-head keys and values and the additive attention bias, as seen by the `keyValue` hook.
 *
 * T5 folds the relative-position bias and the padding/causal mask into one additive `bias`.
 * Invariant: `keys.shape[2] === values.shape[2] === bias.shape[3]` (= S).
 */
export interface AttentionKV {
  /** `[B, N, S, H]` keys. */
  readonly keys: tf.Tensor4D;
  /** `[B, N, S, H]` values. */
  readonly values: tf.Tensor4D;
  /** `[B | 1, N, T, S]` additive bias (position bias plus mask). */
  readonly bias: tf.Tensor4D;
}

/**
 * Hook points a backbone calls during a forward pass. Every hook is optional and pure:
 * tensors in, tensors out, inputs never mutated or disposed.
 */
export interface BackboneHooks {
  /**
   * Called once per stack after the token embedding, before block 0 (and before the
   * embedding dropout). May lengthen T (e.g. prepend soft prompts) and must then return
   * the matching mask.
   */
  readonly embed?: (x: EmbeddedSequence, stack: StackName) => EmbeddedSequence;
  /**
   * Called once per attention block after the K/V projections, before the scores. May
   * prepend P positions to S; must then widen `bias` by P columns (prompt columns get 0).
   */
  readonly keyValue?: (kv: AttentionKV, site: AttentionSite) => AttentionKV;
  /** Attention sub-layer output `[B, T, D]`, before dropout and the residual add. */
  readonly attentionOutput?: (h: tf.Tensor3D, site: AttentionSite) => tf.Tensor3D;
  /** Feed-forward sub-layer output `[B, T, D]`, before dropout and the residual add. */
  readonly ffnOutput?: (h: tf.Tensor3D, site: LayerSite) => tf.Tensor3D;
}

/** Names of the hook points, in the order a block calls them. */
export const HOOK_NAMES = ['embed', 'keyValue', 'attentionOutput', 'ffnOutput'] as const;

/** One of {@link HOOK_NAMES}. */
export type HookName = (typeof HOOK_NAMES)[number];

/** Human-readable site, e.g. `decoder.layer_2.cross`. */
export function formatSite(site: LayerSite | AttentionSite | StackName): string {
  if (typeof site === 'string') return site;
  const attention = 'attention' in site ? `.${site.attention}` : '';
  return `${site.stack}.layer_${site.layer}${attention}`;
}

function checkEmbedded(before: EmbeddedSequence, after: EmbeddedSequence, who: string): void {
  const [b, , d] = before.embeddings.shape;
  const e = after.embeddings.shape;
  if (after.embeddings.rank !== 3 || e[0] !== b || e[2] !== d) {
    throw new ShapeError(`${who} embeddings`, `[${b}, T', ${d}]`, e);
  }
  const m = after.mask.shape;
  if (after.mask.rank !== 2 || m[0] !== b || m[1] !== e[1]) {
    throw new ShapeError(`${who} mask`, `[${b}, ${e[1]}] matching the embeddings`, m);
  }
}

function checkKV(before: AttentionKV, after: AttentionKV, who: string): void {
  const [b, n, , h] = before.keys.shape;
  const t = before.bias.shape[2];
  const k = after.keys.shape;
  if (after.keys.rank !== 4 || k[0] !== b || k[1] !== n || k[3] !== h) {
    throw new ShapeError(`${who} keys`, `[${b}, ${n}, S', ${h}]`, k);
  }
  const s = k[2];
  if (s < before.keys.shape[2]) {
    throw new ShapeError(
      `${who} keys`,
      `at least the ${before.keys.shape[2]} given positions (hooks may only add)`,
      k,
    );
  }
  const v = after.values.shape;
  if (after.values.rank !== 4 || v[0] !== b || v[1] !== n || v[2] !== s || v[3] !== h) {
    throw new ShapeError(`${who} values`, `[${b}, ${n}, ${s}, ${h}] like the keys`, v);
  }
  const bias = after.bias.shape;
  if (
    after.bias.rank !== 4 ||
    (bias[0] !== b && bias[0] !== 1) ||
    bias[1] !== n ||
    bias[2] !== t ||
    bias[3] !== s
  ) {
    throw new ShapeError(`${who} bias`, `[${b} | 1, ${n}, ${t}, ${s}] (widened with the keys)`, bias);
  }
}

function checkSame(before: tf.Tensor, after: tf.Tensor, who: string): void {
  const a = before.shape;
  const c = after.shape;
  if (a.length !== c.length || a.some((x, i) => x !== c[i])) {
    throw new ShapeError(who, `[${a.join(', ')}] (unchanged)`, c);
  }
}

/**
 * Folds several methods' hooks left to right into one: for each hook point, the output of
 * `all[i]` is the input of `all[i + 1]`. A hook point no method defines stays `undefined`,
 * so the backbone can skip it. Every intermediate output is shape-checked (cheap: no data
 * is read), and a bad one raises a {@link ShapeError} naming the method index and the site.
 *
 * @param all - hooks in the order of the methods in the experiment config.
 */
export function composeHooks(all: readonly BackboneHooks[]): BackboneHooks {
  return {
    embed: chain(all, 'embed', (a, b, i, stack) => {
      checkEmbedded(a, b, `hooks[${i}].embed at ${stack}:`);
    }),
    keyValue: chain(all, 'keyValue', (a, b, i, site) => {
      checkKV(a, b, `hooks[${i}].keyValue at ${formatSite(site)}:`);
    }),
    attentionOutput: chain(all, 'attentionOutput', (a, b, i, site) => {
      checkSame(a, b, `hooks[${i}].attentionOutput at ${formatSite(site)}`);
    }),
    ffnOutput: chain(all, 'ffnOutput', (a, b, i, site) => {
      checkSame(a, b, `hooks[${i}].ffnOutput at ${formatSite(site)}`);
    }),
  };
}

/** The value and site types of one hook point. */
type HookSignature<K extends HookName> =
  NonNullable<BackboneHooks[K]> extends (x: infer X, site: infer S) => unknown
    ? { value: X; site: S }
    : never;

/**
 * Folds one hook point of several methods left to right, checking every output against its
 * input; `undefined` when no method defines the point.
 */
function chain<K extends HookName>(
  all: readonly BackboneHooks[],
  name: K,
  check: (
    before: HookSignature<K>['value'],
    after: HookSignature<K>['value'],
    index: number,
    site: HookSignature<K>['site'],
  ) => void,
): BackboneHooks[K] {
  type Fn = (x: HookSignature<K>['value'], site: HookSignature<K>['site']) => HookSignature<K>['value'];
  const steps = all.flatMap((hooks, index) => {
    const f = hooks[name] as Fn | undefined;
    return f ? [{ index, f }] : [];
  });
  if (steps.length === 0) return undefined;
  const composed: Fn = (x, site) =>
    steps.reduce((acc, { index, f }) => {
      const out = f(acc, site);
      check(acc, out, index, site);
      return out;
    }, x);
  return composed as BackboneHooks[K];
}
