/**
 * SuperGLUE as distributed (`train.jsonl`, `val.jsonl`, `test.jsonl` per task) converted to
 * the canonical records of TFDS `super_glue` / HF `super_glue`, as TFDS's
 * `_generate_examples` does:
 * - labels become class indices (`true`/`false` -> 1/0 for BoolQ, WiC, WSC, MultiRC; CB and RTE
 *   label strings -> index of the label word; COPA keeps 0/1); a missing label (test) -> -1;
 * - MultiRC's nested `passage.questions[].answers[]` becomes one record per answer with
 *   `idx: {paragraph, question, answer}`;
 * - ReCoRD's `passage.entities` spans (`start`..`end` inclusive, in code points) become the
 *   entity strings and `qas[]` one record per query with `idx: {passage, query}`;
 * - WSC's `target` object (span indices and texts) is flattened into the record.
 *
 * @packageDocumentation
 */
import { DataError } from '@hyperprompt/core';
import { isRawRecord, type FormatContext, type RawRecord, type RawValue } from '../formats';
import type { JsonlSource } from './types';

function fail(context: FormatContext, reason: string): never {
  throw new DataError(context.file, context.line, reason);
}

function field(row: RawRecord, path: string, context: FormatContext, prefix = ''): RawValue {
  const value = row[path];
  if (value === undefined) fail(context, `expected a "${prefix}${path}" field`);
  return value;
}

function objectField(row: RawRecord, path: string, context: FormatContext, prefix = ''): RawRecord {
  const value = field(row, path, context, prefix);
  if (!isRawRecord(value)) fail(context, `field "${prefix}${path}": expected an object`);
  return value;
}

function arrayField(row: RawRecord, path: string, context: FormatContext, prefix = ''): readonly RawValue[] {
  const value = field(row, path, context, prefix);
  if (!Array.isArray(value)) fail(context, `field "${prefix}${path}": expected an array`);
  return value as readonly RawValue[];
}

function stringField(row: RawRecord, path: string, context: FormatContext, prefix = ''): string {
  const value = field(row, path, context, prefix);
  if (typeof value !== 'string') fail(context, `field "${prefix}${path}": expected a string`);
  return value;
}

function intField(row: RawRecord, path: string, context: FormatContext, prefix = ''): number {
  const value = field(row, path, context, prefix);
  if (typeof value !== 'number' || !Number.isInteger(value))
    fail(context, `field "${prefix}${path}": expected an integer`);
  return value;
}

/** A raw boolean label (or 0/1) -> 0/1; absent -> -1. */
function booleanLabel(value: RawValue | undefined, path: string, context: FormatContext): number {
  if (value === undefined || value === null) return -1;
  if (value === true || value === 1) return 1;
  if (value === false || value === 0) return 0;
  return fail(context, `field "${path}": expected true or false, found ${JSON.stringify(value)}`);
}

/** A raw string label -> index of the label word; absent -> -1. */
function wordLabel(value: RawValue | undefined, words: readonly string[], context: FormatContext): number {
  if (value === undefined || value === null) return -1;
  const index = typeof value === 'string' ? words.indexOf(value) : -1;
  if (index < 0)
    fail(context, `field "label": expected one of ${words.join(', ')}, found ${JSON.stringify(value)}`);
  return index;
}

function pick(row: RawRecord, keys: readonly string[], context: FormatContext): Record<string, RawValue> {
  const out: Record<string, RawValue> = {};
  for (const key of keys) out[key] = field(row, key, context);
  return out;
}

/**
 * How a simple SuperGLUE task encodes its label in the native files: `'boolean'` (`true`/`false`,
 * BoolQ, WiC, WSC), `'index'` (0/1, COPA), or the label words themselves (CB, RTE).
 */
export type SuperGlueLabel = 'boolean' | 'index' | readonly string[];

/**
 * A {@link JsonlSource} for a SuperGLUE task whose lines are flat records (BoolQ, CB, COPA,
 * RTE, WiC, WSC).
 *
 * @param features - the fields to keep (WSC's come from its `target` object).
 * @param label - how the raw label is encoded.
 * @returns the source.
 */
