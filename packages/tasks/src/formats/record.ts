/**
 * ReCoRD in T5's format (`t5.data.preprocessors.record`):
 *
 * ```text
 * record query: <query with @placeholder> entities: e1, e2, ... passage: <passage>
 * ```
 *
 * The passage's `@highlight` lines are joined into sentences (`".\n@highlight\n"` becomes
 * `". "`, a bare `"\n@highlight\n"` becomes `". "` too), the entities are the distinct entity
 * strings sorted (as TFDS builds them), and the target is a gold answer. For training, one
 * example is produced per distinct gold answer (T5 duplicates the query once per answer); for
 * evaluation one example per query whose target is the first answer, with every answer in
 * `answers` (T5's metric deduplicates the duplicates anyway, so scores are the same).
 *
 * @packageDocumentation
 */
import { DataError } from '@hyperprompt/core';
import { UNKNOWN_TARGET } from './t5-glue';
import { nestedIndex, stringListField, textField, type Formatter } from './raw-record';

/**
 * Compares strings by Unicode code point, the order of Python's `sorted` on `str`.
 *
 * @param a - first string.
 * @param b - second string.
 * @returns negative, zero or positive.
 */
export function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const ca = ia.next();
    const cb = ib.next();
    if (ca.done === true || cb.done === true) return (ca.done === true ? 0 : 1) - (cb.done === true ? 0 : 1);
    const d = (ca.value.codePointAt(0) ?? 0) - (cb.value.codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
}

/**
 * Distinct strings in code-point order (Python `sorted(set(values))`).
 *
 * @param values - strings, possibly repeated.
 * @returns the sorted distinct strings.
 */
export function sortedDistinct(values: readonly string[]): string[] {
  return [...new Set(values)].sort(compareCodePoints);
}

/**
 * Joins ReCoRD's `@highlight` lines into running text, exactly as T5 does: after sentence-final
 * punctuation or a quote the marker becomes one space, elsewhere it becomes `". "`.
 *
 * @param passage - the raw passage text.
 * @returns the cleaned passage.
 */
export function joinRecordHighlights(passage: string): string {
  return passage.replace(/([.?!"'])\n@highlight\n/g, '$1 ').replace(/\n@highlight\n/g, '. ');
}

/**
 * The ReCoRD formatter.
 *
 * Records are TFDS/HF rows: `{passage, query, entities: string[], answers: string[],
 * idx: {passage, query}}`. Examples carry `group` = `"<passage idx>-<query idx>"`, `answers`
 * (all gold answers; absent when unlabelled) and `candidates` (the entities).
 *
 * @param record - one query of a passage.
 * @param context - where the record comes from; `training` selects one example per answer.
 * @returns one example per answer for training, one per query otherwise.
 * @throws DataError if a field is malformed, or a training query has no answer.
 */
export const formatRecord: Formatter = (record, context) => {
  const passage = joinRecordHighlights(textField(record, 'passage', context));
  const query = textField(record, 'query', context);
  const entities = sortedDistinct(stringListField(record, 'entities', context));
  const answers = sortedDistinct(stringListField(record, 'answers', context));
  const passageIdx = nestedIndex(record, 'passage', context);
  const queryIdx = nestedIndex(record, 'query', context);
  const input = ['record query:', query, 'entities:', entities.join(', '), 'passage:', passage].join(' ');
  const shared = { input, idx: queryIdx, group: `${passageIdx}-${queryIdx}`, candidates: entities };
  if (answers.length === 0) {
    if (context.training)
      throw new DataError(context.file, context.line, 'a training query must have answers');
    return [{ ...shared, target: UNKNOWN_TARGET }];
  }
  const targets = context.training ? answers : answers.slice(0, 1);
  return targets.map((target) => ({ ...shared, target, answers }));
};
