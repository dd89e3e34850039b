/**
 * The synthetic tasks as data: what each tests, how it is generated, its GLUE
 * analogue, label words, metrics and input fields.
 *
 * @packageDocumentation
 */
import { SYNTHETIC_TASK_NAMES, type SyntheticTaskName } from './config';
import { NLI_SOURCE } from './source-nli';
import type { InputSource } from './source';
import { PARAPHRASE_SOURCE, SIMILARITY_SOURCE, similarityScore, SUBJECT_MATCH_SOURCE } from './sources-pair';
import { ROLES_SOURCE, WARM_COLORS } from './source-roles';
import { GRAMMAR_SOURCE, SENTIMENT_SOURCE } from './sources-single';

/** Metric names the synthetic tasks use (the registry maps them to metric functions). */
export type SyntheticMetricName = 'accuracy' | 'f1' | 'mcc' | 'pearson' | 'spearman';

/** Everything about a synthetic task except its examples. */
export interface SyntheticTaskInfo {
  /** The task name, also the input prefix, e.g. `syn-sentiment`. */
  readonly name: SyntheticTaskName;
  /** The GLUE task it mirrors, e.g. `sst2`. */
  readonly glueAnalogue: string;
  /** `classification` (targets are label words) or `regression` (targets are scores). */
  readonly kind: 'classification' | 'regression';
  /** Label words in class-index order; empty for regression. */
  readonly labelWords: readonly string[];
  /** Metrics in T5's order for the analogous GLUE task. */
  readonly metrics: readonly SyntheticMetricName[];
  /** Input field names in the order they appear (alphabetical, as T5 formats GLUE). */
  readonly featureKeys: readonly string[];
  /**
   * Longest target in tokens of the suite's word-level tokenizer, EOS included (every
   * target is one word).
   */
  readonly maxTargetLength: number;
  /** Id of the input generator; tasks with the same id have identical inputs. */
  readonly inputSource: string;
  /** What the task tests. */
  readonly tests: string;
  /** How its examples are generated. */
  readonly generation: string;
}

/** A task's generator and labelling rule, beside its public description. */
export interface SyntheticTaskDefinition {
  /** The public description. */
  readonly info: SyntheticTaskInfo;
  /** The input generator. */
  readonly source: InputSource;
  /** The label of a stratum: class index, or score for regression. */
  readonly labelOf: (stratum: number) => number;
}

const MATCH_GENERATION =
  'Two active-voice scenes whose subjects independently have the same colour or not and are the same animal or not (each 50 %); the other slots are drawn independently. syn-color-match and syn-animal-match share exactly these inputs.';

