/**
 * The six WordNet tasks as data: what each tests, how its examples are made, its label
 * words, metrics and input fields.
 *
 * Budget: `wn-lexname` and `wn-pos` are learnable by tiny models trained from scratch. The
 * four relation tasks (`wn-hypernym`, `wn-synonym`, `wn-antonym`, `wn-defines`) need word
 * knowledge that a tiny word-level model does not have: they stayed at chance in 600-1,500
 * training steps, so use them with bigger budgets or pretrained backbones.
 *
 * @packageDocumentation
 */
import { WORDNET_LEXNAMES } from './lexnames';
import type { WordnetPartOfSpeech } from './types';

/** Names of the WordNet tasks (also their optional input prefixes). */
export const WORDNET_TASK_NAMES = Object.freeze([
  'wn-lexname',
  'wn-pos',
  'wn-hypernym',
  'wn-synonym',
  'wn-antonym',
  'wn-defines',
] as const);

/** One of {@link WORDNET_TASK_NAMES}. */
export type WordnetTaskName = (typeof WORDNET_TASK_NAMES)[number];

/** Metric names the WordNet tasks use (as the synthetic suite names them). */
export type WordnetMetricName = 'accuracy' | 'f1';

/** Everything about a WordNet task except its examples. */
export interface WordnetTaskInfo {
  /** The task name, also the input prefix with `includeTaskPrefix`, e.g. `wn-lexname`. */
  readonly name: WordnetTaskName;
  /** Every target is one of the label words. */
  readonly kind: 'classification';
  /** Label words in class-index order: lower-case single words without whitespace. */
  readonly labelWords: readonly string[];
  /** Metric names: `accuracy` for the multi-class tasks, `f1` (of `yes`) and `accuracy` for the yes/no tasks. */
  readonly metrics: readonly WordnetMetricName[];
  /** Input field names in the order they appear (alphabetical, as T5 formats GLUE). */
  readonly featureKeys: readonly string[];
  /**
   * Longest target in words (tokens of a word-level tokenizer), EOS not included: 1, every
   * target is one label word (the synthetic suite's `maxTargetLength` counts EOS, 2).
   */
  readonly maxTargetLength: number;
  /** What the task tests. */
  readonly tests: string;
  /** How its examples are made. */
  readonly generation: string;
  /** The training budget the task needs to rise above chance. */
  readonly budget: string;
}

/** The `wn-pos` label words, in class-index order. */
export const WORDNET_POS_LABELS: readonly WordnetPartOfSpeech[] = Object.freeze([
  'noun',
  'verb',
  'adjective',
  'adverb',
]);

/** The `wn-lexname` label words: {@link WORDNET_LEXNAMES} lower-cased, in `lex_filenum` order. */
export const WORDNET_LEXNAME_LABELS: readonly string[] = Object.freeze(
  WORDNET_LEXNAMES.map((n) => n.toLowerCase()),
);

/** The label words of the yes/no tasks: class 0 `no`, class 1 `yes`. */
export const WORDNET_YES_NO: readonly string[] = Object.freeze(['no', 'yes']);

const SMALL_BUDGET = 'Learnable by tiny models trained from scratch (the definition words carry the class).';
const LARGE_BUDGET =
  'Needs word knowledge: tiny models stayed at chance in 600-1,500 training steps; use bigger budgets or pretrained backbones.';
const SPLIT_RULE =
  'Each example belongs to the split of its synset (stable hash, 80/10/10), distractors come from synsets of the same split and part of speech, and the split is ordered by hash; each synset yields a positive and a negative next to each other, so every even-length prefix is balanced.';

const yesNo = (
  name: WordnetTaskName,
  featureKeys: readonly string[],
  tests: string,
  generation: string,
): WordnetTaskInfo => ({
  name,
  kind: 'classification',
  labelWords: WORDNET_YES_NO,
  metrics: ['f1', 'accuracy'],
  featureKeys,
  maxTargetLength: 1,
  tests,
  generation: `${generation} ${SPLIT_RULE}`,
  budget: LARGE_BUDGET,
});

/** Every WordNet task, by name. */
export const WORDNET_TASK_INFO: Readonly<Record<WordnetTaskName, WordnetTaskInfo>> = Object.freeze({
  'wn-lexname': {
    name: 'wn-lexname',
    kind: 'classification',
    labelWords: WORDNET_LEXNAME_LABELS,
    metrics: ['accuracy'],
    featureKeys: ['definition'],
    maxTargetLength: 1,
    tests:
      'Topic classification into 45 classes: the lexicographer file (noun.animal, verb.motion, ...) of a definition.',
    generation:
      'One example per synset with a definition: `definition: <normalised definition>` -> its lower-cased lexname. Natural (unbalanced) class distribution; split by synset hash, ordered by hash.',
    budget: SMALL_BUDGET,
  },
  'wn-pos': {
    name: 'wn-pos',
    kind: 'classification',
    labelWords: WORDNET_POS_LABELS,
    metrics: ['accuracy'],
    featureKeys: ['definition'],
    maxTargetLength: 1,
    tests:
      'Which part of speech a definition defines, from its form (`a ...` nouns, `to ...`-like verbs, `in a ... manner` adverbs).',
    generation:
      'One example per synset with a definition: `definition: <normalised definition>` -> noun, verb, adjective (satellites included) or adverb. Natural class distribution (about 70 % nouns); split by synset hash, ordered by hash.',
    budget: SMALL_BUDGET,
  },
  'wn-hypernym': yesNo(
    'wn-hypernym',
    ['word1', 'word2'],
    'Is word2 a direct hypernym (`@`) of word1, e.g. (dog, canine) -> yes.',
    "Positive: a word of a synset with a hypernym pointer and a word of that hypernym (pointer and words picked by hash). Negative: the same word1 with the word2 of another synset's positive, rejected while it names any transitive hypernym (`@`, `@i`) of any sense of word1.",
  ),
  'wn-synonym': yesNo(
    'wn-synonym',
    ['word1', 'word2'],
    'Do the two words share a synset (synonyms in some sense), e.g. (car, automobile) -> yes.',
    "Positive: two distinct words of a synset with at least two (picked by hash). Negative: the same word1 with the word2 of another synset's positive, rejected while the two words share any synset.",
  ),
  'wn-antonym': yesNo(
    'wn-antonym',
    ['word1', 'word2'],
    'Is there an antonym pointer (`!`) between the words, e.g. (able, unable) -> yes.',
    'Positive: the two words of an antonym pointer, each pair once (under the smaller of the two synset keys; word order by hash). Negative: the same word1 with the word2 of another positive, rejected while the words are antonyms in any sense.',
  ),
  'wn-defines': yesNo(
    'wn-defines',
    ['definition', 'word'],
    'Does the definition define (a sense of) the word, e.g. (`a member of the genus canis`, dog) -> yes.',
    'Positive: a word of a synset with a definition (picked by hash) and that definition. Negative: the same word with the definition of another synset, rejected while the word belongs to that synset or to one with the same normalised definition.',
  ),
});

/** The description of every WordNet task, in {@link WORDNET_TASK_NAMES} order. */
export const WORDNET_TASKS: readonly WordnetTaskInfo[] = Object.freeze(
  WORDNET_TASK_NAMES.map((name) => WORDNET_TASK_INFO[name]),
);
