/**
 * The embedded synthetic multi-task suite, the offline default benchmark: eleven seeded tasks
 * over a small artificial vocabulary that mirror GLUE's task types (single-sentence and
 * pair classification, 3-way inference, 0-5 regression), share skills, and include two
 * tasks with identical inputs and conflicting rules, so that task conditioning matters.
 * Comes with its vocabulary and a Hugging Face `tokenizer.json` writer.
 *
 * @packageDocumentation
 */
export {
  DEFAULT_SYNTHETIC_CONFIG,
  resolveSyntheticConfig,
  SYNTHETIC_SPLITS,
  SYNTHETIC_TASK_NAMES,
  type SplitSizes,
  type SyntheticSplit,
  type SyntheticSuiteConfig,
  type SyntheticSuiteOptions,
  type SyntheticTaskName,
} from './config';
export { SYNTHETIC_TASKS, type SyntheticMetricName, type SyntheticTaskInfo } from './tasks';
export {
  findSyntheticTask,
  formatSimilarityTarget,
  generateSyntheticSuite,
  type SyntheticSuite,
  type SyntheticTask,
} from './suite';
export { SYNTHETIC_FAMILY, SYNTHETIC_TASK_DEFINITIONS } from './family';
export {
  SIMILARITY_TARGETS,
  SYNTHETIC_SPECIAL_TOKENS,
  syntheticVocabulary,
  syntheticWordId,
  type SyntheticSpecialToken,
  type SyntheticVocabulary,
} from './vocabulary';
export {
  syntheticTokenizerFiles,
  writeSyntheticTokenizer,
  type SyntheticTokenizerFiles,
  type SyntheticTokenizerPaths,
} from './tokenizer-json';
export {
  formatBaselineTable,
  trivialBaselines,
  type BaselineScores,
  type TrivialBaseline,
} from './baselines';