export function flatSuperGlueSource(features: readonly string[], label: SuperGlueLabel): JsonlSource {
  return {
    kind: 'jsonl',
    toRecords: (row, context) => {
      const target = row.target;
      const flat: RawRecord = isRawRecord(target) ? { ...row, ...target } : row;
      const record = pick(flat, features, context);
      record.idx = intField(flat, 'idx', context);
      const raw = flat.label;
      if (label === 'boolean') record.label = booleanLabel(raw, 'label', context);
      else if (label !== 'index') record.label = wordLabel(raw, label, context);
      else if (raw === undefined || raw === null) record.label = -1;
      else if (raw === 0 || raw === 1) record.label = raw;
      else fail(context, `field "label": expected 0 or 1, found ${JSON.stringify(raw)}`);
      return [record];
    },
    // HF exports carry integer labels (-1 on test) and WSC spans at the top level; the native
    // files carry booleans or words, omit the label on test, and nest WSC spans in `target`.
    isNative: (row) => row.target !== undefined || typeof row.label !== 'number',
  };
}

/** MultiRC: one record per (question, answer) pair. */
export const MULTIRC_SOURCE: JsonlSource = {
  kind: 'jsonl',
  toRecords: (row, context) => {
    const paragraphIdx = intField(row, 'idx', context);
    const passage = objectField(row, 'passage', context);
    const paragraph = stringField(passage, 'text', context, 'passage.');
    const records: RawRecord[] = [];
    for (const q of arrayField(passage, 'questions', context, 'passage.')) {
      if (!isRawRecord(q)) fail(context, 'passage.questions: expected objects');
      const question = stringField(q, 'question', context, 'passage.questions[].');
      const questionIdx = intField(q, 'idx', context, 'passage.questions[].');
      for (const a of arrayField(q, 'answers', context, 'passage.questions[].')) {
        if (!isRawRecord(a)) fail(context, 'passage.questions[].answers: expected objects');
        records.push({
          paragraph,
          question,
          answer: stringField(a, 'text', context, 'passage.questions[].answers[].'),
          label: booleanLabel(a.label, 'passage.questions[].answers[].label', context),
          idx: {
            paragraph: paragraphIdx,
            question: questionIdx,
            answer: intField(a, 'idx', context, 'passage.questions[].answers[].'),
          },
        });
      }
    }
    return records;
  },
  isNative: (row) => isRawRecord(row.passage),
};

/** Slices `[start, end]` (inclusive) in code points, as Python indexes `str`. */
function codePointSlice(
  text: string,
  points: readonly string[] | undefined,
  start: number,
  end: number,
): string {
  return points === undefined ? text.slice(start, end + 1) : points.slice(start, end + 1).join('');
}

/** ReCoRD: one record per query. */
export const RECORD_SOURCE: JsonlSource = {
  kind: 'jsonl',
  toRecords: (row, context) => {
    const passageIdx = intField(row, 'idx', context);
    const passage = objectField(row, 'passage', context);
    const text = stringField(passage, 'text', context, 'passage.');
    const points = /[\uD800-\uDFFF]/.test(text) ? Array.from(text) : undefined;
    const entities = arrayField(passage, 'entities', context, 'passage.').map((e) => {
      if (!isRawRecord(e)) fail(context, 'passage.entities: expected {start, end} objects');
      return codePointSlice(
        text,
        points,
        intField(e, 'start', context, 'passage.entities[].'),
        intField(e, 'end', context, 'passage.entities[].'),
      );
    });
    return arrayField(row, 'qas', context).map((qa) => {
      if (!isRawRecord(qa)) fail(context, 'qas: expected objects');
      const answers = qa.answers === undefined ? [] : arrayField(qa, 'answers', context, 'qas[].');
      return {
        passage: text,
        query: stringField(qa, 'query', context, 'qas[].'),
        entities,
        answers: answers.map((a) =>
          isRawRecord(a)
            ? stringField(a, 'text', context, 'qas[].answers[].')
            : fail(context, 'qas[].answers: expected objects'),
        ),
        idx: { passage: passageIdx, query: intField(qa, 'idx', context, 'qas[].') },
      };
    });
  },
  isNative: (row) => row.qas !== undefined,
};
