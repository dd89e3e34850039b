/**
 * Loaders for the files users actually have, from a local folder (nothing downloads): GLUE as
 * distributed by the GLUE site (TSV), SuperGLUE as distributed (JSONL), and Hugging Face
 * `datasets` exports (parquet, JSONL), detected automatically. Everything streams; malformed
 * input gives a `DataError` naming the file and line. Also HyperFormer's seeded re-split.
 *
 * @packageDocumentation
 */
export type {
  DataLayout,
  MalformedRowPolicy,
  TsvLayout,
  TsvSource,
  JsonlSource,
  HfOnlySource,
  TaskSource,
  LoadWarning,
  LoadOptions,
  SourceRecord,
} from './types';
export { assertFile, readLines, readJsonLines, peekJsonLine, type TextLine, type JsonLine } from './lines';
export { parseTsvLabel, readTsvRecords, type TsvLabelParser, type TsvReadOptions } from './tsv';
export { shortestFloat32, readParquetRecords } from './parquet';
export { flatSuperGlueSource, MULTIRC_SOURCE, RECORD_SOURCE, type SuperGlueLabel } from './superglue-raw';
export { findSplitFiles, resolveSplitFiles, resolveTaskDir, type SplitFiles } from './detect';
export { readRecords, formatRecords, loadExamples, loadAllExamples } from './load';
export {
  HYPERFORMER_HELD_OUT,
  hyperformerSource,
  type HyperformerSource,
  loadHyperformerSplit,
  type HyperformerSplitName,
  type HyperformerSplitOptions,
} from './hyperformer-split';
