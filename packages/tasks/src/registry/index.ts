/**
 * The task registry: tasks as data (name, benchmark, label words or regression rule, split
 * files, T5 formatter, metrics, score rule, maximum target length, loader), GLUE and SuperGLUE
 * registered with T5's official formats, and benchmark averages in the T5 paper's convention.
 *
 * @packageDocumentation
 */
export {
  SPLIT_NAMES,
  type TaskKind,
  type SplitName,
  type TaskMetrics,
  type HyperformerSplitRule,
  type TaskScorer,
  type TaskSpec,
  type TaskDefinition,
} from './types';
export {
  standardMetricProblem,
  checkScoringInput,
  goldLabels,
  scoreWithMetrics,
  scoreMultirc,
  scoreRecord,
  scoreWsc,
  type ScoredTask,
} from './scoring';
export { defineTask, isTaskDefinition } from './define-task';
export type { EmbeddedFamily, FamilyOptions } from './family';
export { TaskRegistry } from './registry';
export { COLA, SST2, MRPC, QQP, STSB, MNLI, QNLI, GLUE_RTE, WNLI, GLUE_TASKS } from './glue';
export { BOOLQ, CB, COPA, MULTIRC, RECORD, SUPERGLUE_RTE, WIC, WSC, SUPERGLUE_TASKS } from './superglue';
export { mergeSplitMetrics, benchmarkAverage, type BenchmarkAverage } from './benchmark';
export { createDefaultRegistry } from './defaults';
