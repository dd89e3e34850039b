/**
 * Named T5 sizes, as data. The published sizes follow the Hugging Face `config.json` of each
 * checkpoint; `tiny` is ours, for tests (it trains in seconds on the cpu backend).
 *
 * @packageDocumentation
 */
import { ConfigError } from '@hyperprompt/core';
import { resolveT5Config, type T5Config } from './config';

const T5_V1_0 = { feedForwardProj: 'relu', tieWordEmbeddings: true } as const;
const T5_V1_1 = { feedForwardProj: 'gated-gelu', tieWordEmbeddings: false, dropoutRate: 0.1 } as const;

/** Preset names accepted by {@link t5Preset}. */
export type T5PresetName =
  | 'tiny'
  | 't5-small'
  | 't5-base'
  | 't5-large'
  | 't5-3b'
  | 't5-11b'
  | 't5-v1_1-small'
  | 't5-v1_1-base'
  | 't5-v1_1-large'
  | 't5-v1_1-xl'
  | 't5-v1_1-xxl';

/** Every preset, fully resolved. */
export const T5_PRESETS: Readonly<Record<T5PresetName, T5Config>> = Object.freeze({
  tiny: resolveT5Config({
    ...T5_V1_0,
    vocabSize: 128,
    dModel: 32,
    dKv: 8,
    dFF: 64,
    numLayers: 2,
    numHeads: 4,
    relativeAttentionNumBuckets: 8,
    relativeAttentionMaxDistance: 20,
  }),
  't5-small': resolveT5Config({ ...T5_V1_0, dModel: 512, dKv: 64, dFF: 2048, numLayers: 6, numHeads: 8 }),
  't5-base': resolveT5Config({ ...T5_V1_0, dModel: 768, dKv: 64, dFF: 3072, numLayers: 12, numHeads: 12 }),
  't5-large': resolveT5Config({ ...T5_V1_0, dModel: 1024, dKv: 64, dFF: 4096, numLayers: 24, numHeads: 16 }),
  't5-3b': resolveT5Config({ ...T5_V1_0, dModel: 1024, dKv: 128, dFF: 16384, numLayers: 24, numHeads: 32 }),
  't5-11b': resolveT5Config({ ...T5_V1_0, dModel: 1024, dKv: 128, dFF: 65536, numLayers: 24, numHeads: 128 }),
  't5-v1_1-small': resolveT5Config({
    ...T5_V1_1,
    dModel: 512,
    dKv: 64,
    dFF: 1024,
    numLayers: 8,
    numHeads: 6,
  }),
  't5-v1_1-base': resolveT5Config({
    ...T5_V1_1,
    dModel: 768,
    dKv: 64,
    dFF: 2048,
    numLayers: 12,
    numHeads: 12,
  }),
  't5-v1_1-large': resolveT5Config({
    ...T5_V1_1,
    dModel: 1024,
    dKv: 64,
    dFF: 2816,
    numLayers: 24,
    numHeads: 16,
  }),
  't5-v1_1-xl': resolveT5Config({
    ...T5_V1_1,
    dModel: 2048,
    dKv: 64,
    dFF: 5120,
    numLayers: 24,
    numHeads: 32,
  }),
  't5-v1_1-xxl': resolveT5Config({
    ...T5_V1_1,
    dModel: 4096,
    dKv: 64,
    dFF: 10240,
    numLayers: 24,
    numHeads: 64,
  }),
});

/**
 * A preset with optional overrides (validated).
 *
 * @example
 * ```ts
 * const config = t5Preset('tiny', { dropoutRate: 0 });
 * ```
 */
export function t5Preset(name: T5PresetName, overrides: Partial<T5Config> = {}): T5Config {
  const base = (T5_PRESETS as Readonly<Record<string, T5Config | undefined>>)[name];
  if (!base) throw new ConfigError('preset', name, Object.keys(T5_PRESETS));
  return resolveT5Config({ ...base, ...overrides }, `t5Preset(${name})`);
}

/**
 * Number of parameters of a T5 with this config, in closed form (embeddings counted once
 * when tied; the relative-position tables of block 0 of each stack; all RMS norm weights).
 */
export function t5ParameterCount(config: T5Config): number {
  const d = config.dModel;
  const inner = config.numHeads * config.dKv;
  const attention = 4 * d * inner + d; // q, k, v, o + its RMS norm weight
  const ffIn = config.feedForwardProj === 'gated-gelu' ? 2 : 1;
  const ffn = (ffIn + 1) * d * config.dFF + d;
  const bias = config.relativeAttentionNumBuckets * config.numHeads;
  const encoder = config.numLayers * (attention + ffn) + bias + d;
  const decoder = config.numDecoderLayers * (2 * attention + ffn) + bias + d;
  const embeddings = config.vocabSize * d * (config.tieWordEmbeddings ? 1 : 2);
  return embeddings + encoder + decoder;
}
