/**
 * Trainable lookup tables of the hypernetworks (task, layer and site embeddings) and the
 * numbering of blocks that layer embeddings are indexed by.
 *
 * Axis legend: K tasks, L rows of a layer table, E embedding width.
 *
 * @packageDocumentation
 */
import type * as tf from '@tensorflow/tfjs';
import {
  type BackboneSpec,
  ConfigError,
  type Initializer,
  type LayerSite,
  type ParameterCategory,
  type StackName,
  initializers,
  type VariableStore,
} from '@hyperprompt/core';

/**
 * How blocks are numbered for layer embeddings. `'shared'`: one table over both stacks, encoder
 * blocks `0 .. Ne-1` then decoder blocks `Ne .. Ne+Nd-1`. `'per-stack'`: each stack numbers its
 * blocks `0 .. N-1` (and a method using it creates one table per stack).
 */
export type LayerIndexing = 'shared' | 'per-stack';

/** Every {@link LayerIndexing}, for validation messages. */
export const LAYER_INDEXINGS: readonly LayerIndexing[] = ['shared', 'per-stack'];

function checkIndexing(indexing: LayerIndexing): void {
  if (!LAYER_INDEXINGS.includes(indexing)) throw new ConfigError('layerIndexing', indexing, LAYER_INDEXINGS);
}

/**
 * Row of the layer-embedding table that a site uses.
 *
 * @param site - the block (stack and 0-based layer within the stack).
 * @param spec - the backbone (for the number of encoder blocks).
 * @param indexing - see {@link LayerIndexing}.
 * @throws `ConfigError` when the layer is outside its stack or the indexing is unknown.
 *
 * @example
 * ```ts
 * layerIndexOf({ stack: 'decoder', layer: 1 }, spec, 'shared'); // spec.numLayers.encoder + 1
 * ```
 */
export function layerIndexOf(site: LayerSite, spec: BackboneSpec, indexing: LayerIndexing): number {
  checkIndexing(indexing);
  const n = spec.numLayers[site.stack];
  if (!Number.isInteger(site.layer) || site.layer < 0 || site.layer >= n) {
    throw new ConfigError(`site.layer (${site.stack})`, site.layer, `an integer in [0, ${n})`);
  }
  if (indexing === 'per-stack' || site.stack === 'encoder') return site.layer;
  return spec.numLayers.encoder + site.layer;
}

/**
 * Rows a layer-embedding table needs: `Ne + Nd` for `'shared'` (whatever `stack` is), the
 * stack's N for `'per-stack'`.
 */
export function layerTableRows(spec: BackboneSpec, indexing: LayerIndexing, stack: StackName): number {
  checkIndexing(indexing);
  if (indexing === 'shared') return spec.numLayers.encoder + spec.numLayers.decoder;
  return spec.numLayers[stack];
}

/** Options of {@link createEmbeddingTable}. */
export interface EmbeddingTableOptions {
  /** Accounting category (task embeddings: `'per-task'`). @defaultValue 'hypernetwork' */
  readonly category?: ParameterCategory;
  /** Initialiser of the `[rows, dim]` table. @defaultValue N(0, 1), like `nn.Embedding` */
  readonly init?: Initializer;
}

/**
 * Creates a trainable `[rows, dim]` table (task, layer or site embeddings) in `store`, seeded
 * by the store's seed and `name`. Rows are read with core's `gatherRows` (wasm-safe gradient).
 *
 * @param store - the module's variable store.
 * @param name - full variable name, e.g. `hyperformer-pp/task_embeddings`.
 * @param rows - number of rows (K tasks, L layers, ...).
 * @param dim - E, the embedding width.
 * @returns the created variable.
 * @throws `ConfigError` for non-positive sizes or a duplicate name.
 */
export function createEmbeddingTable(
  store: VariableStore,
  name: string,
  rows: number,
  dim: number,
  options: EmbeddingTableOptions = {},
): tf.Variable {
  for (const [field, value] of [
    ['rows', rows],
    ['dim', dim],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) {
      throw new ConfigError(`createEmbeddingTable(${name}).${field}`, value, 'a positive integer');
    }
  }
  const init = options.init ?? initializers.normal(1);
  return store.create(name, [rows, dim], init, { category: options.category ?? 'hypernetwork' });
}
