/**
 * T5's generic GLUE/SuperGLUE text-to-text format (`t5.data.preprocessors.glue`):
 *
 * ```text
 * inputs  = "<benchmark> " + " ".join(f"{key}: {record[key]}" for key in feature_keys)
 * targets = label_words[label]            ("<unk>" for an unlabelled record)
 * ```
 *
 * `feature_keys` are all features except `label` and `idx`, sorted alphabetically, unless the
 * task fixes the order (MultiRC: question, answer, paragraph; WiC: sentence1, sentence2,
 * word). Parts are joined with single spaces and nothing is collapsed or trimmed, exactly as
 * `tf.strings.join` does.
 *
 * @packageDocumentation
 */
import { ConfigError } from '@hyperprompt/core';
import type { Example } from '../example';
import {
  classLabelField,
  recordIndex,
  textField,
  type FormatContext,
  type Formatter,
  type RawRecord,
} from './raw-record';

/** The target T5 gives a record without a label (test splits). */
export const UNKNOWN_TARGET = '<unk>';

/**
 * The feature order T5 uses when a task does not fix it: sorted by code unit, as Python's
 * `sorted` sorts ASCII names.
 *
 * @param features - the task's text features, e.g. `['premise', 'hypothesis']`.
 * @returns a sorted copy, e.g. `['hypothesis', 'premise']`.
 */
export function alphabeticalKeys(features: readonly string[]): string[] {
  return [...features].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Builds T5's input string from a record.
 *
 * @param prefix - the benchmark name T5 puts first, e.g. `rte`.
 * @param record - the raw record.
 * @param featureKeys - the features to include, in output order.
 * @param context - where the record comes from (for errors).
 * @returns e.g. `rte sentence1: A man sleeps. sentence2: A person rests.`
 * @throws DataError if a feature is missing or not a string.
 */
export function t5Input(
  prefix: string,
  record: RawRecord,
  featureKeys: readonly string[],
  context: FormatContext,
): string {
  const parts = [prefix];
  for (const key of featureKeys) parts.push(`${key}:`, textField(record, key, context));
  return parts.join(' ');
}

/** How a classification task is rendered in T5's generic format. */
export interface T5ClassificationFormat {
  /** The prefix T5 puts first, e.g. `rte` (MNLI and GLUE AX use `mnli`). */
  readonly prefix: string;
  /** Target strings in class-index order, e.g. `['entailment', 'not_entailment']`. */
  readonly labelWords: readonly string[];
  /** The task's text features (not `label` or `idx`), e.g. `['premise', 'hypothesis']`. */
  readonly features: readonly string[];
  /**
   * `'alphabetical'` sorts `features` (T5's default); `'fixed'` keeps the given order.
   *
   * @defaultValue `'alphabetical'`
   */
  readonly order?: 'alphabetical' | 'fixed';
  /** Optional rewrite of the joined input (MultiRC removes HTML markup). */
  readonly postprocessInput?: (input: string) => string;
  /** Optional group key of a record (MultiRC groups answers by question). */
  readonly group?: (record: RawRecord, context: FormatContext) => string;
}

/**
 * A formatter for a classification task in T5's generic format: one example per record,
 * target = label word, `<unk>` when unlabelled.
 *
 * @example
 * ```ts
 * const format = t5ClassificationFormatter({
 *   prefix: 'mnli',
 *   labelWords: ['entailment', 'neutral', 'contradiction'],
 *   features: ['premise', 'hypothesis'],
 * });
 * format({ premise: 'A man sleeps.', hypothesis: 'He is awake.', label: 2, idx: 7 }, context);
 * // [{ input: 'mnli hypothesis: He is awake. premise: A man sleeps.',
 * //    target: 'contradiction', label: 2, idx: 7 }]
 * ```
 *
 * @param format - the prefix, label words and features.
 * @returns the formatter.
 * @throws ConfigError if the label words or features are empty or not distinct.
 */
export function t5ClassificationFormatter(format: T5ClassificationFormat): Formatter {
  const { prefix, labelWords, features } = format;
  if (labelWords.length === 0 || new Set(labelWords).size !== labelWords.length) {
    throw new ConfigError('format.labelWords', labelWords, 'a non-empty list of distinct words');
  }
  if (features.length === 0 || new Set(features).size !== features.length) {
    throw new ConfigError('format.features', features, 'a non-empty list of distinct feature names');
  }
  const keys = format.order === 'fixed' ? [...features] : alphabeticalKeys(features);
  return (record, context) => {
    const label = classLabelField(record, context, labelWords.length);
    const joined = t5Input(prefix, record, keys, context);
    const example: { -readonly [K in keyof Example]: Example[K] } = {
      input: format.postprocessInput ? format.postprocessInput(joined) : joined,
      target: label === undefined ? UNKNOWN_TARGET : labelWords[label],
      idx: recordIndex(record, context),
    };
    if (label !== undefined) example.label = label;
    if (format.group) example.group = format.group(record, context);
    return [example];
  };
}
