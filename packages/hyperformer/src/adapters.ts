/**
 * Vanilla per-task bottleneck adapters as a `PeftMethod` (the adapter of `adapter-math.ts`,
 * placed as the official HyperFormer code places it): per task, per block, one adapter on the
 * self-attention output and one on the feed-forward output (encoder and decoder; never
 * cross-attention). Weights are `[K, ...]` variables; each forward gathers the rows of the
 * tasks present once, then applies them per example (a mixed-task batch runs one batched
 * matMul per projection; a one-task batch runs plain 2-D matMuls).
 *
 * Axis legend: K tasks (K' present), B batch, T sequence, D d_model, r bottleneck width.
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';
import {
  assertKnownTasks,
  type BackboneHandle,
  type BackboneHooks,
  type BackboneSpec,
  breakdown,
  definePeftMethod,
  type ForwardContext,
  gatherRows,
  type Initializer,
  type ParameterBreakdown,
  initializers,
  type PeftMethod,
  type PeftModule,
  VariableStore,
} from '@hyperprompt/core';
import { presentTasks } from '@hyperprompt/hypernetwork';
import {
  ADAPTER_TENSORS,
  adapterTensorShape,
  type AdapterSettings,
  type AdapterTensorName,
  type PerTaskAdapter,
  prepareAdapter,
  type PreparedAdapter,
} from './adapter-math';
import { type AdaptersConfig, DEFAULT_ADAPTERS, resolveAdapters } from './adapters-config';
import { adapterHooks, adapterSites, enabledStacks } from './sites';

/** Tensors one adapter has under a config: all six, or four without the post-adapter LayerNorm. */
export function adapterTensorNames(config: { readonly layerNorm: boolean }): AdapterTensorName[] {
  return ADAPTER_TENSORS.filter((n) => config.layerNorm || (n !== 'ln_gamma' && n !== 'ln_beta'));
}

/** Parameters of one adapter for one task: `2·D·r + r + D (+ 2·D with the LayerNorm)`. */
export function adapterParameterCount(dModel: number, bottleneck: number, layerNorm: boolean): number {
  return 2 * dModel * bottleneck + bottleneck + dModel + (layerNorm ? 2 * dModel : 0);
}

/** Variable name of one adapter tensor, e.g. `adapters/encoder/layer_0/ffn/down_weight` (`[K, D, r]`). */
export function adapterVariableName(siteKey: string, tensor: AdapterTensorName): string {
  return `adapters/${siteKey}/${tensor}`;
}

function initializerOf(name: AdapterTensorName, config: AdaptersConfig): Initializer {
  switch (name) {
    case 'down_weight':
      return initializers.normal(config.initStd);
    case 'up_weight':
      return config.init === 'zero-up' ? initializers.zeros() : initializers.normal(config.initStd);
    case 'ln_gamma':
      return initializers.ones();
    default:
      return initializers.zeros();
  }
}

/** The bottleneck settings of a config. @internal */
export function settingsOf(config: {
  readonly activation: AdapterSettings['activation'];
  readonly layerNorm: boolean;
  readonly layerNormEpsilon: number;
}): AdapterSettings {
  return {
    activation: config.activation,
    layerNorm: config.layerNorm,
    layerNormEpsilon: config.layerNormEpsilon,
  };
}

function createModule(
  backbone: BackboneHandle,
  config: AdaptersConfig,
  seed: number,
): PeftModule<AdaptersConfig> {
  const { dModel: d } = backbone.spec;
  const { numTasks: k, bottleneckSize: r } = config;
  const store = new VariableStore(seed);
  const sites = adapterSites(backbone.spec, enabledStacks(config));
  const names = adapterTensorNames(config);
  try {
    for (const site of sites) {
      for (const name of names) {
        const shape = [k, ...adapterTensorShape(name, d, r)]; // [K, ...shape]
        store.create(adapterVariableName(site.key, name), shape, initializerOf(name, config), {
          category: 'per-task',
        });
      }
    }
  } catch (error) {
    store.dispose();
    throw error;
  }
  const settings = settingsOf(config);
  return {
    kind: 'adapters',
    config,
    variables: store,
    hooks(ctx: ForwardContext): BackboneHooks {
      assertKnownTasks(ctx, config.numTasks, 'adapters');
      const ids = presentTasks(ctx); // [K']
      const present = ctx.tasksPresent.length;
      const prepared = new Map<string, PreparedAdapter>();
      for (const site of sites) {
        const perTask: PerTaskAdapter = {};
        for (const name of names) {
          const shape = adapterTensorShape(name, d, r);
          const size = shape.reduce((a, b) => a * b, 1);
          const flat = tf.reshape(store.get(adapterVariableName(site.key, name)), [k, size]); // [K, ...] -> [K, Z]
          perTask[name] = tf.reshape(gatherRows(flat, ids), [present, ...shape]); // [K', Z] -> [K', ...]
        }
        prepared.set(site.key, prepareAdapter(perTask, ctx));
      }
      return adapterHooks(prepared, settings);
    },
    dispose(): void {
      store.dispose();
    },
  };
}

/** Closed-form parameter count of an `adapters` config: sites × K × one adapter, all `per-task`. */
export function countAdapterParameters(config: AdaptersConfig, spec: BackboneSpec): ParameterBreakdown {
  const sites = adapterSites(spec, enabledStacks(config)).length;
  const perAdapter = adapterParameterCount(spec.dModel, config.bottleneckSize, config.layerNorm);
  return breakdown({ 'per-task': sites * config.numTasks * perAdapter });
}

/**
 * Vanilla per-task bottleneck adapters: `y' = LN(U(act(D(y)))) + y` on every block's
 * self-attention and feed-forward outputs, one set of weights per task.
 *
 * @example
 * ```ts
 * const config = adapters.resolve({ reductionFactor: 16 }, backbone.spec, { numTasks: 8 });
 * const module = adapters.create(backbone, config, 42);
 * const hooks = module.hooks(ctx); // pass to the backbone's forward
 * ```
 */
export const adapters: PeftMethod<AdaptersConfig> = definePeftMethod<AdaptersConfig>({
  kind: 'adapters',
  // numTasks comes from the resolve context and bottleneckSize from dModel; these are placeholders.
  defaults: { ...DEFAULT_ADAPTERS, numTasks: 1, bottleneckSize: 1 },
  resolve: resolveAdapters,
  create: createModule,
  countParameters: countAdapterParameters,
});
