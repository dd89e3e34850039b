/**
 * The task type: a task is data (name, benchmark, label words or regression rule, split files,
 * text-to-text formatter, metrics, score rule, maximum target length, loader). Build one with
 * {@link defineTask} from a {@link TaskSpec}, which fills every default and validates every
 * field; register it in a {@link TaskRegistry}.
 *
 * @packageDocumentation
 */
import type { Example } from '../example';
import type { Formatter, RegressionRule } from '../formats';
import type { LoadOptions, TaskSource } from '../loaders';
import type { EmbeddedFamily } from './family';

/**
 * What a task predicts: a class (a label word), a score (a number printed on a grid), or
 * free text (a span such as a ReCoRD entity or a WSC referent).
 */
export type TaskKind = 'classification' | 'regression' | 'span';

/**
 * Split names, as Hugging Face `datasets` and TFDS name them. MNLI has `validation_matched`,
 * `validation_mismatched`, `test_matched` and `test_mismatched` instead of `validation`/`test`.
 */
export type SplitName =
  | 'train'
  | 'validation'
  | 'test'
  | 'validation_matched'
  | 'validation_mismatched'
  | 'test_matched'
  | 'test_mismatched';

/** Every {@link SplitName}, in a stable order. */
export const SPLIT_NAMES: readonly SplitName[] = [
  'train',
  'validation',
  'test',
  'validation_matched',
  'validation_mismatched',
  'test_matched',
  'test_mismatched',
];

/** Metric values of one evaluation, by metric name, on the 0-1 scale (e.g. `{ f1: 0.9, accuracy: 0.86 }`). */
export type TaskMetrics = Readonly<Record<string, number>>;

/**
 * How HyperFormer (`split_validation_test=true`) re-splits a task; see `loadHyperformerSplit`.
 * - `halve-validation`: small tasks; the official validation set is split by a seeded
 *   permutation into validation (first half) and test (second half).
 * - `hold-out-train`: large tasks; 1,000 training records (seeded) become validation, the
 *   official validation set becomes test.
 * - `mnli`: validation = `validation_mismatched`, test = `validation_matched`.
 * - `official`: the official splits unchanged.
 */
export type HyperformerSplitRule = 'halve-validation' | 'hold-out-train' | 'mnli' | 'official';

/** Scores predicted strings against the examples they were predicted for. */
export type TaskScorer = (predictions: readonly string[], examples: readonly Example[]) => TaskMetrics;

