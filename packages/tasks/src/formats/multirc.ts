/**
 * MultiRC in T5's format: one example per (question, candidate answer) pair,
 *
 * ```text
 * multirc question: <q> answer: <a> paragraph: <p>          targets: False | True
 * ```
 *
 * with the feature order fixed by T5 (`question, answer, paragraph`) and the paragraph's HTML
 * markup removed from the joined input (`<br>` becomes a space, `<b>` and `</b>` vanish). The
 * example's `group` is the question (`"<paragraph idx>-<question idx>"`), the unit of MultiRC's
 * exact-match metric.
 *
 * @packageDocumentation
 */
import { MULTIRC_LABEL_WORDS } from '../metrics';
import { nestedIndex, type FormatContext, type Formatter, type RawRecord } from './raw-record';
import { t5ClassificationFormatter } from './t5-glue';

/** MultiRC's feature order in T5 (`glue_utils.get_glue_text_preprocessor`). */
export const MULTIRC_FEATURES: readonly string[] = ['question', 'answer', 'paragraph'];

/**
 * Removes MultiRC's HTML markup as T5 does on the joined input: `<br>` becomes one space,
 * `<b>` and `</b>` are deleted; nothing else changes (spaces are not collapsed).
 *
 * @param text - the joined input.
 * @returns the cleaned input.
 */
export function removeMultircMarkup(text: string): string {
  return text.replace(/<br>/g, ' ').replace(/<\/?b>/g, '');
}

/**
 * The question key of a MultiRC record: `"<paragraph>-<question>"` from its `idx` object.
 * (T5 groups by `idx/question` alone; pairing it with the paragraph keeps groups distinct even
 * where question indices restart per paragraph.)
 *
 * @param record - a MultiRC record with `idx: {paragraph, question, answer}`.
 * @param context - where the record comes from.
 * @returns the group key.
 */
export function multircGroup(record: RawRecord, context: FormatContext): string {
  return `${nestedIndex(record, 'paragraph', context)}-${nestedIndex(record, 'question', context)}`;
}

const base = t5ClassificationFormatter({
  prefix: 'multirc',
  labelWords: MULTIRC_LABEL_WORDS,
  features: MULTIRC_FEATURES,
  order: 'fixed',
  postprocessInput: removeMultircMarkup,
  group: multircGroup,
});

/**
 * The MultiRC formatter: records are the flattened (paragraph, question, answer) rows of
 * TFDS/HF; `idx` of the example is the answer's index.
 *
 * @param record - `{paragraph, question, answer, label, idx: {paragraph, question, answer}}`.
 * @param context - where the record comes from.
 * @returns one example.
 */
export const formatMultirc: Formatter = (record, context) =>
  base(record, context).map((example) => ({ ...example, idx: nestedIndex(record, 'answer', context) }));
