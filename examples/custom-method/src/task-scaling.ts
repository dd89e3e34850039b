/**
 * A complete method on the hook interface in one file: **task scaling**, a per-task version of
 * (IA)³ (Liu et al., 2022). Every block's self-attention and feed-forward outputs are
 * rescaled element-wise by a learned per-task vector, `h' = h ⊙ (1 + s_τ)`, with `s_τ`
 * starting at zero so the module is an exact no-op at step 0.
 *
 * Axis legend: B batch, T sequence length, D d_model, K tasks.
 */
import * as tf from '@tensorflow/tfjs';
import {
  type BackboneHooks,
  type ForwardContext,
  type LayerSite,
  type PeftModule,
  ConfigError,
  VariableStore,
  assertKnownTasks,
  breakdown,
  definePeftMethod,
  gatherRows,
  initializers,
  rejectUnknownKeys,
} from '@hyperprompt/core';

/** Resolved config of {@link taskScaling}. */
export interface TaskScalingConfig {
  /** Discriminant. */
  readonly kind: 'task-scaling';
  /** K, the number of tasks (from the resolve context). */
  readonly numTasks: number;
  /** Which sub-layer outputs are rescaled. @defaultValue `['attention', 'ffn']` */
  readonly sites: readonly ('attention' | 'ffn')[];
}

const SITES = ['attention', 'ffn'] as const;

/** Variable name of the scales of one (stack, layer, site): `[K, D]`. */
function scaleName(site: LayerSite, kind: 'attention' | 'ffn'): string {
  return `task-scaling/${site.stack}/layer_${site.layer}/${kind}`;
}

function createModule(
  spec: { readonly dModel: number; readonly numLayers: Readonly<Record<'encoder' | 'decoder', number>> },
  config: TaskScalingConfig,
  seed: number,
): PeftModule<TaskScalingConfig> {
  const store = new VariableStore(seed);
  for (const stack of ['encoder', 'decoder'] as const) {
    for (let layer = 0; layer < spec.numLayers[stack]; layer++) {
      for (const kind of config.sites) {
        store.create(
          scaleName({ stack, layer }, kind),
          [config.numTasks, spec.dModel],
          initializers.zeros(),
          {
            category: 'per-task',
          },
        );
      }
    }
  }
  // h [B, T, D] ⊙ (1 + s[taskIds]) broadcast over T.
  const rescale = (h: tf.Tensor3D, name: string, ctx: ForwardContext): tf.Tensor3D => {
    const perExample = gatherRows(store.get(name), ctx.taskIds); // [B, D]
    return tf.mul(h, tf.expandDims(tf.add(perExample, 1), 1)); // [B, T, D] * [B, 1, D]
  };
  return {
    kind: 'task-scaling',
    config,
    variables: store,
    hooks(ctx: ForwardContext): BackboneHooks {
      assertKnownTasks(ctx, config.numTasks, 'task-scaling');
      const hooks: { -readonly [K in keyof BackboneHooks]: BackboneHooks[K] } = {};
      if (config.sites.includes('attention')) {
        hooks.attentionOutput = (h, site) =>
          site.attention === 'self' ? rescale(h, scaleName(site, 'attention'), ctx) : h;
      }
      if (config.sites.includes('ffn'))
        hooks.ffnOutput = (h, site) => rescale(h, scaleName(site, 'ffn'), ctx);
      return hooks;
    },
    dispose: () => store.dispose(),
  };
}

/** Per-task (IA)³-style rescaling of sub-layer outputs, as a `PeftMethod`. */
export const taskScaling = definePeftMethod<TaskScalingConfig>({
  kind: 'task-scaling',
  defaults: { numTasks: 1, sites: SITES },
  resolve(options, _spec, { numTasks }) {
    rejectUnknownKeys(options, ['numTasks', 'sites'], 'task-scaling');
    if (options.numTasks !== undefined && options.numTasks !== numTasks) {
      throw new ConfigError(
        'task-scaling.numTasks',
        options.numTasks,
        `${numTasks} (the context's numTasks)`,
      );
    }
    const sites = options.sites ?? SITES;
    const bad = sites.find((s) => !(SITES as readonly string[]).includes(s));
    if (sites.length === 0 || bad !== undefined) {
      throw new ConfigError('task-scaling.sites', sites, 'a non-empty list of "attention", "ffn"');
    }
    return { kind: 'task-scaling', numTasks, sites: [...new Set(sites)] };
  },
  create: (backbone, config, seed) => createModule(backbone.spec, config, seed),
  countParameters: (config, spec) =>
    breakdown({
      'per-task':
        config.numTasks *
        spec.dModel *
        config.sites.length *
        (spec.numLayers.encoder + spec.numLayers.decoder),
    }),
});