/** Everything needed to define a task; optional fields get the defaults documented on each. */
export interface TaskSpec {
  /** Unique name, conventionally `<benchmark>/<task>`, e.g. `glue/rte`. */
  readonly name: string;
  /** Benchmark the task belongs to, e.g. `glue`, `super_glue`, or your own. */
  readonly benchmark: string;
  /** What the task predicts. */
  readonly kind: TaskKind;
  /** Target strings in class-index order; required for classification tasks. */
  readonly labelWords?: readonly string[];
  /** How scores become target strings; required for regression tasks. */
  readonly regression?: RegressionRule;
  /**
   * The task's splits and the file each has in the native distribution (e.g.
   * `{ train: 'train.tsv', validation: 'dev.tsv', test: 'test.tsv' }`). Hugging Face exports
   * are found by split name instead (`validation.parquet`, `validation-00000-of-00001.parquet`,
   * `validation.jsonl`), so a task with only HF data may leave the file names empty.
   */
  readonly splits: Readonly<Partial<Record<SplitName, string>>>;
  /**
   * Splits the task is evaluated on.
   *
   * @defaultValue `['validation']` if the task has a validation split, else `[]`
   */
  readonly evalSplits?: readonly SplitName[];
  /**
   * How native files are parsed into raw records.
   *
   * @defaultValue `{ kind: 'hf' }` (Hugging Face exports only)
   */
  readonly source?: TaskSource;
  /** T5 text-to-text formatter: one raw record to zero or more examples. */
  readonly format: Formatter;
  /**
   * Metric names, e.g. `['f1', 'accuracy']`. Without a custom `score`, each must be one of
   * `accuracy`, `f1`, `matthews_corrcoef`, `mean_<K>class_f1` (K = number of label words),
   * `pearson_corrcoef`, `spearman_corrcoef`.
   */
  readonly metrics: readonly string[];
  /**
   * Scores predictions; must return exactly the metrics named in `metrics`.
   *
   * @defaultValue computed from `metrics` with T5's post-processing (`scoreWithMetrics`)
   */
  readonly score?: TaskScorer;
  /**
   * The task's single score from its metrics.
   *
   * @defaultValue the mean of the metric values (T5 paper convention)
   */
  readonly taskScore?: (metrics: TaskMetrics) => number;
  /**
   * Longest target in characters (Unicode code points), before EOS. A tokeniser never needs
   * more tokens than characters + 1 for it, so the harness can size decoding from it.
   *
   * @defaultValue the longest label word; the longest grid value for regression; required for span tasks
   */
  readonly maxTargetLength?: number;
  /**
   * Number of training examples T5's formatter yields from the official training set (T5's
   * examples-proportional mixture weight); `undefined` when unknown.
   *
   * @defaultValue `undefined`
   */
  readonly trainExamples?: number;
  /**
   * Rule of HyperFormer's re-split.
   *
   * @defaultValue `'official'`
   */
  readonly hyperformerSplit?: HyperformerSplitRule;
  /**
   * Whether the task counts in its benchmark's default average.
   *
   * @defaultValue `true`
   */
  readonly inBenchmarkAverage?: boolean;
  /**
   * Folder names the task's data conventionally lives in under a benchmark root, e.g.
   * `['RTE', 'rte']`; used by `resolveTaskDir`.
   *
   * @defaultValue `[the part of name after the last '/']`
   */
  readonly folderNames?: readonly string[];
  /**
   * Loads one split's examples from a folder.
   *
   * @defaultValue `loadExamples` (local GLUE TSV, JSONL, HF parquet/JSONL; detected
   *   automatically); for an embedded task, its family's examples (the folder is ignored)
   */
  readonly load?: (dir: string, options: LoadOptions) => AsyncGenerator<Example>;
  /**
   * Other names the task answers to in experiment files and the CLI, e.g. `['rte']` for
   * `glue/rte`. Names and aliases are unique across a registry.
   *
   * @defaultValue `[]`
   */
  readonly aliases?: readonly string[];
  /**
   * The family whose data ships with the library (no folder needed), e.g. the synthetic
   * suite or WordNet; `undefined` for tasks read from a folder.
   *
   * @defaultValue `undefined`
   */
  readonly embedded?: EmbeddedFamily;
}

/**
 * A validated task with every default filled in; build it with {@link defineTask}. Members
 * mean the same as in {@link TaskSpec}.
 */
export interface TaskDefinition {
  /** Unique name, e.g. `glue/rte`. */
  readonly name: string;
  /** Benchmark, e.g. `glue`. */
  readonly benchmark: string;
  /** What the task predicts. */
  readonly kind: TaskKind;
  /** Target strings in class-index order; `undefined` for regression and span tasks. */
  readonly labelWords: readonly string[] | undefined;
  /** The regression rule; `undefined` unless the task is a regression. */
  readonly regression: RegressionRule | undefined;
  /** Native file name of each split the task has. */
  readonly splits: Readonly<Partial<Record<SplitName, string>>>;
  /** Splits the task is evaluated on (MNLI: matched and mismatched validation). */
  readonly evalSplits: readonly SplitName[];
  /** How native files are parsed into raw records. */
  readonly source: TaskSource;
  /** T5 text-to-text formatter. */
  readonly format: Formatter;
  /** Metric names `score` returns. */
  readonly metrics: readonly string[];
  /** Scores predicted strings (invalid predictions count as wrong); values on the 0-1 scale. */
  readonly score: TaskScorer;
  /** The task's single score from its metrics (mean of the metrics by default). */
  readonly taskScore: (metrics: TaskMetrics) => number;
  /** Longest target in characters (Unicode code points), before EOS. */
  readonly maxTargetLength: number;
  /** T5's training example count (mixture weight); `undefined` when unknown. */
  readonly trainExamples: number | undefined;
  /** Rule of HyperFormer's re-split. */
  readonly hyperformerSplit: HyperformerSplitRule;
  /** Whether the task counts in its benchmark's default average. */
  readonly inBenchmarkAverage: boolean;
  /** Conventional folder names of the task's data under a benchmark root. */
  readonly folderNames: readonly string[];
  /** Loads one split's examples from a folder (streaming). */
  readonly load: (dir: string, options: LoadOptions) => AsyncGenerator<Example>;
  /** Other names of the task (short names such as `rte`). */
  readonly aliases: readonly string[];
  /** The embedded family providing the task's data, or `undefined` (data from a folder). */
  readonly embedded: EmbeddedFamily | undefined;
}
