/**
 * HyperPrompt-Global: layer-aware task embeddings `I = MLP([k_τ; z_m])` and the global
 * hypernetworks that generate every (task, site) pair's local nets from them.
 *
 * Axis legend: K tasks, K' tasks present, M prompted sites, t' task-embedding width,
 * z layer-embedding width, t projected width, D d_model, b bottleneck, NH = N·H.
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';
import { type AttentionSite, type BackboneSpec, gatherRows, type VariableStore } from '@hyperprompt/core';
import {
  createEmbeddingTable,
  type GeneratedTensorSpec,
  type GeneratorInit,
  layerIndexOf,
  layerTableRows,
  TaskProjector,
  type TaskProjectorConfig,
  WeightGenerator,
} from '@hyperprompt/hypernetwork';
import type { HyperPromptConfig } from './config';
import { LOCAL_INIT_STD, localNetShapes, type LocalNetWeights } from './local-nets';

/** Epsilon of the LayerNorm on I (HyperFormer++'s value). */
export const PROJECTOR_LAYER_NORM_EPSILON = 1e-6;

/** Standard deviation of the task projector's two weight matrices (HyperFormer's `linear_layer`). */
export const PROJECTOR_INIT_STD = 1e-2;

/**
 * Standard deviation of the global hypernetworks' weights, chosen so that the local nets they
 * generate start at the scale of Share's and Sep's (`normal` init, N(0, LOCAL_INIT_STD²)), and
 * Global's prompts at the scale of theirs.
 *
 * A generated entry is `Σ_j I_j·W_j` over the t entries of I, so for a given I its standard
 * deviation is `√t · rms(I) · std(W)`; hence `std(W) = LOCAL_INIT_STD / (√t · rms(I))`. With
 * the LayerNorm on I (γ = 1, β = 0 at init), `rms(I) = 1`. Without it, I is the projector's
 * raw output: inputs `[k_τ; z_m]` of N(0, 1) entries, a first Linear of N(0, s²) weights gives
 * pre-activations of variance `(t' + z)·s²`, ReLU keeps half of their second moment, and the
 * second Linear (e inputs, N(0, s²)) gives `rms(I) = s²·√(e·(t' + z) / 2)` (s =
 * {@link PROJECTOR_INIT_STD}; 4.5e-3 at the defaults).
 *
 * Before this rule, the generators drew N(0, 1e-2²) like the projector, with no LayerNorm: the
 * generated local nets were 40 times smaller than Share's and the prompts 1,500 times smaller
 * (RMS 1.5e-6 against 2.3e-3 on the tiny T5), which confounded every variant comparison.
 */
export function generatorInitStd(config: HyperPromptConfig): number {
  const rmsOfI = config.projectorLayerNorm
    ? 1
    : PROJECTOR_INIT_STD ** 2 *
      Math.sqrt((config.projectorHiddenDim * (config.taskEmbeddingDim + config.layerEmbeddingDim)) / 2);
  return LOCAL_INIT_STD / (Math.sqrt(config.projectedDim) * rmsOfI);
}

/** One layer-embedding table: its name, rows, and which sites read which row. */
interface LayerTable {
  readonly name: string;
  readonly rows: number;
}

/** Layer-embedding tables Global needs, and for each site (in site order) its table and row. */
export function layerTables(
  config: HyperPromptConfig,
  spec: BackboneSpec,
  sites: readonly AttentionSite[],
): { tables: LayerTable[]; rowOf: { table: number; row: number }[] } {
  const tables: LayerTable[] = [];
  const tableIndex = new Map<string, number>();
  const rowOf = sites.map((site) => {
    const name =
      site.attention === 'cross' ? 'cross' : config.layerIndexing === 'shared' ? 'shared' : site.stack;
    if (!tableIndex.has(name)) {
      const rows =
        name === 'cross' ? spec.numLayers.decoder : layerTableRows(spec, config.layerIndexing, site.stack);
      tableIndex.set(name, tables.length);
      tables.push({ name: `hyperprompt/layer_embedding/${name}`, rows });
    }
    const row = site.attention === 'cross' ? site.layer : layerIndexOf(site, spec, config.layerIndexing);
    return { table: tableIndex.get(name) ?? 0, row };
  });
  return { tables, rowOf };
}

/** Sizes of the task projector `[k_τ; z_m] -> I`. */
export function projectorConfig(config: HyperPromptConfig): TaskProjectorConfig {
  return {
    inputDim: config.taskEmbeddingDim + config.layerEmbeddingDim,
    hiddenDim: config.projectorHiddenDim,
    outputDim: config.projectedDim,
    layerNorm: config.projectorLayerNorm,
    layerNormEpsilon: PROJECTOR_LAYER_NORM_EPSILON,
  };
}

/**
 * What the global hypernetworks generate per (task, site): key and value down/up weights,
 * drawn at {@link generatorInitStd}, and with `localBias` the local biases, whose generators
 * start at zero so that the generated biases start at 0 like Share's and Sep's.
 */
