/**
 * One HyperFormer++ hypernetwork ("controller", `AdapterLayersOneHyperNetController` of the
 * official code): layer-id and block-type embeddings, the task projector and the generators
 * of every adapter tensor. It serves the sites of one stack, or of both stacks when shared.
 *
 * For the tasks present and every site it serves, all conditioning rows
 * `s = concat(z_τ, LayerEmb[i], SiteEmb[p])` go through ONE projector call and ONE generator
 * call per forward: R = K'·M rows for M sites.
 *
 * Axes: K' tasks present, B batch, M sites served, R = K'·M rows, Z elements of one generated tensor,
 * t' task, e_l layer and e_s site embedding widths, t projected width, D d_model, r bottleneck.
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';
import {
  type BackboneSpec,
  type ForwardContext,
  gatherRows,
  type StackName,
  type VariableStore,
} from '@hyperprompt/core';
import {
  createEmbeddingTable,
  gatherByTask,
  type GeneratedTensorSpec,
  type LayerIndexing,
  layerIndexOf,
  layerTableRows,
  TaskProjector,
  type TaskProjectorConfig,
  WeightGenerator,
} from '@hyperprompt/hypernetwork';
import { adapterTensorShape, type PerTaskAdapter } from './adapter-math';
import { adapterTensorNames } from './adapters';
import type { HyperFormerPPConfig } from './hyperformer-config';
import { ADAPTER_SITE_KINDS, type AdapterSite, adapterSites } from './sites';

/** Projector sizes of a config. @internal */
export function projectorConfigOf(config: HyperFormerPPConfig): TaskProjectorConfig {
  return {
    inputDim: config.taskEmbeddingDim + config.layerEmbeddingDim + config.siteEmbeddingDim,
    hiddenDim: config.projectorHiddenDim,
    outputDim: config.projectedDim,
    layerNorm: config.projectorLayerNorm,
    layerNormEpsilon: config.projectorLayerNormEpsilon,
  };
}

/** What the generator produces per conditioning row: the adapter tensors of one site. @internal */
export function generatedTensorsOf(config: HyperFormerPPConfig, dModel: number): GeneratedTensorSpec[] {
  const normal = { kind: 'normal', std: config.generatorStd } as const;
  const zeroed = new Set(config.init === 'zero-up' ? ['up_weight', 'up_bias', 'ln_beta'] : []);
  return adapterTensorNames(config).map((name) => ({
    name,
    shape: adapterTensorShape(name, dModel, config.bottleneckSize),
    init: zeroed.has(name) ? { kind: 'zeros' } : normal,
  }));
}

/** The controllers of a config: their name, block numbering and stacks served. @internal */
export function controllerLayout(
  config: HyperFormerPPConfig,
): { readonly name: string; readonly indexing: LayerIndexing; readonly stacks: StackName[] }[] {
  const stacks: StackName[] = [];
  if (config.encoder) stacks.push('encoder');
  if (config.decoder) stacks.push('decoder');
  if (config.shareAcrossStacks) return [{ name: 'shared', indexing: 'shared', stacks }];
  return stacks.map((stack) => ({ name: stack, indexing: 'per-stack', stacks: [stack] }));
}

/** Closed-form parameters of one controller (all category `hypernetwork`). @internal */
export function controllerParameterCount(
  config: HyperFormerPPConfig,
  spec: BackboneSpec,
  layerRows: number,
): number {
  return (
    layerRows * config.layerEmbeddingDim +
    ADAPTER_SITE_KINDS.length * config.siteEmbeddingDim +
    TaskProjector.parameterCount(projectorConfigOf(config)) +
    WeightGenerator.parameterCount(config.projectedDim, generatedTensorsOf(config, spec.dModel))
  );
}

/** One hypernetwork generating the adapters of its sites. @internal */
export class AdapterController {
  /** Sites served, block-major (`ffn` then `attention` within a block). */
  readonly sites: readonly AdapterSite[];
  private readonly layerTable: tf.Variable;
  private readonly siteTable: tf.Variable;
  private readonly projector: TaskProjector;
  private readonly generator: WeightGenerator;
  private readonly layerIds: number[];
  private readonly siteIds: number[];

