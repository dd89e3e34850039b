/**
 * The GLUE tasks with T5's official formats, label words and metrics, and the column layouts
 * of the files distributed by the GLUE site (cross-checked against the GLUE processors of
 * `transformers` and the TFDS `glue` builder):
 *
 * | task | train / dev columns used | test | quirks |
 * |---|---|---|---|
 * | CoLA | no header, 4 columns: source, label, original label, sentence | header `index sentence` | train/dev are the only headerless files |
 * | SST-2 | `sentence label` | `index sentence` | |
 * | MRPC | `Quality #1 ID #2 ID #1 String #2 String` | `index #1 ID ...` | |
 * | QQP | `id qid1 qid2 question1 question2 is_duplicate` | `id question1 question2` | some rows have the wrong number of fields: skipped with a counted warning (as TFDS and `transformers` skip them) |
 * | STS-B | `index genre filename year old_index source1 source2 sentence1 sentence2 score` | same without `score` | float scores |
 * | MNLI | 12 (train) / 16 (dev) columns; `sentence1` = premise, `sentence2` = hypothesis, `gold_label` | 10 columns | `dev_matched.tsv`, `dev_mismatched.tsv`, `test_matched.tsv`, `test_mismatched.tsv` |
 * | QNLI, RTE, WNLI | `index <text columns> label` | without `label` | QNLI/RTE labels are words, WNLI's 0/1 |
 *
 * @packageDocumentation
 */
import { STSB_RULE, t5ClassificationFormatter, t5RegressionFormatter } from '../formats';
import type { TsvLayout } from '../loaders';
import { defineTask } from './define-task';
import type { HyperformerSplitRule, SplitName, TaskDefinition } from './types';

const SPLITS = { train: 'train.tsv', validation: 'dev.tsv', test: 'test.tsv' } as const;

/** A headered TSV layout with feature -> column names and an optional label column. */
const headered = (columns: Record<string, string>, label?: string): TsvLayout =>
  label === undefined ? { header: true, columns } : { header: true, columns, label };

/** The same layout for train and dev (labelled) and test (unlabelled). */
function labelledAndTest(
  columns: Record<string, string>,
  label: string,
): Partial<Record<SplitName, TsvLayout>> {
  return { train: headered(columns, label), validation: headered(columns, label), test: headered(columns) };
}

interface GlueClassification {
  readonly task: string;
  readonly labelWords: readonly string[];
  readonly features: readonly string[];
  readonly layouts: Partial<Record<SplitName, TsvLayout>>;
  readonly metrics: readonly string[];
  readonly trainExamples: number;
  readonly folder: string;
  readonly hyperformerSplit: HyperformerSplitRule;
}

function glueClassification(spec: GlueClassification): TaskDefinition {
  return defineTask({
    name: `glue/${spec.task}`,
    benchmark: 'glue',
    kind: 'classification',
    labelWords: spec.labelWords,
    splits: SPLITS,
    source: { kind: 'tsv', layouts: spec.layouts, malformedRows: spec.task === 'qqp' ? 'skip' : 'error' },
    format: t5ClassificationFormatter({
      prefix: spec.task,
      labelWords: spec.labelWords,
      features: spec.features,
    }),
    metrics: spec.metrics,
    trainExamples: spec.trainExamples,
    hyperformerSplit: spec.hyperformerSplit,
    inBenchmarkAverage: spec.task !== 'wnli',
    folderNames: [spec.folder, spec.task],
    aliases: [spec.task],
  });
}

const PAIR = { sentence1: 'sentence1', sentence2: 'sentence2' };

/** CoLA: `cola sentence: ...` -> `unacceptable` / `acceptable`; Matthews correlation. */
export const COLA: TaskDefinition = glueClassification({
  task: 'cola',
  labelWords: ['unacceptable', 'acceptable'],
  features: ['sentence'],
  layouts: {
    train: { header: false, columnCount: 4, columns: { sentence: 3 }, label: 1 },
    validation: { header: false, columnCount: 4, columns: { sentence: 3 }, label: 1 },
    test: headered({ sentence: 'sentence' }),
  },
  metrics: ['matthews_corrcoef'],
  trainExamples: 8551,
  folder: 'CoLA',
  hyperformerSplit: 'halve-validation',
});

/** SST-2: `sst2 sentence: ...` -> `negative` / `positive`; accuracy. */
export const SST2: TaskDefinition = glueClassification({
  task: 'sst2',
  labelWords: ['negative', 'positive'],
  features: ['sentence'],
  layouts: labelledAndTest({ sentence: 'sentence' }, 'label'),
  metrics: ['accuracy'],
  trainExamples: 67349,
  folder: 'SST-2',
  hyperformerSplit: 'hold-out-train',
});

/** MRPC: `mrpc sentence1: ... sentence2: ...` -> `not_equivalent` / `equivalent`; F1 and accuracy. */
export const MRPC: TaskDefinition = glueClassification({
  task: 'mrpc',
  labelWords: ['not_equivalent', 'equivalent'],
  features: ['sentence1', 'sentence2'],
  layouts: labelledAndTest({ sentence1: '#1 String', sentence2: '#2 String' }, 'Quality'),
  metrics: ['f1', 'accuracy'],
  trainExamples: 3668,
  folder: 'MRPC',
  hyperformerSplit: 'halve-validation',
});

