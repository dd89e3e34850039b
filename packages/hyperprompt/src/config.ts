/**
 * Configuration of HyperPrompt (He et al., ICML 2022, arXiv 2203.00759): per-task global
 * prompts turned into per-block key and value prompts by local hypernetworks (Share, Sep) or
 * by local hypernetworks that global hypernetworks generate from layer-aware task embeddings
 * (Global); plus the `static` form, plain per-(task, site) key/value prompts, which is what
 * {@link HyperPromptConfig.variant} becomes after materialisation.
 *
 * Axis legend: K tasks, P prompt length, D d_model, N heads, H head dim, M prompted sites.
 *
 * @packageDocumentation
 */
import { type BackboneSpec, ConfigError, type ResolveContext, rejectUnknownKeys } from '@hyperprompt/core';
import type { LayerIndexing } from '@hyperprompt/hypernetwork';

/** How the key/value prompts of each site are produced. */
export type HyperPromptVariant = 'share' | 'sep' | 'global' | 'static';

/** Every {@link HyperPromptVariant}, for validation messages. */
export const HYPERPROMPT_VARIANTS: readonly HyperPromptVariant[] = ['share', 'sep', 'global', 'static'];

/** Initialisation of the global prompts `[K, P, D]`. */
export type GlobalPromptInit = 'uniform' | 'sampled-vocab';

/** Initialisation of the local hypernetworks of Share and Sep. */
export type LocalNetInit = 'normal' | 'fan-in';

/** Resolved config of {@link hyperPrompt}. */
export interface HyperPromptConfig {
  /** Discriminant. */
  readonly kind: 'hyperprompt';
  /** K, the number of tasks (task ids `0 .. K-1`); filled from the resolve context. */
  readonly numTasks: number;
  /**
   * `share`: one pair of local hypernetworks per site, shared by all tasks; `sep`: one pair
   * per task and site; `global`: local hypernetworks generated per (task, site) from a
   * layer-aware task embedding (the paper's proposed variant); `static`: plain trainable
   * key/value prompts per (task, site), no hypernetwork (the paper's "naive" design, and the
   * output of `materialize`).
   * @defaultValue 'global'
   */
  readonly variant: HyperPromptVariant;
  /** l (P), the number of hyper-prompt positions prepended to keys and values. @defaultValue 16 */
  readonly promptLength: number;
  /** b, the bottleneck width of the local hypernetworks (`D -> b -> N·H`). @defaultValue 32 */
  readonly bottleneck: number;
  /** Prompt the self-attention of the encoder blocks. @defaultValue true */
  readonly useEncoder: boolean;
  /** Prompt the self-attention of the decoder blocks. @defaultValue true */
  readonly useDecoder: boolean;
  /**
   * Also prompt the cross-attention of the selected decoder blocks (not in the paper, which
   * conditions self-attention only). Requires `useDecoder`.
   * @defaultValue false
   */
  readonly useCrossAttention: boolean;
  /**
   * Block indices that get prompts, in every enabled stack (each must exist in it), or
   * `'all'`.
   * @defaultValue 'all'
   */
  readonly layers: 'all' | readonly number[];
  /** Add biases to the local hypernetworks' down and up projections. @defaultValue false */
  readonly localBias: boolean;
  /**
   * Global prompt init: `uniform` draws U(-0.5, 0.5); `sampled-vocab` copies token
   * embeddings of ids sampled among the first {@link HyperPromptConfig.sampleFromFirst}.
   * @defaultValue 'sampled-vocab'
   */
  readonly promptInit: GlobalPromptInit;
  /** Vocabulary ids `0 .. N-1` to sample from; clipped to V when resolving. @defaultValue 5000 */
  readonly sampleFromFirst: number;
  /**
   * Share/Sep local hypernetwork init: `normal` draws N(0, 1e-2²) (HyperFormer's
   * `init_linear_layer`); `fan-in` draws N(0, 1/fan_in) (Mesh TensorFlow's dense default).
   * @defaultValue 'normal'
   */
  readonly localInit: LocalNetInit;
  /** t', the task-embedding width (Global). @defaultValue 32 */
  readonly taskEmbeddingDim: number;
  /** Width of the layer embeddings z_m (Global); the paper's z_m has the task width t'. @defaultValue 32 */
  readonly layerEmbeddingDim: number;
  /** e, the hidden width of the task projector MLP (Global). @defaultValue 64 */
  readonly projectorHiddenDim: number;
  /** t, the width of the layer-aware task embedding I (Global). @defaultValue 32 */
  readonly projectedDim: number;
  /** LayerNorm (with affine) on I, as HyperFormer++'s code does (Global). @defaultValue true */
  readonly projectorLayerNorm: boolean;
  /**
   * Layer numbering of the layer embeddings (Global): `shared` numbers encoder then decoder
   * blocks in one table; `per-stack` gives each stack its own table. Cross-attention sites
   * always use their own table of decoder blocks.
   * @defaultValue 'shared'
   */
  readonly layerIndexing: LayerIndexing;
  /** Biases in the global hypernetworks that generate the local ones (Global). @defaultValue false */
  readonly generatorBias: boolean;
}

