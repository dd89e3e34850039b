/**
 * T5 configuration: the fields of a Hugging Face `config.json` that change the computation,
 * validated, plus named presets written as data.
 *
 * @packageDocumentation
 */
import { ConfigError, rejectUnknownKeys, type BackboneSpec } from '@hyperprompt/core';

/** Feed-forward variant: ReLU (T5 v1.0) or gated GELU with the tanh approximation (T5.1.1). */
export type FeedForwardKind = 'relu' | 'gated-gelu';

/** Resolved, validated T5 configuration (camelCase mirror of HF's `T5Config`). */
export interface T5Config {
  /** Vocabulary size V. */
  readonly vocabSize: number;
  /** Model width D (`d_model`). */
  readonly dModel: number;
  /** Per-head key/value width H (`d_kv`); `numHeads * dKv` need not equal `dModel`. */
  readonly dKv: number;
  /** Feed-forward inner width (`d_ff`). */
  readonly dFF: number;
  /** Encoder blocks (`num_layers`). */
  readonly numLayers: number;
  /** Decoder blocks (`num_decoder_layers`, defaults to `num_layers` in HF). */
  readonly numDecoderLayers: number;
  /** Attention heads N. */
  readonly numHeads: number;
  /** Relative-position buckets. */
  readonly relativeAttentionNumBuckets: number;
  /** Distance beyond which relative positions share the last bucket. */
  readonly relativeAttentionMaxDistance: number;
  /** Dropout rate used at every dropout site in training mode. */
  readonly dropoutRate: number;
  /** RMS norm epsilon. */
  readonly layerNormEpsilon: number;
  /** Scale of the random initialisation (HF `initializer_factor`). */
  readonly initializerFactor: number;
  /** ReLU or gated GELU feed-forward. */
  readonly feedForwardProj: FeedForwardKind;
  /** Tie the LM head to the token embeddings (and scale by `dModel^-0.5`). */
  readonly tieWordEmbeddings: boolean;
  /** Padding token id. */
  readonly padTokenId: number;
  /** End-of-sequence token id. */
  readonly eosTokenId: number;
  /** First decoder input id. */
  readonly decoderStartTokenId: number;
}

/** HF `config.json` keys that we read; all other keys are preserved but ignored. */
const HF_KEYS = {
  vocab_size: 'vocabSize',
  d_model: 'dModel',
  d_kv: 'dKv',
  d_ff: 'dFF',
  num_layers: 'numLayers',
  num_decoder_layers: 'numDecoderLayers',
  num_heads: 'numHeads',
  relative_attention_num_buckets: 'relativeAttentionNumBuckets',
  relative_attention_max_distance: 'relativeAttentionMaxDistance',
  dropout_rate: 'dropoutRate',
  layer_norm_epsilon: 'layerNormEpsilon',
  initializer_factor: 'initializerFactor',
  feed_forward_proj: 'feedForwardProj',
  tie_word_embeddings: 'tieWordEmbeddings',
  pad_token_id: 'padTokenId',
  eos_token_id: 'eosTokenId',
  decoder_start_token_id: 'decoderStartTokenId',
} as const satisfies Record<string, keyof T5Config>;

/** HF's defaults (`T5Config.__init__`), used for keys a `config.json` omits. */
export const HF_T5_DEFAULTS: T5Config = Object.freeze({
  vocabSize: 32128,
  dModel: 512,
  dKv: 64,
  dFF: 2048,
  numLayers: 6,
  numDecoderLayers: 6,
  numHeads: 8,
  relativeAttentionNumBuckets: 32,
  relativeAttentionMaxDistance: 128,
  dropoutRate: 0.1,
  layerNormEpsilon: 1e-6,
  initializerFactor: 1.0,
  feedForwardProj: 'relu',
  tieWordEmbeddings: true,
  padTokenId: 0,
  eosTokenId: 1,
  decoderStartTokenId: 0,
});

const INTEGER_FIELDS: readonly (keyof T5Config)[] = [
  'vocabSize',
  'dModel',
  'dKv',
  'dFF',
  'numLayers',
  'numDecoderLayers',
  'numHeads',
  'relativeAttentionNumBuckets',
  'relativeAttentionMaxDistance',
];
const ID_FIELDS: readonly (keyof T5Config)[] = ['padTokenId', 'eosTokenId', 'decoderStartTokenId'];

/**
 * Upper bounds of the integer fields, far above any T5 (t5-11b: 24 layers, d_ff 65536), so
 * that a corrupted `config.json` (say `num_layers: 2^53`) is refused at once instead of
 * enumerating billions of layers.
 */
const INTEGER_LIMITS: Partial<Record<keyof T5Config, number>> = {
  numLayers: 1024,
  numDecoderLayers: 1024,
  numHeads: 4096,
};
const DEFAULT_INTEGER_LIMIT = 2 ** 24;

