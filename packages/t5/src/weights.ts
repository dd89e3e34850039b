/**
 * The variables of a T5 model, named after the Hugging Face checkpoint keys (`.` becomes
 * `/`, e.g. `encoder/block/0/layer/0/SelfAttention/q/weight`), with HF's random
 * initialisation. Linear weights are stored `[in, out]` (HF stores `[out, in]`; checkpoint
 * IO transposes), embedding tables `[rows, width]` as in HF.
 *
 * @packageDocumentation
 */
import { createHash } from 'node:crypto';
import type * as tf from '@tensorflow/tfjs';
import { canonicalJson, initializers, VariableStore, type Initializer } from '@hyperprompt/core';
import type { T5Config } from './config';
import type { AttentionWeights } from './layers/attention';
import type { FeedForwardWeights } from './layers/basic';

/** One variable to create: HF key, shape in our layout, whether HF stores it transposed. */
export interface T5VariableSpec {
  /** HF checkpoint key, e.g. `decoder.block.1.layer.1.EncDecAttention.k.weight`. */
  readonly hfName: string;
  /** Shape in our layout. */
  readonly shape: readonly number[];
  /** True for linear weights (HF `[out, in]`, ours `[in, out]`). */
  readonly transposed: boolean;
  /** HF's random initialisation of this weight. */
  readonly init: Initializer;
}

/** Our variable name for an HF key. */
export function variableNameOf(hfName: string): string {
  return hfName.replace(/\./g, '/');
}

/** Every variable of a T5 with this config, in HF key order (by stack and block). */
export function t5VariableSpecs(config: T5Config): T5VariableSpec[] {
  const { dModel: d, dKv, numHeads: n, dFF: f, initializerFactor: factor } = config;
  const inner = n * dKv;
  const specs: T5VariableSpec[] = [];
  const linearW = (hfName: string, inF: number, outF: number, std: number): void => {
    specs.push({ hfName, shape: [inF, outF], transposed: true, init: initializers.normal(std) });
  };
  const norm = (hfName: string): void => {
    specs.push({ hfName, shape: [d], transposed: false, init: initializers.constant(factor) });
  };
  specs.push({
    hfName: 'shared.weight',
    shape: [config.vocabSize, d],
    transposed: false,
    init: initializers.normal(factor),
  });
  const attentionBlock = (prefix: string, withBias: boolean): void => {
    linearW(`${prefix}.q.weight`, d, inner, factor * (d * dKv) ** -0.5);
    linearW(`${prefix}.k.weight`, d, inner, factor * d ** -0.5);
    linearW(`${prefix}.v.weight`, d, inner, factor * d ** -0.5);
    linearW(`${prefix}.o.weight`, inner, d, factor * inner ** -0.5);
    if (withBias) {
      specs.push({
        hfName: `${prefix}.relative_attention_bias.weight`,
        shape: [config.relativeAttentionNumBuckets, n],
        transposed: false,
        init: initializers.normal(factor * d ** -0.5),
      });
    }
  };
  const ffnBlock = (prefix: string): void => {
    if (config.feedForwardProj === 'gated-gelu') {
      linearW(`${prefix}.DenseReluDense.wi_0.weight`, d, f, factor * d ** -0.5);
      linearW(`${prefix}.DenseReluDense.wi_1.weight`, d, f, factor * d ** -0.5);
    } else {
      linearW(`${prefix}.DenseReluDense.wi.weight`, d, f, factor * d ** -0.5);
    }
    linearW(`${prefix}.DenseReluDense.wo.weight`, f, d, factor * f ** -0.5);
    norm(`${prefix}.layer_norm.weight`);
  };
  for (const stack of ['encoder', 'decoder'] as const) {
    const layers = stack === 'encoder' ? config.numLayers : config.numDecoderLayers;
    for (let i = 0; i < layers; i++) {
      const block = `${stack}.block.${i}`;
      attentionBlock(`${block}.layer.0.SelfAttention`, i === 0);
      norm(`${block}.layer.0.layer_norm.weight`);
      if (stack === 'decoder') {
        attentionBlock(`${block}.layer.1.EncDecAttention`, false);
        norm(`${block}.layer.1.layer_norm.weight`);
      }
      ffnBlock(`${block}.layer.${stack === 'decoder' ? 2 : 1}`);
    }
    norm(`${stack}.final_layer_norm.weight`);
  }
  if (!config.tieWordEmbeddings) linearW('lm_head.weight', d, config.vocabSize, factor);
  return specs;
}