/** Every synthetic task's generator and labelling rule, by name (internal to the suite builder). */
export const SYNTHETIC_GENERATORS: Readonly<Record<SyntheticTaskName, SyntheticTaskDefinition>> = {
  'syn-sentiment': {
    info: {
      name: 'syn-sentiment',
      glueAnalogue: 'sst2',
      kind: 'classification',
      labelWords: ['negative', 'positive'],
      metrics: ['accuracy'],
      featureKeys: ['sentence'],
      maxTargetLength: 2,
      inputSource: SENTIMENT_SOURCE.id,
      tests:
        'Single-sentence classification: word polarity, negation scope and counting (majority of the adjective phrases).',
      generation:
        'An animal noun phrase, `is`, an odd number (up to maxClauses) of adjective phrases `[not|never] [very|...] <adjective>` joined by and/but, an optional place. Label: sign of the summed polarities, a negator flipping its adjective.',
    },
    source: SENTIMENT_SOURCE,
    labelOf: (s) => s,
  },
  'syn-grammar': {
    info: {
      name: 'syn-grammar',
      glueAnalogue: 'cola',
      kind: 'classification',
      labelWords: ['unacceptable', 'acceptable'],
      metrics: ['mcc'],
      featureKeys: ['sentence'],
      maxTargetLength: 2,
      inputSource: GRAMMAR_SOURCE.id,
      tests: 'Acceptability: number agreement between determiner, noun and verb, and word order.',
      generation:
        'A subject (singular with the/a or plural with the/two..nine), the agreeing verb form, an object, an optional place. Unacceptable sentences carry one corruption: broken subject-verb agreement, a determiner of the wrong number, the colour after the noun, or no verb.',
    },
    source: GRAMMAR_SOURCE,
    labelOf: (s) => s,
  },
  'syn-paraphrase': {
    info: {
      name: 'syn-paraphrase',
      glueAnalogue: 'mrpc',
      kind: 'classification',
      labelWords: ['not_equivalent', 'equivalent'],
      metrics: ['f1', 'accuracy'],
      featureKeys: ['sentence1', 'sentence2'],
      maxTargetLength: 2,
      inputSource: PARAPHRASE_SOURCE.id,
      tests:
        'Sentence-pair meaning equality through surface variation: active/passive voice, synonyms, place position, determiners.',
      generation:
        'Two surface forms of one scene (equivalent), or of a scene and a copy with one said slot changed or subject and object exchanged (not equivalent).',
    },
    source: PARAPHRASE_SOURCE,
    labelOf: (s) => s,
  },
  'syn-similarity': {
    info: {
      name: 'syn-similarity',
      glueAnalogue: 'stsb',
      kind: 'regression',
      labelWords: [],
      metrics: ['pearson', 'spearman'],
      featureKeys: ['sentence1', 'sentence2'],
      maxTargetLength: 2,
      inputSource: SIMILARITY_SOURCE.id,
      tests:
        'Graded similarity (regression): how many of the 8 meaning slots two scenes share, whatever their surface forms.',
      generation:
        'A scene and a copy with m distinct slots changed (m uniform in 0..8; sizes and place may appear or disappear), both in free surface forms. Score 5 * (8 - m) / 8 (train: plus Gaussian noise, clipped to [0, 5]); target: the score rounded to the 0.2 grid with one decimal, as T5 formats STS-B.',
    },
    source: SIMILARITY_SOURCE,
    labelOf: similarityScore,
  },
  'syn-nli': {
    info: {
      name: 'syn-nli',
      glueAnalogue: 'mnli',
      kind: 'classification',
      labelWords: ['entailment', 'neutral', 'contradiction'],
      metrics: ['accuracy'],
      featureKeys: ['hypothesis', 'premise'],
      maxTargetLength: 2,
      inputSource: NLI_SOURCE.id,
      tests:
        '3-way inference: binding attributes to the right animal across clauses, and telling "not said" from "said otherwise".',
      generation:
        'Premise: 1..maxClauses clauses `<det> [size] [colour] <animal> is in the <place>` about distinct animals. Hypothesis `the <animal> is <size|colour>` or `... is in the <place>`: entailment if the premise says that value, contradiction if it says another, neutral if the animal or that attribute is not mentioned.',
    },
    source: NLI_SOURCE,
    labelOf: (s) => s,
  },
  'syn-color-match': {
    info: {
      name: 'syn-color-match',
      glueAnalogue: 'qqp',
      kind: 'classification',
      labelWords: ['no', 'yes'],
      metrics: ['f1', 'accuracy'],
      featureKeys: ['sentence1', 'sentence2'],
      maxTargetLength: 2,
      inputSource: SUBJECT_MATCH_SOURCE.id,
      tests:
        'Conflicts with syn-animal-match: same inputs, another rule (yes iff the two subjects have the same colour). Without the task prefix, only task conditioning tells the two apart.',
      generation: MATCH_GENERATION,
    },
    source: SUBJECT_MATCH_SOURCE,
    labelOf: (s) => s & 1,
  },
  'syn-animal-match': {
    info: {
      name: 'syn-animal-match',
      glueAnalogue: 'qqp',
      kind: 'classification',
      labelWords: ['no', 'yes'],
      metrics: ['f1', 'accuracy'],
      featureKeys: ['sentence1', 'sentence2'],
      maxTargetLength: 2,
      inputSource: SUBJECT_MATCH_SOURCE.id,
      tests:
        'Conflicts with syn-color-match: same inputs, another rule (yes iff the two subjects are the same animal); the labels of the two tasks disagree on half of the inputs.',
      generation: MATCH_GENERATION,
    },
    source: SUBJECT_MATCH_SOURCE,
    labelOf: (s) => (s >> 1) & 1,
  },
  'syn-sentiment-inverse': {
    info: {
      name: 'syn-sentiment-inverse',
      glueAnalogue: 'sst2',
      kind: 'classification',
      labelWords: ['negative', 'positive'],
      metrics: ['accuracy'],
      featureKeys: ['sentence'],
      maxTargetLength: 2,
      inputSource: SENTIMENT_SOURCE.id,
      tests:
        'Conflicts with syn-sentiment: the same inputs and label words, every label inverted. Without a task signal (prefix, prompt, adapter) a model can be right on at most one of the two for each input, about 50 % on the pair.',
      generation: 'The inputs of syn-sentiment; label: the opposite of its label.',
    },
    source: SENTIMENT_SOURCE,
    labelOf: (s) => 1 - s,
  },
  'syn-is-positive': {
    info: {
      name: 'syn-is-positive',
      glueAnalogue: 'sst2',
      kind: 'classification',
      labelWords: ['no', 'yes'],
      metrics: ['accuracy'],
      featureKeys: ['sentence'],
      maxTargetLength: 2,
      inputSource: SENTIMENT_SOURCE.id,
      tests:
        'The shared skill of the sentiment group: the inputs of syn-sentiment, asked with other label words (yes iff positive). It does not conflict with the pair, so a model without task signal learns it too and must compute the sentiment, which task conditioning can then route (keep or invert) for syn-sentiment and syn-sentiment-inverse.',
      generation: 'The inputs of syn-sentiment; label: yes iff its label is positive.',
    },
    source: SENTIMENT_SOURCE,
    labelOf: (s) => s,
  },
  'syn-subject-warm': {
    info: {
      name: 'syn-subject-warm',
      glueAnalogue: 'sst2',
      kind: 'classification',
      labelWords: ['no', 'yes'],
      metrics: ['accuracy'],
      featureKeys: ['sentence'],
      maxTargetLength: 2,
      inputSource: ROLES_SOURCE.id,
      tests:
        'Conflicts with syn-object-warm: same inputs and label words, another noun phrase asked about. Easy on its own (a colour word in a fixed role); the two labels disagree on half of the inputs.',
      generation: `An active-voice scene \`<subject> <verb> <object> [in the <place>]\`; yes iff the subject's colour is warm (${WARM_COLORS.join(', ')}). Warm subject and warm object are independent, each 50 %.`,
    },
    source: ROLES_SOURCE,
    labelOf: (s) => s & 1,
  },
  'syn-object-warm': {
    info: {
      name: 'syn-object-warm',
      glueAnalogue: 'sst2',
      kind: 'classification',
      labelWords: ['no', 'yes'],
      metrics: ['accuracy'],
      featureKeys: ['sentence'],
      maxTargetLength: 2,
      inputSource: ROLES_SOURCE.id,
      tests: "Conflicts with syn-subject-warm: the same inputs, yes iff the object's colour is warm.",
      generation: "The inputs of syn-subject-warm; label: whether the object's colour is warm.",
    },
    source: ROLES_SOURCE,
    labelOf: (s) => (s >> 1) & 1,
  },
};

/** The description of every synthetic task, in {@link SYNTHETIC_TASK_NAMES} order. */
export const SYNTHETIC_TASKS: readonly SyntheticTaskInfo[] = SYNTHETIC_TASK_NAMES.map(
  (name) => SYNTHETIC_GENERATORS[name].info,
);