/** Options accepted by `hyperPrompt.resolve`: any field of the config. */
export type HyperPromptOptions = Partial<Omit<HyperPromptConfig, 'kind'>>;

/** Default values of every optional field of {@link HyperPromptConfig}. */
export const DEFAULT_HYPERPROMPT: Readonly<Omit<HyperPromptConfig, 'kind' | 'numTasks'>> = Object.freeze({
  variant: 'global',
  promptLength: 16,
  bottleneck: 32,
  useEncoder: true,
  useDecoder: true,
  useCrossAttention: false,
  layers: 'all',
  localBias: false,
  promptInit: 'sampled-vocab',
  sampleFromFirst: 5000,
  localInit: 'normal',
  taskEmbeddingDim: 32,
  layerEmbeddingDim: 32,
  projectorHiddenDim: 64,
  projectedDim: 32,
  projectorLayerNorm: true,
  layerIndexing: 'shared',
  generatorBias: false,
});

const KNOWN = ['numTasks', ...Object.keys(DEFAULT_HYPERPROMPT)];

function positiveInteger(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new ConfigError(`hyperprompt.${field}`, value, 'a positive integer');
  }
  return value;
}

function bool(field: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new ConfigError(`hyperprompt.${field}`, value, 'true or false');
  return value;
}

function oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) throw new ConfigError(`hyperprompt.${field}`, value, allowed);
  return value as T;
}

/** Validates `layers` against the block counts of the enabled stacks; returns a sorted copy. */
function resolveLayers(value: unknown, limit: number): 'all' | number[] {
  if (value === 'all') return 'all';
  const field = 'hyperprompt.layers';
  if (!Array.isArray(value) || value.length === 0) {
    throw new ConfigError(field, value, "'all' or a non-empty array of block indices");
  }
  const bad = value.findIndex(
    (x: unknown) => typeof x !== 'number' || !Number.isInteger(x) || x < 0 || x >= limit,
  );
  if (bad >= 0) throw new ConfigError(`${field}[${bad}]`, value[bad], `a block index in [0, ${limit})`);
  const sorted = [...new Set(value as number[])].sort((a, b) => a - b);
  if (sorted.length !== value.length) throw new ConfigError(field, value, 'distinct block indices');
  return sorted;
}

/**
 * Fills defaults and validates; accepts its own output back (JSON round trip).
 * @throws `ConfigError` naming the field, the value and what is allowed.
 */
export function resolveHyperPrompt(
  options: HyperPromptOptions,
  spec: BackboneSpec,
  context: ResolveContext,
): HyperPromptConfig {
  rejectUnknownKeys(options, KNOWN, 'hyperprompt');
  const o = { ...DEFAULT_HYPERPROMPT, ...options };
  const numTasks = o.numTasks ?? context.numTasks;
  if (numTasks !== context.numTasks) {
    throw new ConfigError('hyperprompt.numTasks', numTasks, `${context.numTasks} (the context's numTasks)`);
  }
  const useEncoder = bool('useEncoder', o.useEncoder);
  const useDecoder = bool('useDecoder', o.useDecoder);
  const useCrossAttention = bool('useCrossAttention', o.useCrossAttention);
  if (!useEncoder && !useDecoder) {
    throw new ConfigError('hyperprompt.useDecoder', false, 'true when useEncoder is false (no site left)');
  }
  if (useCrossAttention && !useDecoder) {
    throw new ConfigError('hyperprompt.useCrossAttention', true, 'false unless useDecoder is true');
  }
  const limits = [
    useEncoder ? spec.numLayers.encoder : Infinity,
    useDecoder ? spec.numLayers.decoder : Infinity,
  ];
  return {
    kind: 'hyperprompt',
    numTasks,
    variant: oneOf('variant', o.variant, HYPERPROMPT_VARIANTS),
    promptLength: positiveInteger('promptLength', o.promptLength),
    bottleneck: positiveInteger('bottleneck', o.bottleneck),
    useEncoder,
    useDecoder,
    useCrossAttention,
    layers: resolveLayers(o.layers, Math.min(...limits)),
    localBias: bool('localBias', o.localBias),
    promptInit: oneOf('promptInit', o.promptInit, ['uniform', 'sampled-vocab'] as const),
    sampleFromFirst: Math.min(positiveInteger('sampleFromFirst', o.sampleFromFirst), spec.vocabSize),
    localInit: oneOf('localInit', o.localInit, ['normal', 'fan-in'] as const),
    taskEmbeddingDim: positiveInteger('taskEmbeddingDim', o.taskEmbeddingDim),
    layerEmbeddingDim: positiveInteger('layerEmbeddingDim', o.layerEmbeddingDim),
    projectorHiddenDim: positiveInteger('projectorHiddenDim', o.projectorHiddenDim),
    projectedDim: positiveInteger('projectedDim', o.projectedDim),
    projectorLayerNorm: bool('projectorLayerNorm', o.projectorLayerNorm),
    layerIndexing: oneOf('layerIndexing', o.layerIndexing, ['shared', 'per-stack'] as const),
    generatorBias: bool('generatorBias', o.generatorBias),
  };
}