/** Creates every variable of a T5 in a new store (category `backbone`). */
export function createT5Variables(config: T5Config, seed: number): VariableStore {
  const store = new VariableStore(seed);
  try {
    for (const spec of t5VariableSpecs(config)) {
      store.create(variableNameOf(spec.hfName), spec.shape, spec.init, { category: 'backbone' });
    }
  } catch (error) {
    store.dispose();
    throw error;
  }
  return store;
}

/** Typed access to the weights of one block. */
export interface BlockWeights {
  /** Self-attention projections. */
  readonly selfAttention: AttentionWeights;
  /** RMS norm before self-attention. */
  readonly selfAttentionNorm: tf.Tensor1D;
  /** Cross-attention projections (decoder only). */
  readonly crossAttention?: AttentionWeights;
  /** RMS norm before cross-attention (decoder only). */
  readonly crossAttentionNorm?: tf.Tensor1D;
  /** Feed-forward weights. */
  readonly feedForward: FeedForwardWeights;
  /** RMS norm before the feed-forward sub-layer. */
  readonly feedForwardNorm: tf.Tensor1D;
}

/** Typed access to the weights of one stack. */
export interface StackWeights {
  /** Blocks in order. */
  readonly blocks: readonly BlockWeights[];
  /** Relative-position bias table `[buckets, N]` (block 0's). */
  readonly relativeAttentionBias: tf.Tensor2D;
  /** Final RMS norm. */
  readonly finalNorm: tf.Tensor1D;
}

/** Looks up the structured weights of a stack in a store created by {@link createT5Variables}. */
export function stackWeights(
  store: VariableStore,
  config: T5Config,
  stack: 'encoder' | 'decoder',
): StackWeights {
  const get = (hfName: string): tf.Variable => store.get(variableNameOf(hfName));
  const attention = (prefix: string): AttentionWeights => ({
    q: get(`${prefix}.q.weight`) as tf.Variable<tf.Rank.R2>,
    k: get(`${prefix}.k.weight`) as tf.Variable<tf.Rank.R2>,
    v: get(`${prefix}.v.weight`) as tf.Variable<tf.Rank.R2>,
    o: get(`${prefix}.o.weight`) as tf.Variable<tf.Rank.R2>,
  });
  const norm = (hfName: string): tf.Tensor1D => get(hfName) as tf.Variable<tf.Rank.R1>;
  const layers = stack === 'encoder' ? config.numLayers : config.numDecoderLayers;
  const ffnIndex = stack === 'decoder' ? 2 : 1;
  const gated = config.feedForwardProj === 'gated-gelu';
  const blocks: BlockWeights[] = [];
  for (let i = 0; i < layers; i++) {
    const block = `${stack}.block.${i}.layer`;
    const ffn = `${block}.${ffnIndex}.DenseReluDense`;
    blocks.push({
      selfAttention: attention(`${block}.0.SelfAttention`),
      selfAttentionNorm: norm(`${block}.0.layer_norm.weight`),
      crossAttention: stack === 'decoder' ? attention(`${block}.1.EncDecAttention`) : undefined,
      crossAttentionNorm: stack === 'decoder' ? norm(`${block}.1.layer_norm.weight`) : undefined,
      feedForward: {
        wi0: get(gated ? `${ffn}.wi_0.weight` : `${ffn}.wi.weight`) as tf.Variable<tf.Rank.R2>,
        wi1: gated ? (get(`${ffn}.wi_1.weight`) as tf.Variable<tf.Rank.R2>) : undefined,
        wo: get(`${ffn}.wo.weight`) as tf.Variable<tf.Rank.R2>,
      },
      feedForwardNorm: norm(`${block}.${ffnIndex}.layer_norm.weight`),
    });
  }
  return {
    blocks,
    relativeAttentionBias: get(
      `${stack}.block.0.layer.0.SelfAttention.relative_attention_bias.weight`,
    ) as tf.Variable<tf.Rank.R2>,
    finalNorm: norm(`${stack}.final_layer_norm.weight`),
  };
}

/**
 * sha256 of the config and the current float32 value of every weight (in HF key order), so
 * that two models with the same architecture and the same weights share it whatever the
 * checkpoint's storage dtype, and any change of a weight changes it. Reads every weight once
 * (about a second per 500 MB).
 */
export function weightsFingerprint(config: T5Config, store: VariableStore): string {
  const hash = createHash('sha256').update(canonicalJson(config));
  for (const spec of t5VariableSpecs(config)) {
    const data = store.get(variableNameOf(spec.hfName)).dataSync();
    hash.update(spec.hfName).update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  }
  return hash.digest('hex');
}
