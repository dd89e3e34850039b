/**
 * WSC as T5's `wsc_simple` (the SuperGLUE WSC variant T5 trains and evaluates on):
 *
 * ```text
 * inputs  = "wsc: " + text with the pronoun (span2) marked as *pronoun*
 * targets = span1_text                   (the candidate referent, always)
 * ```
 *
 * The input is built as in `t5.data.preprocessors._wsc_inputs`: the text is split on single
 * spaces, the word at `span2_index` must equal `span2_text` and is replaced by `X` (two texts
 * of the dataset are special-cased by T5 and reproduced here), then every `" X "` becomes
 * `" *<span2_text>* "`. Spans are first repaired as TFDS's `wsc.fixed` config does
 * (`_fix_wst`). For training only examples whose candidate is the correct referent are kept
 * (`correct_referent_only=True`); for evaluation every example is kept and the label tells
 * whether the candidate is the referent.
 *
 * Scoring (`t5.data.postprocessors.wsc_simple`): a prediction "names the referent" when, after
 * lower-casing and dropping determiners, its word set and the candidate's are subsets of one
 * another and both or neither contain an apostrophe; accuracy compares that 0/1 with the label.
 *
 * @packageDocumentation
 */
import { DataError } from '@hyperprompt/core';
import type { Example } from '../example';
import {
  classLabelField,
  integerField,
  recordIndex,
  textField,
  type FormatContext,
  type Formatter,
  type RawRecord,
} from './raw-record';

/** WSC's label words (TFDS `super_glue/wsc.fixed`): is span1 the pronoun's referent? */
export const WSC_LABEL_WORDS: readonly string[] = ['False', 'True'];

/** The two texts T5 special-cases in `_wsc_inputs` (its span2 index points at the wrong word). */
const SPECIAL_TEXTS: ReadonlyMap<string, string> = new Map([
  [
    'The boy continued to whip the pony , and eventually the pony threw him over. John laughed out quite loud. "Good for him," he said. ',
    'The boy continued to whip the pony , and eventually the pony threw him over. John laughed out quite loud. "Good for X ," he said.',
  ],
  [
    'When they had eventually calmed down a bit , and had gotten home, Mr. Farley put the magic pebble in an iron safe . Some day they might want to use it , but really for now, what more could they wish for?',
    'When they had eventually calmed down a bit , and had gotten home, Mr. Farley put the magic pebble in an iron safe . Some day they might want to use X , but really for now, what more could they wish for?',
  ],
]);

const isLower = (ch: string): boolean => ch.toLowerCase() === ch && ch.toUpperCase() !== ch;

/** The spans of a WSC record after TFDS's `wsc.fixed` repair. */
export interface WscSpans {
  /** The candidate referent (`span1_text`). */
  readonly span1Text: string;
  /** The pronoun (`span2_text`). */
  readonly span2Text: string;
  /** The pronoun's word index (`span2_index`). */
  readonly span2Index: number;
}

/**
 * Repairs the spans whose text is not a substring of the text, as TFDS `_fix_wst` does (the
 * `wsc.fixed` config T5 uses): match the case of the first letter to the word at the span's
 * index, strip trailing periods, turn newlines into spaces; a span containing `theyscold` moves
 * the pronoun index to 10. Spans already found in the text are unchanged, so the repair is a
 * no-op on `wsc.fixed` exports.
 *
 * @param record - a WSC record.
 * @param context - where the record comes from.
 * @returns the repaired spans.
 * @throws DataError if a field is malformed or a span cannot be repaired.
 */
export function fixWscSpans(record: RawRecord, context: FormatContext): WscSpans {
  const text = textField(record, 'text', context);
  let span2Index = integerField(record, 'span2_index', context);
  const fix = (spanText: string, spanIndex: number): string => {
    if (text.includes(spanText)) return spanText;
    // TFDS leaves these two spans alone: their words are not contiguous in the text.
    if (spanText === 'Kamenev and Zinoviev' || spanText === 'Kamenev, Zinoviev, and Stalin') return spanText;
    if (spanText.includes('theyscold')) span2Index = 10;
    const word = text.trim().split(/\s+/)[spanIndex] as string | undefined;
    if (word === undefined || spanText.length === 0) {
      throw new DataError(
        context.file,
        context.line,
        `WSC span "${spanText}": word ${spanIndex} is out of range`,
      );
    }
    const head = isLower(word[0]) ? spanText[0].toLowerCase() : spanText[0].toUpperCase();
    const fixed = (head + spanText.slice(1)).replace(/\.+$/, '').replace(/\n/g, ' ');
    if (!text.includes(fixed)) {
      throw new DataError(context.file, context.line, `WSC span "${spanText}" is not part of the text`);
    }
    return fixed;
  };
  const span1Text = fix(
    textField(record, 'span1_text', context),
    integerField(record, 'span1_index', context),
  );
  const span2Text = fix(textField(record, 'span2_text', context), span2Index);
  return { span1Text, span2Text, span2Index };
}

