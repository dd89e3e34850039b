/**
 * The adapter sites of a backbone (two per block: self-attention output and feed-forward
 * output, in the enabled stacks; never cross-attention) and the hooks that apply prepared
 * adapters there.
 *
 * Axes: B batch, T sequence, D d_model.
 *
 * @packageDocumentation
 */
import type * as tf from '@tensorflow/tfjs';
import type { AttentionSite, BackboneHooks, BackboneSpec, LayerSite, StackName } from '@hyperprompt/core';
import { type AdapterSettings, applyAdapter, type PreparedAdapter } from './adapter-math';

/** Which sub-layer output an adapter sits on. HyperFormer's block-type ids: ffn 0, attention 1. */
export type AdapterSiteKind = 'ffn' | 'attention';

/** Adapter sites of one block, in HyperFormer's block-type order (`ffn` = 0, `attention` = 1). */
export const ADAPTER_SITE_KINDS: readonly AdapterSiteKind[] = ['ffn', 'attention'];

/** One adapter position. */
export interface AdapterSite {
  /** Stack of the block. */
  readonly stack: StackName;
  /** 0-based block index within the stack. */
  readonly layer: number;
  /** Sub-layer. */
  readonly kind: AdapterSiteKind;
  /** Variable-name path, e.g. `encoder/layer_0/attention`. */
  readonly key: string;
}

/** Site key of a block and sub-layer, e.g. `decoder/layer_3/ffn`. */
export function siteKey(stack: StackName, layer: number, kind: AdapterSiteKind): string {
  return `${stack}/layer_${layer}/${kind}`;
}

/** Stacks an adapter config switches on, in order. */
export function enabledStacks(config: { readonly encoder: boolean; readonly decoder: boolean }): StackName[] {
  const stacks: StackName[] = [];
  if (config.encoder) stacks.push('encoder');
  if (config.decoder) stacks.push('decoder');
  return stacks;
}

/** Every adapter site of the given stacks: blocks in order, `ffn` then `attention` within a block. */
export function adapterSites(spec: BackboneSpec, stacks: readonly StackName[]): AdapterSite[] {
  return stacks.flatMap((stack) =>
    Array.from({ length: spec.numLayers[stack] }, (_, layer) =>
      ADAPTER_SITE_KINDS.map((kind) => ({ stack, layer, kind, key: siteKey(stack, layer, kind) })),
    ).flat(),
  );
}

/**
 * Hooks applying the prepared adapter of each site: `attentionOutput` for self-attention only,
 * `ffnOutput`; sites without an adapter pass through.
 */
export function adapterHooks(
  prepared: ReadonlyMap<string, PreparedAdapter>,
  settings: AdapterSettings,
): BackboneHooks {
  const apply = (h: tf.Tensor3D, site: LayerSite, kind: AdapterSiteKind): tf.Tensor3D => {
    const adapter = prepared.get(siteKey(site.stack, site.layer, kind));
    return adapter ? applyAdapter(h, adapter, settings) : h;
  };
  return {
    attentionOutput: (h: tf.Tensor3D, site: AttentionSite) =>
      site.attention === 'self' ? apply(h, site, 'attention') : h,
    ffnOutput: (h: tf.Tensor3D, site: LayerSite) => apply(h, site, 'ffn'),
  };
}
