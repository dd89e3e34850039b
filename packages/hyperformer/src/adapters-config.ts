/**
 * Configuration of vanilla per-task bottleneck adapters (Houlsby-style, as the HyperFormer
 * code builds them): one adapter per task on the self-attention output and
 * the feed-forward output of every block.
 *
 * Axis legend: K tasks, D d_model, r bottleneck width.
 *
 * @packageDocumentation
 */
import { type BackboneSpec, ConfigError, type ResolveContext, rejectUnknownKeys } from '@hyperprompt/core';
import { ADAPTER_ACTIVATIONS, type AdapterActivation } from './adapter-math';
import { bool, bottleneckOf, checkNumTasks, nonNegative, oneOf, positiveInteger } from './validate';

/** How adapter weights start: `normal` N(0, std) weights and zero biases; `zero-up` also zeros the up-projection (exact no-op at step 0). */
export type AdapterInit = 'normal' | 'zero-up';

/** Every {@link AdapterInit}. */
export const ADAPTER_INITS: readonly AdapterInit[] = ['normal', 'zero-up'];

/** Resolved config of the `adapters` method. */
export interface AdaptersConfig {
  /** Discriminant. */
  readonly kind: 'adapters';
  /** K, the number of tasks; filled from the resolve context. */
  readonly numTasks: number;
  /**
   * r in `D / r`: the bottleneck is `floor(dModel / reductionFactor)` wide unless
   * {@link AdaptersConfig.bottleneckSize} is given. 32 in the released HyperFormer configs.
   * @defaultValue 32
   */
  readonly reductionFactor: number;
  /**
   * Width of the bottleneck. Given explicitly, it wins over `reductionFactor`; resolved to
   * `floor(dModel / reductionFactor)` otherwise.
   * @defaultValue floor(dModel / reductionFactor)
   */
  readonly bottleneckSize: number;
  /**
   * Bottleneck non-linearity (`gelu_new` in the released configs).
   * @defaultValue 'gelu_new'
   */
  readonly activation: AdapterActivation;
  /**
   * Post-adapter LayerNorm (standard, with bias), per task: `add_layer_norm_after_adapter`.
   * @defaultValue true
   */
  readonly layerNorm: boolean;
  /**
   * ε of the post-adapter LayerNorm (PyTorch default).
   * @defaultValue 1e-5
   */
  readonly layerNormEpsilon: number;
  /**
   * Weight init: `normal` (N(0, initStd) weights, zero biases, LayerNorm γ = 1, β = 0) or
   * `zero-up` (the same with a zero up-projection: the module is an exact no-op at step 0).
   * @defaultValue 'normal'
   */
  readonly init: AdapterInit;
  /**
   * Standard deviation of the initial weights (`linear_layer(std=1e-2)` of the official code).
   * @defaultValue 0.01
   */
  readonly initStd: number;
  /** Adapters in the encoder blocks. @defaultValue true */
  readonly encoder: boolean;
  /** Adapters in the decoder blocks (self-attention and FFN; never cross-attention). @defaultValue true */
  readonly decoder: boolean;
}

/** Options accepted by `adapters.resolve`: any field of the config. */
export type AdaptersOptions = Partial<Omit<AdaptersConfig, 'kind'>>;

/** Default values of the optional fields of {@link AdaptersConfig} (`bottleneckSize` is derived). */
export const DEFAULT_ADAPTERS: Readonly<Omit<AdaptersConfig, 'kind' | 'numTasks' | 'bottleneckSize'>> =
  Object.freeze({
    reductionFactor: 32,
    activation: 'gelu_new',
    layerNorm: true,
    layerNormEpsilon: 1e-5,
    init: 'normal',
    initStd: 1e-2,
    encoder: true,
    decoder: true,
  });

const KNOWN = ['numTasks', 'bottleneckSize', ...Object.keys(DEFAULT_ADAPTERS)];

/**
 * Fills defaults and validates; accepts its own output back (JSON round trip).
 * @throws `ConfigError` naming the field, the value and what is allowed.
 */
export function resolveAdapters(
  options: AdaptersOptions,
  spec: BackboneSpec,
  context: ResolveContext,
): AdaptersConfig {
  rejectUnknownKeys(options, KNOWN, 'adapters');
  const o = { ...DEFAULT_ADAPTERS, ...options };
  const reductionFactor = positiveInteger('adapters.reductionFactor', o.reductionFactor);
  const config: AdaptersConfig = {
    kind: 'adapters',
    numTasks: checkNumTasks('adapters', o.numTasks, context.numTasks),
    reductionFactor,
    bottleneckSize: bottleneckOf('adapters', spec.dModel, reductionFactor, o.bottleneckSize),
    activation: oneOf('adapters.activation', o.activation, ADAPTER_ACTIVATIONS),
    layerNorm: bool('adapters.layerNorm', o.layerNorm),
    layerNormEpsilon: nonNegative('adapters.layerNormEpsilon', o.layerNormEpsilon),
    init: oneOf('adapters.init', o.init, ADAPTER_INITS),
    initStd: nonNegative('adapters.initStd', o.initStd),
    encoder: bool('adapters.encoder', o.encoder),
    decoder: bool('adapters.decoder', o.decoder),
  };
  if (!config.encoder && !config.decoder) {
    throw new ConfigError('adapters.decoder', false, 'true when encoder is false (no adapter at all)');
  }
  return config;
}
