/**
 * Configuration of HyperFormer++ (Karimi Mahabadi et al., ACL 2021; the
 * `efficient_unique_hyper_net` path of the official code, `rabeehk/hyperformer`): adapters
 * whose weights are generated per task, layer and sub-layer by one hypernetwork per stack.
 *
 * Axis legend: K tasks, D d_model, r bottleneck width, t' task embedding width, t projected width.
 *
 * @packageDocumentation
 */
import { type BackboneSpec, ConfigError, type ResolveContext, rejectUnknownKeys } from '@hyperprompt/core';
import { ADAPTER_ACTIVATIONS, type AdapterActivation } from './adapter-math';
import { ADAPTER_INITS, type AdapterInit } from './adapters-config';
import { bool, bottleneckOf, checkNumTasks, nonNegative, oneOf, positiveInteger } from './validate';

/** Resolved config of the `hyperformer-pp` method. */
export interface HyperFormerPPConfig {
  /** Discriminant. */
  readonly kind: 'hyperformer-pp';
  /** K, the number of tasks; filled from the resolve context. */
  readonly numTasks: number;
  /**
   * t', width of the task embeddings z_τ ~ N(0, 1) (`[K, t']`, category `per-task`). The
   * released configs effectively use 64 (the JSON key appears twice; the last wins).
   * @defaultValue 64
   */
  readonly taskEmbeddingDim: number;
  /** Width of the layer-id embeddings (`nn.Embedding(N, 64)`). @defaultValue 64 */
  readonly layerEmbeddingDim: number;
  /** Width of the block-type (sub-layer) embeddings (`nn.Embedding(2, 64)`). @defaultValue 64 */
  readonly siteEmbeddingDim: number;
  /** Hidden width of the task projector (`task_hidden_dim`). @defaultValue 128 */
  readonly projectorHiddenDim: number;
  /** t, output width of the task projector (`projected_task_embedding_dim`). @defaultValue 64 */
  readonly projectedDim: number;
  /** LayerNorm (with affine) after the projector (`unique_hyper_net_layer_norm`). @defaultValue true */
  readonly projectorLayerNorm: boolean;
  /** ε of the projector LayerNorm. @defaultValue 1e-6 */
  readonly projectorLayerNormEpsilon: number;
  /**
   * r in `D / r`: the bottleneck is `floor(dModel / reductionFactor)` wide unless
   * `bottleneckSize` is given.
   * @defaultValue 32
   */
  readonly reductionFactor: number;
  /**
   * Width of the generated bottleneck; wins over `reductionFactor` when given.
   * @defaultValue floor(dModel / reductionFactor)
   */
  readonly bottleneckSize: number;
  /** Bottleneck non-linearity. @defaultValue 'gelu_new' */
  readonly activation: AdapterActivation;
  /**
   * Conditional post-adapter LayerNorm with generated γ and β (standard LN with bias).
   * @defaultValue true
   */
  readonly layerNorm: boolean;
  /** ε of the post-adapter LayerNorm (PyTorch default). @defaultValue 1e-5 */
  readonly layerNormEpsilon: number;
  /**
   * Standard deviation of every hypernetwork Linear's weight (projector and generators;
   * `linear_layer(std=1e-2)`); biases start at 0.
   * @defaultValue 0.01
   */
  readonly generatorStd: number;
  /**
   * `normal`: as the official code. `zero-up`: the generators of `W_up`, `b_up` and `β` start at
   * zero, so every generated adapter is an exact no-op at step 0.
   * @defaultValue 'normal'
   */
  readonly init: AdapterInit;
  /** Adapters in the encoder blocks. @defaultValue true */
  readonly encoder: boolean;
  /** Adapters in the decoder blocks (self-attention and FFN; never cross-attention). @defaultValue true */
  readonly decoder: boolean;
  /**
   * One hypernetwork (layer table over both stacks, encoder blocks then decoder blocks) instead
   * of one per stack (the official code: one controller per stack, sharing only the task
   * embeddings).
   * @defaultValue false
   */
  readonly shareAcrossStacks: boolean;
}

