/**
 * The canonical raw record that every loader produces and every formatter reads: one row of
 * the task with the Hugging Face `datasets` / TFDS feature names (e.g. `sentence1`, `label`,
 * `idx`). GLUE TSV rows and SuperGLUE JSONL lines are converted to this shape by the loaders;
 * HF parquet and JSONL exports already have it. Class labels are integers (`-1` when the
 * split is unlabelled), STS-B scores are numbers.
 *
 * The field readers below validate a record and throw a `DataError` naming the file, the line
 * and the field, so a formatter never trusts its input.
 *
 * @packageDocumentation
 */
import { DataError } from '@hyperprompt/core';
import type { Example } from '../example';

/** A JSON-like value inside a raw record. */
export type RawValue = string | number | boolean | null | readonly RawValue[] | RawRecord;

/** One raw record (a row with named fields). */
export interface RawRecord {
  /** A field of the record; `undefined` when absent. */
  readonly [field: string]: RawValue | undefined;
}

/** Where a record comes from and how it will be used; passed to every formatter. */
export interface FormatContext {
  /** The split being read, e.g. `train`, `validation`, `validation_matched`. */
  readonly split: string;
  /**
   * True when the examples are for training. Some formats differ: ReCoRD yields one example
   * per gold answer for training, WSC keeps only correct-referent examples for training.
   */
  readonly training: boolean;
  /** Path of the data file, for error messages. */
  readonly file: string;
  /** 1-based line (TSV, JSONL) or row (parquet) of the record in `file`. */
  readonly line: number;
  /** 0-based ordinal of the record in its split, the fallback when the record has no `idx`. */
  readonly ordinal: number;
}

/** Turns one raw record into zero or more text-to-text examples. */
export type Formatter = (record: RawRecord, context: FormatContext) => Example[];

/** True when `value` is a plain object (a nested record), not an array or null. */
export function isRawRecord(value: unknown): value is RawRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(context: FormatContext, reason: string): never {
  throw new DataError(context.file, context.line, reason);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing (field missing)';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * Reads a string field.
 *
 * @param record - the raw record.
 * @param key - the field name, e.g. `sentence1`.
 * @param context - where the record comes from.
 * @returns the field's text.
 * @throws DataError if the field is missing or not a string.
 */
export function textField(record: RawRecord, key: string, context: FormatContext): string {
  const value = record[key];
  if (typeof value !== 'string') fail(context, `field "${key}": expected a string, found ${describe(value)}`);
  return value;
}

/**
 * Reads an integer field.
 *
 * @param record - the raw record.
 * @param key - the field name, e.g. `span2_index`.
 * @param context - where the record comes from.
 * @returns the integer.
 * @throws DataError if the field is missing or not an integer.
 */
export function integerField(record: RawRecord, key: string, context: FormatContext): number {
  const value = record[key];
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    fail(context, `field "${key}": expected an integer, found ${describe(value)}`);
  }
  return value;
}

/**
 * Reads a list of strings (e.g. ReCoRD's `entities` and `answers`).
 *
 * @param record - the raw record.
 * @param key - the field name.
 * @param context - where the record comes from.
 * @returns the strings; an absent field or `null` gives an empty list.
 * @throws DataError if the field is not an array of strings.
 */
export function stringListField(record: RawRecord, key: string, context: FormatContext): string[] {
  const value = record[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    fail(context, `field "${key}": expected a list of strings, found ${describe(value)}`);
  }
  return value;
}

/**
 * Reads a class label: an integer in `[0, numClasses)`, or `-1` / `null` / absent for an
 * unlabelled record (test splits).
 *
 * @param record - the raw record.
 * @param context - where the record comes from.
 * @param numClasses - the number of label words.
 * @returns the class index, or `undefined` when unlabelled.
 * @throws DataError for any other value, and for an unlabelled record in a training split.
 */
export function classLabelField(
  record: RawRecord,
  context: FormatContext,
  numClasses: number,
): number | undefined {
  const value = record.label;
  if (value === undefined || value === null || value === -1) {
    if (context.training) fail(context, 'field "label": a training record must have a label');
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value >= numClasses) {
    fail(
      context,
      `field "label": expected a class index in [0, ${numClasses}) or -1, found ${describe(value)}`,
    );
  }
  return value;
}

/**
 * Reads a regression score: a finite number, or `-1` / `null` / absent when unlabelled (the
 * convention of TFDS and HF for GLUE test splits).
 *
 * @param record - the raw record.
 * @param context - where the record comes from.
 * @returns the score, or `undefined` when unlabelled.
 * @throws DataError if the label is not a finite number, or is missing in a training split.
 */
export function scoreLabelField(record: RawRecord, context: FormatContext): number | undefined {
  const value = record.label;
  if (value === undefined || value === null || value === -1) {
    if (context.training) fail(context, 'field "label": a training record must have a score');
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    fail(context, `field "label": expected a number, found ${describe(value)}`);
  }
  return value;
}

/**
 * The record's index: its integer `idx` field, else the record's ordinal in the split.
 *
 * @param record - the raw record.
 * @param context - where the record comes from.
 * @returns a non-negative integer.
 */
export function recordIndex(record: RawRecord, context: FormatContext): number {
  const idx = record.idx;
  return typeof idx === 'number' && Number.isInteger(idx) ? idx : context.ordinal;
}

/**
 * Reads an integer member of a nested index object (MultiRC's `idx.question`, ReCoRD's
 * `idx.query`).
 *
 * @param record - the raw record.
 * @param member - the member of `idx` to read.
 * @param context - where the record comes from.
 * @returns the integer.
 * @throws DataError if `idx` is not an object with that integer member.
 */
export function nestedIndex(record: RawRecord, member: string, context: FormatContext): number {
  const idx = record.idx;
  const value = isRawRecord(idx) ? idx[member] : undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    fail(context, `field "idx.${member}": expected an integer, found ${describe(value)}`);
  }
  return value;
}
