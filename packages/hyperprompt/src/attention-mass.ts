/**
 * Attention mass on hyper-prompts (the paper's per-layer visualisation): the softmax
 * probability that queries put on the P prompt columns, averaged over heads, real query
 * positions and examples.
 *
 * How a caller gets the probabilities: the backbone reports them, not the method (a method
 * never imports the backbone). With `@hyperprompt/t5`, pass
 * `observeAttention: recorder.observe` to `T5Model.forward` together with the module's hooks;
 * T5 calls it with every attention block's probabilities `[B, N, T, S]` (after the hooks, so
 * S includes the P prompt columns at prompted sites) and its site.
 *
 * Axis legend: B batch, N heads, T query length, S key length, P prompt length.
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';
import { type AttentionSite, formatSite, ShapeError, type StackName } from '@hyperprompt/core';

/**
 * Mean attention mass on the first `promptLength` key columns.
 *
 * @param probs - attention probabilities `[B, N, T, P + S]` (rows sum to 1).
 * @param promptLength - P.
 * @param queryMask - `[B, T]` 0/1 mask of real query positions. @defaultValue all real
 * @returns the mean over heads and real (example, query) pairs of `Σ_{j < P} probs[b, n, t, j]`.
 */
export function promptAttentionMass(
  probs: tf.Tensor4D,
  promptLength: number,
  queryMask?: tf.Tensor2D,
): number {
  const [b, , t, s] = probs.shape;
  if (probs.rank !== 4 || !Number.isInteger(promptLength) || promptLength < 1 || promptLength > s) {
    throw new ShapeError(
      'promptAttentionMass(probs)',
      `[B, N, T, S] with S ≥ P = ${promptLength}`,
      probs.shape,
    );
  }
  if (queryMask && (queryMask.rank !== 2 || queryMask.shape[0] !== b || queryMask.shape[1] !== t)) {
    throw new ShapeError('promptAttentionMass(queryMask)', `[${b}, ${t}]`, queryMask.shape);
  }
  return tf.tidy(() => {
    const onPrompts = tf.sum(tf.slice(probs, [0, 0, 0, 0], [-1, -1, -1, promptLength]), 3); // [B, N, T]
    const perQuery = tf.mean(onPrompts, 1); // [B, T], averaged over heads
    if (!queryMask) return tf.mean(perQuery).dataSync()[0];
    const total = tf.sum(tf.mul(perQuery, queryMask)).dataSync()[0];
    const count = tf.sum(queryMask).dataSync()[0];
    return count > 0 ? total / count : 0;
  });
}

/** Mean prompt attention mass at one site over the batches recorded. */
export interface AttentionMassEntry {
  /** The attention block. */
  readonly site: AttentionSite;
  /** Mean mass on the prompt columns, in [0, 1]. */
  readonly mass: number;
  /** Number of forwards averaged (each weighted by its real query count). */
  readonly batches: number;
}

/**
 * Collects {@link promptAttentionMass} per site over forwards. Pass {@link
 * AttentionMassRecorder.observe} as the backbone's attention observer; only the sites given
 * are recorded (e.g. `module.sites`). Set the query masks of the current batch first when it
 * is padded.
 *
 * @example
 * ```ts
 * const recorder = new AttentionMassRecorder(module.sites, module.config.promptLength);
 * recorder.setQueryMask('encoder', encoderMask); // [B, S] of this batch
 * t5.forward(batch, { hooks: module.hooks(ctx), context: ctx, observeAttention: recorder.observe });
 * recorder.entries(); // [{ site: encoder.layer_0.self, mass: 0.12, batches: 1 }, ...]
 * ```
 */
export class AttentionMassRecorder {
  private readonly wanted: Set<string>;
  private readonly sums = new Map<
    string,
    { site: AttentionSite; total: number; weight: number; batches: number }
  >();
  private readonly masks = new Map<StackName, tf.Tensor2D>();

  /**
   * @param sites - the prompted sites to record.
   * @param promptLength - P.
   */
  constructor(
    sites: readonly AttentionSite[],
    private readonly promptLength: number,
  ) {
    this.wanted = new Set(sites.map(formatSite));
  }

  /**
   * Query mask `[B, T]` of the current batch for a stack's queries (encoder mask for encoder
   * self-attention, decoder mask for decoder self- and cross-attention); `undefined` clears it.
   * The recorder keeps a reference, not a copy: keep the tensor alive while recording.
   */
  setQueryMask(stack: StackName, mask: tf.Tensor2D | undefined): void {
    if (mask) this.masks.set(stack, mask);
    else this.masks.delete(stack);
  }

  /** The attention observer: records the mass of a prompted site. */
  readonly observe = (probs: tf.Tensor4D, site: AttentionSite): void => {
    const key = formatSite(site);
    if (!this.wanted.has(key)) return;
    const mask = this.masks.get(site.stack);
    const weight = mask ? tf.tidy(() => tf.sum(mask).dataSync()[0]) : probs.shape[0] * probs.shape[2];
    const mass = promptAttentionMass(probs, this.promptLength, mask);
    const entry = this.sums.get(key) ?? { site, total: 0, weight: 0, batches: 0 };
    this.sums.set(key, {
      site,
      total: entry.total + mass * weight,
      weight: entry.weight + weight,
      batches: entry.batches + 1,
    });
  };

  /** Mean mass per recorded site, in the order the sites were first seen. */
  entries(): AttentionMassEntry[] {
    return [...this.sums.values()].map((e) => ({
      site: e.site,
      mass: e.weight > 0 ? e.total / e.weight : 0,
      batches: e.batches,
    }));
  }
}