/** QQP: `qqp question1: ... question2: ...` -> `not_duplicate` / `duplicate`; F1 and accuracy. */
export const QQP: TaskDefinition = glueClassification({
  task: 'qqp',
  labelWords: ['not_duplicate', 'duplicate'],
  features: ['question1', 'question2'],
  layouts: labelledAndTest({ question1: 'question1', question2: 'question2' }, 'is_duplicate'),
  metrics: ['f1', 'accuracy'],
  trainExamples: 363849,
  folder: 'QQP',
  hyperformerSplit: 'hold-out-train',
});

/** STS-B: `stsb sentence1: ... sentence2: ...` -> score rounded to the 0.2 grid, e.g. `"3.8"`; Pearson and Spearman. */
export const STSB: TaskDefinition = defineTask({
  name: 'glue/stsb',
  aliases: ['stsb'],
  benchmark: 'glue',
  kind: 'regression',
  regression: STSB_RULE,
  splits: SPLITS,
  source: { kind: 'tsv', layouts: labelledAndTest(PAIR, 'score') },
  format: t5RegressionFormatter({ prefix: 'stsb', features: ['sentence1', 'sentence2'], rule: STSB_RULE }),
  metrics: ['pearson_corrcoef', 'spearman_corrcoef'],
  trainExamples: 5749,
  hyperformerSplit: 'halve-validation',
  folderNames: ['STS-B', 'stsb'],
});

const MNLI_COLUMNS = { premise: 'sentence1', hypothesis: 'sentence2' };

/**
 * MNLI: `mnli hypothesis: ... premise: ...` (alphabetical) -> `entailment` / `neutral` /
 * `contradiction`; accuracy on `validation_matched` and `validation_mismatched`.
 */
export const MNLI: TaskDefinition = defineTask({
  name: 'glue/mnli',
  aliases: ['mnli'],
  benchmark: 'glue',
  kind: 'classification',
  labelWords: ['entailment', 'neutral', 'contradiction'],
  splits: {
    train: 'train.tsv',
    validation_matched: 'dev_matched.tsv',
    validation_mismatched: 'dev_mismatched.tsv',
    test_matched: 'test_matched.tsv',
    test_mismatched: 'test_mismatched.tsv',
  },
  evalSplits: ['validation_matched', 'validation_mismatched'],
  source: {
    kind: 'tsv',
    layouts: {
      train: headered(MNLI_COLUMNS, 'gold_label'),
      validation_matched: headered(MNLI_COLUMNS, 'gold_label'),
      validation_mismatched: headered(MNLI_COLUMNS, 'gold_label'),
      test_matched: headered(MNLI_COLUMNS),
      test_mismatched: headered(MNLI_COLUMNS),
    },
  },
  format: t5ClassificationFormatter({
    prefix: 'mnli',
    labelWords: ['entailment', 'neutral', 'contradiction'],
    features: ['premise', 'hypothesis'],
  }),
  metrics: ['accuracy'],
  trainExamples: 392702,
  hyperformerSplit: 'mnli',
  folderNames: ['MNLI', 'mnli'],
});

/** QNLI: `qnli question: ... sentence: ...` -> `entailment` / `not_entailment`; accuracy. */
export const QNLI: TaskDefinition = glueClassification({
  task: 'qnli',
  labelWords: ['entailment', 'not_entailment'],
  features: ['question', 'sentence'],
  layouts: labelledAndTest({ question: 'question', sentence: 'sentence' }, 'label'),
  metrics: ['accuracy'],
  trainExamples: 104743,
  folder: 'QNLI',
  hyperformerSplit: 'hold-out-train',
});

/** RTE (GLUE): `rte sentence1: ... sentence2: ...` -> `entailment` / `not_entailment`; accuracy. */
export const GLUE_RTE: TaskDefinition = glueClassification({
  task: 'rte',
  labelWords: ['entailment', 'not_entailment'],
  features: ['sentence1', 'sentence2'],
  layouts: labelledAndTest(PAIR, 'label'),
  metrics: ['accuracy'],
  trainExamples: 2490,
  folder: 'RTE',
  hyperformerSplit: 'halve-validation',
});

/**
 * WNLI: `wnli sentence1: ... sentence2: ...` -> `not_entailment` / `entailment`; accuracy. Not
 * in the default GLUE average (T5 and HyperPrompt leave it out).
 */
export const WNLI: TaskDefinition = glueClassification({
  task: 'wnli',
  labelWords: ['not_entailment', 'entailment'],
  features: ['sentence1', 'sentence2'],
  layouts: labelledAndTest(PAIR, 'label'),
  metrics: ['accuracy'],
  trainExamples: 635,
  folder: 'WNLI',
  hyperformerSplit: 'halve-validation',
});

/** Every GLUE task, in the GLUE order. */
export const GLUE_TASKS: readonly TaskDefinition[] = [
  COLA,
  SST2,
  MRPC,
  QQP,
  STSB,
  MNLI,
  QNLI,
  GLUE_RTE,
  WNLI,
];
