/**
 * A word-level vocabulary for the WordNet tasks: the words of the normalised training
 * inputs of all six tasks, most frequent first, plus the words every run needs (label words,
 * `key:` field words, task names).
 *
 * Frequency is counted over the distinct field texts (definitions and words) of the
 * training inputs, each text once, so that a definition used by four tasks, or a word in a
 * positive and a negative, is not counted four times. The negatives reuse the field texts
 * of their split's positives, so the words and counts do not depend on the seed. Feed it to
 * `@hyperprompt/t5`'s `WordLevelTokenizer.fromVocabulary`; words are lower-case, distinct,
 * without whitespace, and none starts with `##` (punctuation is split off by normalisation).
 *
 * @packageDocumentation
 */
import { ConfigError, rejectUnknownKeys } from '@hyperprompt/core';
import { readWordnet } from './read';
import { WORDNET_TASK_NAMES, WORDNET_TASKS } from './task-info';
import { labelUnitsOf, pairUnitsOf } from './units';

/** Options of {@link wordnetVocabulary}. */
export interface WordnetVocabularyOptions {
  /**
   * Largest number of words (an integer ≥ the number of required words): the required
   * words, then the most frequent others. @defaultValue no limit
   */
  readonly maxWords?: number;
  /**
   * Keep only words seen at least this many times (see {@link wordnetTrainWordCounts}; an integer ≥ 1);
   * required words are kept whatever their count. @defaultValue `1`
   */
  readonly minCount?: number;
}

/**
 * The words every WordNet run needs, whatever their counts: the label words of every task,
 * the field words as they appear in inputs (`definition:`, `word1:`, ...) and the task names
 * (inputs start with them under `includeTaskPrefix`).
 *
 * @returns the distinct words, sorted by code units.
 */
export function wordnetRequiredWords(): string[] {
  const words = new Set<string>([
    ...WORDNET_TASKS.flatMap((t) => t.labelWords),
    ...WORDNET_TASKS.flatMap((t) => t.featureKeys.map((key) => `${key}:`)),
    ...WORDNET_TASK_NAMES,
  ]);
  return [...words].sort(compareCodeUnits);
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

let counts: ReadonlyMap<string, number> | undefined;

/** The distinct field texts (normalised definitions and words) of every task's training inputs. */
function trainFieldTexts(): Set<string> {
  const database = readWordnet();
  const texts = new Set<string>();
  for (const name of WORDNET_TASK_NAMES) {
    if (name === 'wn-lexname' || name === 'wn-pos') {
      for (const unit of labelUnitsOf(database, name).train) texts.add(unit.definition);
    } else {
      for (const unit of pairUnitsOf(database, name).train) texts.add(unit.first).add(unit.second);
    }
  }
  return texts;
}

/**
 * How often each word occurs in the distinct field texts of the training inputs of all six
 * tasks (each definition or word counted once), computed once per process. Field words
 * (`definition:`) are not counted: they are not part of a text.
 *
 * @returns word -> count.
 */
export function wordnetTrainWordCounts(): ReadonlyMap<string, number> {
  if (counts === undefined) {
    const map = new Map<string, number>();
    for (const text of trainFieldTexts()) {
      for (const word of text.split(' ')) map.set(word, (map.get(word) ?? 0) + 1);
    }
    counts = map;
  }
  return counts;
}

function checkInteger(field: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min)
    throw new ConfigError(`wordnetVocabulary.${field}`, value, `an integer >= ${min}`);
  return value;
}

/**
 * The vocabulary of the WordNet tasks (deterministic: the same words in the same order on
 * every run).
 *
 * @param options - size limits.
 * @returns the words, by decreasing training count, ties by code-unit order (required words
 *   that never occur in a field text, such as the `key:` words, count 0 and come last); special tokens are not included.
 * @throws ConfigError for a bad option, or a `maxWords` below the number of required words.
 *
 * @example
 * ```ts
 * const words = wordnetVocabulary({ minCount: 2 });
 * const tokenizer = WordLevelTokenizer.fromVocabulary(words); // @hyperprompt/t5
 * ```
 */
export function wordnetVocabulary(options: WordnetVocabularyOptions = {}): string[] {
  rejectUnknownKeys(options, ['maxWords', 'minCount'], 'wordnetVocabulary');
  const minCount = checkInteger('minCount', options.minCount ?? 1, 1);
  const required = wordnetRequiredWords();
  const maxWords =
    options.maxWords === undefined ? Infinity : checkInteger('maxWords', options.maxWords, required.length);
  const trainCounts = wordnetTrainWordCounts();
  const byFrequency = (a: readonly [string, number], b: readonly [string, number]): number =>
    b[1] - a[1] || compareCodeUnits(a[0], b[0]);
  const requiredSet = new Set(required);
  const others = [...trainCounts]
    .filter(([word, count]) => !requiredSet.has(word) && count >= minCount)
    .sort(byFrequency)
    .slice(0, maxWords - required.length);
  const kept = [...required.map((word) => [word, trainCounts.get(word) ?? 0] as const), ...others];
  return kept.sort(byFrequency).map(([word]) => word);
}
