/**
 * The SuperGLUE tasks with T5's official formats, label words and metrics. Native files are
 * SuperGLUE's `train.jsonl`, `val.jsonl`, `test.jsonl` per task (converted to TFDS/HF records
 * by the loaders); HF `super_glue` exports are read too.
 *
 * | task | input | targets | metrics |
 * |---|---|---|---|
 * | BoolQ | `boolq passage: ... question: ...` | `False`, `True` | accuracy |
 * | CB | `cb hypothesis: ... premise: ...` | `entailment`, `contradiction`, `neutral` | mean 3-class F1, accuracy |
 * | COPA | `copa choice1: ... choice2: ... premise: ... question: cause` | `choice1`, `choice2` | accuracy |
 * | MultiRC | `multirc question: ... answer: ... paragraph: ...` | `False`, `True` | F1a, exact match per question |
 * | ReCoRD | `record query: ... entities: ... passage: ...` | an answer entity | EM, F1 (max over answers) |
 * | RTE | `rte hypothesis: ... premise: ...` | `entailment`, `not_entailment` | accuracy |
 * | WiC | `wic sentence1: ... sentence2: ... word: ...` | `False`, `True` | accuracy |
 * | WSC | `wsc: ... *pronoun* ...` (`wsc_simple`) | the candidate referent | accuracy (`wsc_simple` post-processor) |
 *
 * @packageDocumentation
 */
import { formatMultirc, formatRecord, formatWscSimple, t5ClassificationFormatter } from '../formats';
import { flatSuperGlueSource, MULTIRC_SOURCE, RECORD_SOURCE, type TaskSource } from '../loaders';
import { MULTIRC_LABEL_WORDS } from '../metrics';
import { defineTask } from './define-task';
import { scoreMultirc, scoreRecord, scoreWsc } from './scoring';
import type { HyperformerSplitRule, TaskDefinition } from './types';

const SPLITS = { train: 'train.jsonl', validation: 'val.jsonl', test: 'test.jsonl' } as const;
const BOOLEAN_WORDS: readonly string[] = ['False', 'True'];

interface SuperGlueClassification {
  readonly task: string;
  readonly labelWords: readonly string[];
  readonly features: readonly string[];
  readonly order?: 'fixed';
  readonly source: TaskSource;
  readonly metrics: readonly string[];
  readonly trainExamples: number;
  readonly folders: readonly string[];
  readonly hyperformerSplit: HyperformerSplitRule;
}

function superGlueClassification(spec: SuperGlueClassification): TaskDefinition {
  return defineTask({
    name: `super_glue/${spec.task}`,
    benchmark: 'super_glue',
    kind: 'classification',
    labelWords: spec.labelWords,
    splits: SPLITS,
    source: spec.source,
    format: t5ClassificationFormatter({
      prefix: spec.task,
      labelWords: spec.labelWords,
      features: spec.features,
      order: spec.order ?? 'alphabetical',
    }),
    metrics: spec.metrics,
    trainExamples: spec.trainExamples,
    hyperformerSplit: spec.hyperformerSplit,
    folderNames: spec.folders,
    // `rte` already names GLUE's RTE; SuperGLUE's is `superglue-rte` for short.
    aliases: [spec.task === 'rte' ? 'superglue-rte' : spec.task],
  });
}

/** BoolQ: `boolq passage: ... question: ...` -> `False` / `True`; accuracy. */
export const BOOLQ: TaskDefinition = superGlueClassification({
  task: 'boolq',
  labelWords: BOOLEAN_WORDS,
  features: ['question', 'passage'],
  source: flatSuperGlueSource(['question', 'passage'], 'boolean'),
  metrics: ['accuracy'],
  trainExamples: 9427,
  folders: ['BoolQ', 'boolq'],
  hyperformerSplit: 'halve-validation',
});

const CB_WORDS: readonly string[] = ['entailment', 'contradiction', 'neutral'];

/** CB: `cb hypothesis: ... premise: ...` -> `entailment` / `contradiction` / `neutral`; mean 3-class F1 and accuracy. */
export const CB: TaskDefinition = superGlueClassification({
  task: 'cb',
  labelWords: CB_WORDS,
  features: ['premise', 'hypothesis'],
  source: flatSuperGlueSource(['premise', 'hypothesis'], CB_WORDS),
  metrics: ['mean_3class_f1', 'accuracy'],
  trainExamples: 250,
  folders: ['CB', 'cb'],
  hyperformerSplit: 'halve-validation',
});

