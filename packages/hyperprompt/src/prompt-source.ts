/**
 * Where each variant's key/value prompts come from: the variables a variant owns, and one
 * function from a list of task ids to their prompts at every prompted site.
 *
 * Axis legend: K tasks, K' tasks asked for, M prompted sites, 2 key|value, P prompt length,
 * D d_model, NH = N·H attention inner width.
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';
import {
  type AttentionSite,
  type BackboneHandle,
  ConfigError,
  gatherRows,
  type Initializer,
  initializers,
  type VariableStore,
} from '@hyperprompt/core';
import type { HyperPromptConfig } from './config';
import { GlobalHyperNetworks } from './global-nets';
import { createLocalNets, perTaskForward, sepWeights, shareForward } from './local-nets';

/** Bounds of the `uniform` inits, U(-0.5, 0.5) as in Prompt-Tuning's original code. */
export const UNIFORM_INIT_SCALE = 0.5;

/** Name of the global prompts `[K, P, D]` (Share, Sep, Global). */
export const GLOBAL_PROMPTS_VARIABLE = 'hyperprompt/prompts';

/** Name of the static key/value prompts `[K, M, 2, P, N·H]` (variant `static`). */
export const STATIC_PROMPTS_VARIABLE = 'hyperprompt/static_prompts';

/** Key/value prompts of the tasks given: `tasks [K'] -> [K', M, 2, P, NH]` (call inside `tidy`). */
export type PromptSource = (tasks: tf.Tensor1D) => tf.Tensor;

function promptInitializer(config: HyperPromptConfig, backbone: BackboneHandle): Initializer {
  if (config.promptInit === 'uniform') return initializers.uniform(-UNIFORM_INIT_SCALE, UNIFORM_INIT_SCALE);
  return initializers.sampledRows(backbone.tokenEmbedding, { maxRow: config.sampleFromFirst });
}

/**
 * Creates the variables of `config.variant` in `store` and returns its prompt source. A
 * `static` source starts from `initial` when given (materialisation), else from U(-0.5, 0.5).
 */
export function createPromptSource(
  store: VariableStore,
  config: HyperPromptConfig,
  backbone: Pick<BackboneHandle, 'spec'> & Partial<Pick<BackboneHandle, 'tokenEmbedding'>>,
  sites: readonly AttentionSite[],
  initial?: tf.Tensor,
): PromptSource {
  const { spec } = backbone;
  const m = sites.length;
  const p = config.promptLength;
  const d = spec.dModel;
  const inner = spec.numHeads * spec.headDim;
  const k = config.numTasks;
  if (config.variant === 'static') {
    const shape = [k, m, 2, p, inner]; // [K, M, 2, P, NH]
    const table = initial
      ? store.adopt(STATIC_PROMPTS_VARIABLE, initial, { category: 'per-task' })
      : store.create(
          STATIC_PROMPTS_VARIABLE,
          shape,
          initializers.uniform(-UNIFORM_INIT_SCALE, UNIFORM_INIT_SCALE),
          {
            category: 'per-task',
          },
        );
    return (tasks) => {
      const rows = gatherRows(tf.reshape(table, [k, m * 2 * p * inner]), tasks); // [K', M·2·P·NH]
      return tf.reshape(rows, [tasks.shape[0], m, 2, p, inner]); // -> [K', M, 2, P, NH]
    };
  }
  if (backbone.tokenEmbedding === undefined && config.promptInit === 'sampled-vocab') {
    throw new ConfigError(
      'hyperprompt.promptInit',
      config.promptInit,
      "'uniform' (no token embedding given)",
    );
  }
  const prompts = store.create(
    GLOBAL_PROMPTS_VARIABLE,
    [k, p, d], // [K, P, D]
    promptInitializer(config, backbone as BackboneHandle),
    { category: 'per-task' },
  );
  const gather = (tasks: tf.Tensor1D): tf.Tensor3D => {
    const rows = gatherRows(tf.reshape(prompts, [k, p * d]), tasks); // [K', P·D]
    return tf.reshape(rows, [tasks.shape[0], p, d]); // -> [K', P, D]
  };
  if (config.variant === 'global') {
    const nets = new GlobalHyperNetworks(store, config, spec, sites);
    return (tasks) => perTaskForward(gather(tasks), nets.weights(tasks), m);
  }
  const local = createLocalNets(store, config, m, d, inner);
  if (config.variant === 'share') return (tasks) => shareForward(gather(tasks), local, m);
  return (tasks) => perTaskForward(gather(tasks), sepWeights(local, tasks), m);
}
