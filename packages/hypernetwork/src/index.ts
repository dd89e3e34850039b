/**
 * `@hyperprompt/hypernetwork`: building blocks shared by HyperFormer++ and HyperPrompt: task,
 * layer and site embedding tables, the task projector (MLP + LayerNorm), weight generators,
 * and the per-task → per-example plumbing (row gathering by task, per-example matMul) that lets
 * a batch mix tasks.
 *
 * @packageDocumentation
 */
export {
  createEmbeddingTable,
  layerIndexOf,
  layerTableRows,
  LAYER_INDEXINGS,
  type EmbeddingTableOptions,
  type LayerIndexing,
} from './embeddings';
export { layerNorm, TaskProjector, type TaskProjectorConfig, type TaskProjectorOptions } from './projector';
export {
  DEFAULT_GENERATOR_INIT,
  weightInitializer,
  WeightGenerator,
  type GeneratedTensorSpec,
  type GeneratorInit,
  type WeightGeneratorOptions,
} from './generator';
export {
  gatherByTask,
  GATHER_BY_TASK_ONE_HOT_MAX_TASKS,
  presentTasks,
  perExampleMatMul,
  PER_EXAMPLE_DEPTHWISE_MIN_ROWS,
  PER_EXAMPLE_DEPTHWISE_MIN_WEIGHT,
} from './per-task';
