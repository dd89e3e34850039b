/**
 * Recording hooks: spies that log every hook call's site and tensor shapes, for testing how a
 * backbone wires its hook points (counts, sites, shapes) without any method installed.
 *
 * @packageDocumentation
 */
import type * as tf from '@tensorflow/tfjs';
import {
  formatSite,
  type AttentionSite,
  type BackboneHooks,
  type HookName,
  type LayerSite,
  type StackName,
} from '../hooks';

/** One recorded hook call. */
export interface HookCall {
  /** Which hook point fired. */
  readonly hook: HookName;
  /** The site (a stack name for `embed`). */
  readonly site: StackName | LayerSite | AttentionSite;
  /** The site as text, e.g. `decoder.layer_1.cross`. */
  readonly where: string;
  /** Shapes of the hook's input tensors, by argument name. */
  readonly shapes: Readonly<Record<string, readonly number[]>>;
}

/** What {@link recordingHooks} returns. */
export interface HookRecorder {
  /** Hooks to pass to the backbone. */
  readonly hooks: BackboneHooks;
  /** Every call so far, in order. */
  readonly calls: readonly HookCall[];
  /** Number of calls of one hook, optionally only those whose `where` contains `filter`. */
  count(hook: HookName, filter?: string): number;
  /** Forgets the calls recorded so far. */
  reset(): void;
}

const shapeOf = (t: tf.Tensor): readonly number[] => [...t.shape];

/**
 * Hooks that record each call and then forward to `delegate` (or return the input unchanged).
 *
 * @example
 * ```ts
 * const rec = recordingHooks();
 * model.forward(batch, { hooks: rec.hooks });
 * rec.count('keyValue', 'cross'); // number of decoder layers
 * ```
 */
export function recordingHooks(delegate: BackboneHooks = {}): HookRecorder {
  const calls: HookCall[] = [];
  const record = (
    hook: HookName,
    site: StackName | LayerSite | AttentionSite,
    shapes: Record<string, readonly number[]>,
  ): void => {
    calls.push({ hook, site, where: formatSite(site), shapes });
  };
  const hooks: BackboneHooks = {
    embed: (x, stack) => {
      record('embed', stack, { embeddings: shapeOf(x.embeddings), mask: shapeOf(x.mask) });
      return delegate.embed ? delegate.embed(x, stack) : x;
    },
    keyValue: (kv, site) => {
      record('keyValue', site, {
        keys: shapeOf(kv.keys),
        values: shapeOf(kv.values),
        bias: shapeOf(kv.bias),
      });
      return delegate.keyValue ? delegate.keyValue(kv, site) : kv;
    },
    attentionOutput: (h, site) => {
      record('attentionOutput', site, { h: shapeOf(h) });
      return delegate.attentionOutput ? delegate.attentionOutput(h, site) : h;
    },
    ffnOutput: (h, site) => {
      record('ffnOutput', site, { h: shapeOf(h) });
      return delegate.ffnOutput ? delegate.ffnOutput(h, site) : h;
    },
  };
  return {
    hooks,
    calls,
    count: (hook, filter) =>
      calls.filter((c) => c.hook === hook && (filter === undefined || c.where.includes(filter))).length,
    reset: () => {
      calls.length = 0;
    },
  };
}
