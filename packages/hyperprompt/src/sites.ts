/**
 * The attention sites that receive hyper-prompts, in the fixed order every per-site tensor of
 * the module follows (its M axis): encoder self-attention blocks, then decoder
 * self-attention blocks, then decoder cross-attention blocks (only with `useCrossAttention`),
 * each in increasing block index.
 *
 * Axis legend: M prompted sites.
 *
 * @packageDocumentation
 */
import { type AttentionSite, type BackboneSpec, formatSite, type StackName } from '@hyperprompt/core';
import type { HyperPromptConfig } from './config';

/** The blocks of one stack that get prompts. */
export function selectedLayers(config: HyperPromptConfig, spec: BackboneSpec, stack: StackName): number[] {
  const enabled = stack === 'encoder' ? config.useEncoder : config.useDecoder;
  if (!enabled) return [];
  const all = Array.from({ length: spec.numLayers[stack] }, (_, i) => i);
  return config.layers === 'all' ? all : [...config.layers];
}

/**
 * Every prompted site, in the module's site order (the M axis of its per-site tensors).
 *
 * @example
 * ```ts
 * hyperPromptSites(config, spec).map(formatSite); // ['encoder.layer_0.self', ..., 'decoder.layer_1.self']
 * ```
 */
export function hyperPromptSites(config: HyperPromptConfig, spec: BackboneSpec): AttentionSite[] {
  const encoder = selectedLayers(config, spec, 'encoder').map((layer): AttentionSite => ({
    stack: 'encoder',
    layer,
    attention: 'self',
  }));
  const decoderLayers = selectedLayers(config, spec, 'decoder');
  const decoder = decoderLayers.map((layer): AttentionSite => ({
    stack: 'decoder',
    layer,
    attention: 'self',
  }));
  const cross = config.useCrossAttention
    ? decoderLayers.map((layer): AttentionSite => ({ stack: 'decoder', layer, attention: 'cross' }))
    : [];
  return [...encoder, ...decoder, ...cross];
}

/** Maps a site to its index on the M axis, or -1 when the site gets no prompt. */
export function siteIndex(sites: readonly AttentionSite[]): (site: AttentionSite) => number {
  const byName = new Map(sites.map((s, i) => [formatSite(s), i]));
  return (site) => byName.get(formatSite(site)) ?? -1;
}