  /**
   * @param store - the module's store.
   * @param prefix - e.g. `hyperformer-pp/encoder`.
   */
  constructor(
    store: VariableStore,
    prefix: string,
    config: HyperFormerPPConfig,
    spec: BackboneSpec,
    layout: { readonly indexing: LayerIndexing; readonly stacks: StackName[] },
  ) {
    this.sites = adapterSites(spec, layout.stacks);
    const rows = layerTableRows(spec, layout.indexing, layout.stacks[0]);
    this.layerTable = createEmbeddingTable(
      store,
      `${prefix}/layer_embeddings`,
      rows,
      config.layerEmbeddingDim,
    );
    this.siteTable = createEmbeddingTable(
      store,
      `${prefix}/site_embeddings`,
      ADAPTER_SITE_KINDS.length,
      config.siteEmbeddingDim,
    );
    const init = { kind: 'normal', std: config.generatorStd } as const;
    this.projector = new TaskProjector(store, `${prefix}/projector`, projectorConfigOf(config), { init });
    const outputs = generatedTensorsOf(config, spec.dModel);
    this.generator = new WeightGenerator(store, `${prefix}/generator`, config.projectedDim, outputs);
    this.layerIds = this.sites.map((s) => layerIndexOf(s, spec, layout.indexing));
    this.siteIds = this.sites.map((s) => ADAPTER_SITE_KINDS.indexOf(s.kind));
  }

  /**
   * Adapter tensors `[K', ...shape]` of every site served, for the given tasks (row k ↔
   * `taskIds[k]`), from one projector and one generator call.
   *
   * @param taskTable - the task embeddings `[K, t']`.
   * @param taskIds - the tasks to generate for (K' of them).
   */
  generate(taskTable: tf.Tensor2D, taskIds: readonly number[]): Map<string, PerTaskAdapter> {
    const present = taskIds.length;
    const m = this.sites.length;
    const generated = this.generateRows(taskTable, taskIds); // each [R, ...shape]
    const out = new Map<string, PerTaskAdapter>(this.sites.map((s) => [s.key, {}]));
    for (const spec of this.generator.outputs) {
      const size = spec.shape.reduce((a, b) => a * b, 1);
      const rows = tf.reshape(generated[spec.name], [present, m, size]); // [R, ...shape] -> [K', M, Z]
      const bySite = tf.unstack(tf.transpose(rows, [1, 0, 2])); // M x [K', Z]
      bySite.forEach((perTask, j) => {
        const site = out.get(this.sites[j].key) ?? {};
        site[spec.name as keyof PerTaskAdapter] = tf.reshape(perTask, [present, ...spec.shape]); // [K', ...shape]
      });
    }
    return out;
  }

  /**
   * Every site's adapter tensors per example, `[B, ...shape]` for the batch of `ctx`, with
   * one row gather per generated tensor for all sites at once (not one per site and tensor:
   * on wasm, many small gathers cost far more than one of the same total size).
   *
   * @param taskTable - the task embeddings `[K, t']`.
   * @param ctx - the forward context (its tasks present are generated).
   */
  generatePerExample(taskTable: tf.Tensor2D, ctx: ForwardContext): Map<string, PerTaskAdapter> {
    const present = ctx.tasksPresent.length;
    const m = this.sites.length;
    const b = ctx.batchSize;
    const generated = this.generateRows(taskTable, ctx.tasksPresent); // each [R, ...shape]
    const out = new Map<string, PerTaskAdapter>(this.sites.map((s) => [s.key, {}]));
    for (const spec of this.generator.outputs) {
      const size = spec.shape.reduce((a, c) => a * c, 1);
      const table = tf.reshape(generated[spec.name], [present, m * size]); // [R, ...shape] -> [K', M·Z]
      const rows = tf.reshape(gatherByTask(table, ctx), [b, m, size]); // [B, M·Z] -> [B, M, Z]
      const bySite = tf.unstack(tf.transpose(rows, [1, 0, 2])); // M x [B, Z]
      bySite.forEach((perExample, j) => {
        const site = out.get(this.sites[j].key) ?? {};
        site[spec.name as keyof PerTaskAdapter] = tf.reshape(perExample, [b, ...spec.shape]); // [B, ...shape]
      });
    }
    return out;
  }

  /** One projector and one generator call: each output `[R, ...shape]`, rows task-major. */
  private generateRows(
    taskTable: tf.Tensor2D,
    taskIds: readonly number[],
  ): Readonly<Record<string, tf.Tensor>> {
    const m = this.sites.length;
    const rowTask = taskIds.flatMap((t) => new Array<number>(m).fill(t)); // row k·M + j -> task k
    const rowLayer = taskIds.flatMap(() => this.layerIds);
    const rowSite = taskIds.flatMap(() => this.siteIds);
    const ids = (values: number[]) => tf.tensor1d(values, 'int32'); // [R]
    const cond = tf.concat2d(
      [
        gatherRows(taskTable, ids(rowTask)) as tf.Tensor2D, // [R, t']
        gatherRows(this.layerTable, ids(rowLayer)) as tf.Tensor2D, // [R, e_l]
        gatherRows(this.siteTable, ids(rowSite)) as tf.Tensor2D, // [R, e_s]
      ],
      1,
    ); // [R, t' + e_l + e_s]
    return this.generator.generate(this.projector.apply(cond)); // each [R, ...shape]
  }
}