export function generatedTensors(config: HyperPromptConfig, spec: BackboneSpec): GeneratedTensorSpec[] {
  const s = localNetShapes(config, spec.dModel, spec.numHeads * spec.headDim);
  const bias = config.generatorBias;
  const init: GeneratorInit = { kind: 'normal', std: generatorInitStd(config) };
  const zeros: GeneratorInit = { kind: 'zeros' };
  return (['key', 'value'] as const).flatMap((kv) => [
    { name: `${kv}_down`, shape: s.down, bias, init },
    { name: `${kv}_up`, shape: s.up, bias, init },
    ...(config.localBias
      ? [
          { name: `${kv}_down_bias`, shape: s.downBias, bias, init: zeros },
          { name: `${kv}_up_bias`, shape: s.upBias, bias, init: zeros },
        ]
      : []),
  ]);
}

/** The variables and sub-networks of HyperPrompt-Global. */
export class GlobalHyperNetworks {
  private readonly taskEmbedding: tf.Variable;
  private readonly tables: tf.Variable[];
  private readonly siteRows: number[];
  private readonly projector: TaskProjector;
  private readonly generator: WeightGenerator;

  /**
   * Creates task embeddings (`per-task`), layer embeddings, the projector and the generator
   * (`hypernetwork`) in `store`.
   */
  constructor(
    store: VariableStore,
    private readonly config: HyperPromptConfig,
    spec: BackboneSpec,
    private readonly sites: readonly AttentionSite[],
  ) {
    this.taskEmbedding = createEmbeddingTable(
      store,
      'hyperprompt/task_embedding',
      config.numTasks,
      config.taskEmbeddingDim,
      { category: 'per-task' },
    );
    const { tables, rowOf } = layerTables(config, spec, sites);
    this.tables = tables.map((t) => createEmbeddingTable(store, t.name, t.rows, config.layerEmbeddingDim));
    const offsets = tables.map((_, i) => tables.slice(0, i).reduce((n, t) => n + t.rows, 0));
    this.siteRows = rowOf.map((r) => offsets[r.table] + r.row);
    this.projector = new TaskProjector(store, 'hyperprompt/projector', projectorConfig(config), {
      init: { kind: 'normal', std: PROJECTOR_INIT_STD },
    });
    this.generator = new WeightGenerator(
      store,
      'hyperprompt/generator',
      config.projectedDim,
      generatedTensors(config, spec),
    );
  }

  /** Layer-aware task embeddings `I [K'·M, t]` (task-major rows) for the tasks given. */
  embeddings(tasks: tf.Tensor1D): tf.Tensor2D {
    const k = tasks.shape[0];
    const m = this.sites.length;
    const { taskEmbeddingDim: tk, layerEmbeddingDim: z } = this.config;
    const task = gatherRows(this.taskEmbedding, tasks); // [K', t']
    const all = this.tables.length === 1 ? this.tables[0] : tf.concat(this.tables, 0); // [rows, z]
    const layer = gatherRows(all, tf.tensor1d(this.siteRows, 'int32')); // [M, z]
    const input = tf.concat(
      [
        tf.broadcastTo(tf.reshape(task, [k, 1, tk]), [k, m, tk]), // [K', M, t']
        tf.broadcastTo(tf.reshape(layer, [1, m, z]), [k, m, z]), // [K', M, z]
      ],
      2,
    ); // [K', M, t' + z]
    return this.projector.apply(tf.reshape(input, [k * m, tk + z])); // [K'·M, t]
  }

  /** Generated local nets for every (task, site, key|value): R = K'·M·2 rows, task-major. */
  weights(tasks: tf.Tensor1D): LocalNetWeights {
    const g = this.generator.generate(this.embeddings(tasks)); // each [K'·M, ...shape]
    // Concat of rank-3 views, not tf.stack: on wasm stack's gradient (unstack) slices the
    // rank-4 [K'·M, 2, a, b] row by row and is far slower.
    const pair = (name: string): tf.Tensor => {
      const key = g[`key_${name}`];
      const [r, ...shape] = key.shape;
      const z = shape.reduce((a, b) => a * b, 1);
      const flat = (t: tf.Tensor): tf.Tensor3D => tf.reshape(t, [r, 1, z]); // [K'·M, ...shape] -> [K'·M, 1, Z]
      const both = tf.concat([flat(key), flat(g[`value_${name}`])], 1); // [K'·M, 2, Z]
      return tf.reshape(both, [r * 2, ...shape]); // -> [K'·M·2, ...shape]
    };
    return {
      down: pair('down') as tf.Tensor3D,
      up: pair('up') as tf.Tensor3D,
      downBias: this.config.localBias ? (pair('down_bias') as tf.Tensor2D) : undefined,
      upBias: this.config.localBias ? (pair('up_bias') as tf.Tensor2D) : undefined,
    };
  }

  /** Closed-form parameter count by category. */
  static parameters(
    config: HyperPromptConfig,
    spec: BackboneSpec,
    sites: readonly AttentionSite[],
  ): { perTask: number; hypernetwork: number } {
    const tables = layerTables(config, spec, sites).tables.reduce((n, t) => n + t.rows, 0);
    return {
      perTask: config.numTasks * config.taskEmbeddingDim,
      hypernetwork:
        tables * config.layerEmbeddingDim +
        TaskProjector.parameterCount(projectorConfig(config)) +
        WeightGenerator.parameterCount(config.projectedDim, generatedTensors(config, spec)),
    };
  }
}