/** COPA: `copa choice1: ... choice2: ... premise: ... question: cause|effect` -> `choice1` / `choice2`; accuracy. */
export const COPA: TaskDefinition = superGlueClassification({
  task: 'copa',
  labelWords: ['choice1', 'choice2'],
  features: ['premise', 'choice1', 'choice2', 'question'],
  source: flatSuperGlueSource(['premise', 'choice1', 'choice2', 'question'], 'index'),
  metrics: ['accuracy'],
  trainExamples: 400,
  folders: ['COPA', 'copa'],
  hyperformerSplit: 'halve-validation',
});

/** MultiRC: one example per (question, answer); `False` / `True`; F1a and exact match per question. */
export const MULTIRC: TaskDefinition = defineTask({
  name: 'super_glue/multirc',
  aliases: ['multirc'],
  benchmark: 'super_glue',
  kind: 'classification',
  labelWords: MULTIRC_LABEL_WORDS,
  splits: SPLITS,
  source: MULTIRC_SOURCE,
  format: formatMultirc,
  metrics: ['f1a', 'exact_match'],
  score: scoreMultirc,
  trainExamples: 27243,
  hyperformerSplit: 'hold-out-train',
  folderNames: ['MultiRC', 'multirc'],
});

/** ReCoRD: the answer entity; one training example per answer; EM and F1 (max over answers, per query). */
export const RECORD: TaskDefinition = defineTask({
  name: 'super_glue/record',
  aliases: ['record'],
  benchmark: 'super_glue',
  kind: 'span',
  splits: SPLITS,
  source: RECORD_SOURCE,
  format: formatRecord,
  metrics: ['em', 'f1'],
  score: scoreRecord,
  maxTargetLength: 128,
  trainExamples: 138854,
  hyperformerSplit: 'hold-out-train',
  folderNames: ['ReCoRD', 'record'],
});

const RTE_WORDS: readonly string[] = ['entailment', 'not_entailment'];

/** RTE (SuperGLUE): `rte hypothesis: ... premise: ...` -> `entailment` / `not_entailment`; accuracy. */
export const SUPERGLUE_RTE: TaskDefinition = superGlueClassification({
  task: 'rte',
  labelWords: RTE_WORDS,
  features: ['premise', 'hypothesis'],
  source: flatSuperGlueSource(['premise', 'hypothesis'], RTE_WORDS),
  metrics: ['accuracy'],
  trainExamples: 2490,
  folders: ['RTE', 'rte'],
  hyperformerSplit: 'halve-validation',
});

const WIC_FEATURES = ['word', 'sentence1', 'sentence2', 'start1', 'start2', 'end1', 'end2'];

/** WiC: `wic sentence1: ... sentence2: ... word: ...` (fixed order) -> `False` / `True`; accuracy. */
export const WIC: TaskDefinition = superGlueClassification({
  task: 'wic',
  labelWords: BOOLEAN_WORDS,
  features: ['sentence1', 'sentence2', 'word'],
  order: 'fixed',
  source: flatSuperGlueSource(WIC_FEATURES, 'boolean'),
  metrics: ['accuracy'],
  trainExamples: 5428,
  folders: ['WiC', 'wic'],
  hyperformerSplit: 'halve-validation',
});

const WSC_FEATURES = ['text', 'span1_index', 'span2_index', 'span1_text', 'span2_text'];

/** WSC as T5's `wsc_simple`: `wsc: ... *pronoun* ...` -> the candidate referent; accuracy. */
export const WSC: TaskDefinition = defineTask({
  name: 'super_glue/wsc',
  aliases: ['wsc'],
  benchmark: 'super_glue',
  kind: 'span',
  splits: SPLITS,
  source: flatSuperGlueSource(WSC_FEATURES, 'boolean'),
  format: formatWscSimple,
  metrics: ['accuracy'],
  score: scoreWsc,
  maxTargetLength: 128,
  trainExamples: 259,
  hyperformerSplit: 'halve-validation',
  folderNames: ['WSC', 'wsc.fixed', 'wsc'],
});

/** Every SuperGLUE task, in the SuperGLUE order. */
export const SUPERGLUE_TASKS: readonly TaskDefinition[] = [
  BOOLQ,
  CB,
  COPA,
  MULTIRC,
  RECORD,
  SUPERGLUE_RTE,
  WIC,
  WSC,
];