/** Options accepted by `hyperformerPP.resolve`: any field of the config. */
export type HyperFormerPPOptions = Partial<Omit<HyperFormerPPConfig, 'kind'>>;

/** Default values of the optional fields of {@link HyperFormerPPConfig} (`bottleneckSize` is derived). */
export const DEFAULT_HYPERFORMER_PP: Readonly<
  Omit<HyperFormerPPConfig, 'kind' | 'numTasks' | 'bottleneckSize'>
> = Object.freeze({
  taskEmbeddingDim: 64,
  layerEmbeddingDim: 64,
  siteEmbeddingDim: 64,
  projectorHiddenDim: 128,
  projectedDim: 64,
  projectorLayerNorm: true,
  projectorLayerNormEpsilon: 1e-6,
  reductionFactor: 32,
  activation: 'gelu_new',
  layerNorm: true,
  layerNormEpsilon: 1e-5,
  generatorStd: 1e-2,
  init: 'normal',
  encoder: true,
  decoder: true,
  shareAcrossStacks: false,
});

const KNOWN = ['numTasks', 'bottleneckSize', ...Object.keys(DEFAULT_HYPERFORMER_PP)];

/**
 * Fills defaults and validates; accepts its own output back (JSON round trip).
 * @throws `ConfigError` naming the field, the value and what is allowed.
 */
export function resolveHyperFormerPP(
  options: HyperFormerPPOptions,
  spec: BackboneSpec,
  context: ResolveContext,
): HyperFormerPPConfig {
  const kind = 'hyperformer-pp';
  rejectUnknownKeys(options, KNOWN, kind);
  const o = { ...DEFAULT_HYPERFORMER_PP, ...options };
  const reductionFactor = positiveInteger(`${kind}.reductionFactor`, o.reductionFactor);
  const config: HyperFormerPPConfig = {
    kind,
    numTasks: checkNumTasks(kind, o.numTasks, context.numTasks),
    taskEmbeddingDim: positiveInteger(`${kind}.taskEmbeddingDim`, o.taskEmbeddingDim),
    layerEmbeddingDim: positiveInteger(`${kind}.layerEmbeddingDim`, o.layerEmbeddingDim),
    siteEmbeddingDim: positiveInteger(`${kind}.siteEmbeddingDim`, o.siteEmbeddingDim),
    projectorHiddenDim: positiveInteger(`${kind}.projectorHiddenDim`, o.projectorHiddenDim),
    projectedDim: positiveInteger(`${kind}.projectedDim`, o.projectedDim),
    projectorLayerNorm: bool(`${kind}.projectorLayerNorm`, o.projectorLayerNorm),
    projectorLayerNormEpsilon: nonNegative(`${kind}.projectorLayerNormEpsilon`, o.projectorLayerNormEpsilon),
    reductionFactor,
    bottleneckSize: bottleneckOf(kind, spec.dModel, reductionFactor, o.bottleneckSize),
    activation: oneOf(`${kind}.activation`, o.activation, ADAPTER_ACTIVATIONS),
    layerNorm: bool(`${kind}.layerNorm`, o.layerNorm),
    layerNormEpsilon: nonNegative(`${kind}.layerNormEpsilon`, o.layerNormEpsilon),
    generatorStd: nonNegative(`${kind}.generatorStd`, o.generatorStd),
    init: oneOf(`${kind}.init`, o.init, ADAPTER_INITS),
    encoder: bool(`${kind}.encoder`, o.encoder),
    decoder: bool(`${kind}.decoder`, o.decoder),
    shareAcrossStacks: bool(`${kind}.shareAcrossStacks`, o.shareAcrossStacks),
  };
  if (!config.encoder && !config.decoder) {
    throw new ConfigError(`${kind}.decoder`, false, 'true when encoder is false (no adapter at all)');
  }
  return config;
}