/**
 * Fills defaults and validates a partial config; throws a `ConfigError` naming the
 * first bad field. `numDecoderLayers` defaults to `numLayers`, as in HF.
 */
export function resolveT5Config(partial: Partial<T5Config>, where = 't5'): T5Config {
  rejectUnknownKeys(partial, Object.keys(HF_T5_DEFAULTS), where);
  const config: T5Config = {
    ...HF_T5_DEFAULTS,
    numDecoderLayers: partial.numLayers ?? HF_T5_DEFAULTS.numDecoderLayers,
    ...partial,
  };
  for (const f of INTEGER_FIELDS) {
    const v = config[f];
    const limit = INTEGER_LIMITS[f] ?? DEFAULT_INTEGER_LIMIT;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > limit) {
      throw new ConfigError(`${where}.${f}`, v, `a positive integer <= ${limit}`);
    }
  }
  for (const f of ID_FIELDS) {
    const v = config[f];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= config.vocabSize) {
      throw new ConfigError(`${where}.${f}`, v, `a token id in [0, ${config.vocabSize})`);
    }
  }
  if (!(config.dropoutRate >= 0 && config.dropoutRate < 1)) {
    throw new ConfigError(`${where}.dropoutRate`, config.dropoutRate, 'a number in [0, 1)');
  }
  if (!(config.layerNormEpsilon > 0)) {
    throw new ConfigError(`${where}.layerNormEpsilon`, config.layerNormEpsilon, 'a number > 0');
  }
  if (!(config.initializerFactor > 0)) {
    throw new ConfigError(`${where}.initializerFactor`, config.initializerFactor, 'a number > 0');
  }
  const feedForward: string = config.feedForwardProj; // may come from untyped JSON
  if (feedForward !== 'relu' && feedForward !== 'gated-gelu') {
    throw new ConfigError(`${where}.feedForwardProj`, config.feedForwardProj, ['relu', 'gated-gelu']);
  }
  if (typeof config.tieWordEmbeddings !== 'boolean') {
    throw new ConfigError(`${where}.tieWordEmbeddings`, config.tieWordEmbeddings, [true, false]);
  }
  return Object.freeze(config);
}

/**
 * Reads the computation-relevant fields of a HF `config.json` object. Keys it does not use
 * are ignored; missing keys take HF's defaults. `feed_forward_proj` must be `relu` or
 * `gated-gelu` (other HF activations are refused with a `ConfigError`).
 *
 * @param json - the parsed `config.json`.
 * @param file - path, for error messages.
 */
export function parseHFConfig(json: unknown, file = 'config.json'): T5Config {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new ConfigError(file, json, 'a JSON object');
  }
  const record = json as Record<string, unknown>;
  if (record.model_type !== undefined && record.model_type !== 't5') {
    throw new ConfigError(`${file}: model_type`, record.model_type, ['t5']);
  }
  const partial: Record<string, unknown> = {};
  for (const [hf, ours] of Object.entries(HF_KEYS)) {
    if (record[hf] !== undefined && record[hf] !== null) partial[ours] = record[hf];
  }
  // Older configs spell T5.1.1's activation "gated-gelu"; newer ones add is_gated_act/dense_act_fn.
  if (record.is_gated_act === true && record.dense_act_fn !== undefined) {
    const act = record.dense_act_fn;
    if (act !== 'gelu_new' && act !== 'gelu_pytorch_tanh') {
      throw new ConfigError(`${file}: dense_act_fn`, act, ['gelu_new', 'gelu_pytorch_tanh']);
    }
    partial.feedForwardProj = 'gated-gelu';
  }
  return resolveT5Config(partial, file);
}

/** The HF `config.json` object for a config (what `save` writes). */
export function toHFConfig(config: T5Config): Record<string, unknown> {
  const out: Record<string, unknown> = {
    architectures: ['T5ForConditionalGeneration'],
    model_type: 't5',
    is_encoder_decoder: true,
    use_cache: true,
  };
  for (const [hf, ours] of Object.entries(HF_KEYS)) out[hf] = config[ours];
  const gated = config.feedForwardProj === 'gated-gelu';
  out.is_gated_act = gated;
  out.dense_act_fn = gated ? 'gelu_new' : 'relu';
  return out;
}

/** The architecture facts methods may see. */
export function backboneSpecOf(config: T5Config): BackboneSpec {
  return Object.freeze({
    architecture: 't5',
    dModel: config.dModel,
    numHeads: config.numHeads,
    headDim: config.dKv,
    dFF: config.dFF,
    numLayers: Object.freeze({ encoder: config.numLayers, decoder: config.numDecoderLayers }),
    vocabSize: config.vocabSize,
  });
}