/**
 * T5's `wsc_simple` input for a text, pronoun index and pronoun.
 *
 * @param text - the WSC text.
 * @param pronounIndex - `span2_index`, the pronoun's index among the space-separated words.
 * @param pronoun - `span2_text`.
 * @param context - where the record comes from.
 * @returns e.g. `wsc: Mark told Pete many lies about himself, which Pete included in his book. *He* should ...`
 * @throws DataError if the index is out of range or does not point at the pronoun.
 */
export function wscSimpleInput(
  text: string,
  pronounIndex: number,
  pronoun: string,
  context: FormatContext,
): string {
  let blanked = SPECIAL_TEXTS.get(text);
  if (blanked === undefined) {
    const words = text.split(' ');
    if (pronounIndex <= 0 || pronounIndex >= words.length) {
      throw new DataError(
        context.file,
        context.line,
        `span2_index ${pronounIndex} is outside the text's words (1..${words.length - 1})`,
      );
    }
    if (words[pronounIndex] !== pronoun) {
      throw new DataError(
        context.file,
        context.line,
        `word ${pronounIndex} of the text is "${words[pronounIndex]}", expected span2_text "${pronoun}"`,
      );
    }
    blanked = [words.slice(0, pronounIndex).join(' '), 'X', words.slice(pronounIndex + 1).join(' ')].join(
      ' ',
    );
  }
  return `wsc: ${blanked.replace(/ X /g, () => ` *${pronoun}* `)}`;
}

/**
 * The WSC formatter (`wsc_simple`). Records are TFDS/HF rows `{text, span1_index, span1_text,
 * span2_index, span2_text, label, idx}`.
 *
 * @param record - one (text, candidate, pronoun) record.
 * @param context - where the record comes from; `training` keeps correct referents only.
 * @returns zero or one example: target = candidate referent, label = 1 if it is the referent.
 */
export const formatWscSimple: Formatter = (record: RawRecord, context: FormatContext) => {
  const text = textField(record, 'text', context);
  const label = classLabelField(record, context, WSC_LABEL_WORDS.length);
  if (context.training && label !== 1) return [];
  const { span1Text, span2Text, span2Index } = fixWscSpans(record, context);
  const example: { -readonly [K in keyof Example]: Example[K] } = {
    input: wscSimpleInput(text, span2Index, span2Text, context),
    target: span1Text,
    idx: recordIndex(record, context),
  };
  if (label !== undefined) example.label = label;
  return [example];
};

const DETERMINERS: ReadonlySet<string> = new Set([
  'a',
  'an',
  'few',
  'her',
  'his',
  'each',
  'every',
  'many',
  'much',
  'my',
  'our',
  'some',
  'that',
  'the',
  'their',
  'these',
  'this',
  'those',
  'which',
  'whose',
  'your',
]);

const clean = (s: string): string =>
  s
    .trim()
    .toLowerCase()
    .split(' ')
    .filter((w) => !DETERMINERS.has(w))
    .join(' ');

/**
 * T5's `wsc_simple` post-processor: does the predicted text name the candidate referent?
 *
 * @param prediction - the decoded prediction.
 * @param referent - the candidate (the example's target, `span1_text`).
 * @returns 1 if it does, else 0.
 */
export function wscPredictsReferent(prediction: string, referent: string): number {
  const p = clean(prediction);
  const r = clean(referent);
  if (p.includes("'") !== r.includes("'")) return 0;
  const pw = new Set(p.split(' '));
  const rw = new Set(r.split(' '));
  const subset = (a: Set<string>, b: Set<string>): boolean => [...a].every((w) => b.has(w));
  return subset(pw, rw) || subset(rw, pw) ? 1 : 0;
}
