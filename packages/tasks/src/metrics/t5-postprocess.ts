/**
 * T5's post-processing of decoded predictions (`t5/data/postprocessors.py`) and its
 * `f1_score_with_invalid` (`t5/evaluation/metrics.py`): how a predicted string becomes a
 * class id or a number, and how predictions that are not a valid label count as wrong.
 *
 * @packageDocumentation
 */
import { ConfigError } from '@hyperprompt/core';
import { f1Binary } from './classification';
import { checkLabels, checkPaired, PY_WHITESPACE_CHARS } from './internal';

/** The class id T5 gives a prediction that is not one of the label words. */
export const INVALID_CLASS_ID = -1;

/**
 * Maps a decoded prediction to its class index (T5 `string_label_to_class_id`): the index of
 * the first label word equal to `text` (exact, case-sensitive, no trimming), else
 * `defaultValue`.
 *
 * @param text - the decoded prediction, e.g. `"not_entailment"`.
 * @param labelWords - the task's label words in class-index order, e.g. `["entailment", "not_entailment"]`.
 * @param defaultValue - the id of an unknown string (default {@link INVALID_CLASS_ID}, -1).
 * @returns the class index, or `defaultValue`.
 */
export function stringLabelToClassId(
  text: string,
  labelWords: readonly string[],
  defaultValue: number = INVALID_CLASS_ID,
): number {
  const index = labelWords.indexOf(text);
  return index < 0 ? defaultValue : index;
}

const ASCII_SPACE = /^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/g;
const PY_SPACE = new RegExp(`^[${PY_WHITESPACE_CHARS}]$`, 'u');
const DECIMAL_DIGIT = /^\p{Nd}$/u;
const DIGITS = '[0-9](?:_?[0-9])*';
const FINITE = new RegExp(`^[+-]?(?:(?:${DIGITS})?\\.${DIGITS}|${DIGITS}\\.?)(?:[eE][+-]?${DIGITS})?$`);
const SPECIAL = /^([+-]?)(inf|infinity|nan)$/i;

/** Value of a Unicode decimal digit: Unicode allots them in aligned runs of ten from zero. */
function decimalDigitValue(codePoint: number): number {
  let offset = 0;
  while (DECIMAL_DIGIT.test(String.fromCodePoint(codePoint - offset - 1))) offset++;
  return offset % 10;
}

/**
 * Python's `float(text)`, or `defaultValue` where Python raises `ValueError` (T5
 * `string_to_float`, the STS-B post-processor, whose default is -1).
 *
 * Follows CPython's grammar: surrounding whitespace (Python's Unicode set) is ignored; an
 * optional sign; decimal digits (any Unicode decimal digit, e.g. `"٣"`), with single
 * underscores allowed between digits; optional fraction and exponent (`"5."`, `".5"`,
 * `"1e-3"`); `inf`, `infinity` and `nan` in any case. Overflow gives ±Infinity as in Python.
 *
 * @param text - the decoded prediction, e.g. `"3.8"`.
 * @param defaultValue - the value of an unparsable string (default -1).
 * @returns the parsed number (possibly NaN or ±Infinity, as Python would give), or `defaultValue`.
 */
export function stringToFloat(text: string, defaultValue = -1): number {
  let ascii = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 127) ascii += ch;
    else if (PY_SPACE.test(ch)) ascii += ' ';
    else if (DECIMAL_DIGIT.test(ch)) ascii += String(decimalDigitValue(cp));
    else return defaultValue;
  }
  const body = ascii.replace(ASCII_SPACE, '');
  if (FINITE.test(body)) return Number(body.replace(/_/g, ''));
  const special = SPECIAL.exec(body);
  if (special === null) return defaultValue;
  if (special[2].toLowerCase() === 'nan') return NaN;
  return special[1] === '-' ? -Infinity : Infinity;
}

/**
 * The STS-B prediction parser used by {@link t5StsbScores}: {@link stringToFloat} with
 * default -1, and also -1 for `"nan"`/`"inf"` spellings.
 *
 * The last rule is a documented deviation from T5, where `float("nan")` would turn the whole
 * Pearson/Spearman score into NaN; here such a prediction simply counts as a wrong value
 * (-1 is outside the 0-5 label range), like any other unparsable prediction.
 *
 * @param text - the decoded prediction.
 * @returns a finite number.
 */
export function parseStsbPrediction(text: string): number {
  const value = stringToFloat(text, -1);
  return Number.isFinite(value) ? value : -1;
}

/**
 * T5's `f1_score_with_invalid`, on the 0-1 scale: every prediction other than 0 or 1 is
 * replaced by `1 - target` (so it counts as wrong: a false negative on a positive example, a
 * false positive on a negative one), then scikit-learn's binary F1 with positive class 1 is
 * computed. This is T5's F1 for MRPC and QQP and MultiRC's F1a.
 *
 * Degenerate case: no positive gold label and no positive (or invalid-on-negative)
 * prediction gives 0 (scikit-learn's `zero_division` default).
 *
 * @param yTrue - gold labels, each 0 or 1.
 * @param yPred - predicted class ids (integers; e.g. -1 for an unknown string).
 * @returns a value in [0, 1].
 * @throws ConfigError if the arrays are empty, differ in length, `yPred` holds non-integers
 *   or `yTrue` holds a value other than 0 or 1.
 */
export function f1ScoreWithInvalid(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkPaired('f1ScoreWithInvalid', 'yTrue', yTrue, 'yPred', yPred);
  checkLabels('f1ScoreWithInvalid', 'yPred', yPred);
  const fixed = new Array<number>(yPred.length);
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i];
    if (t !== 0 && t !== 1) throw new ConfigError(`f1ScoreWithInvalid.yTrue[${i}]`, t, [0, 1]);
    const p = yPred[i];
    fixed[i] = p === 0 || p === 1 ? p : 1 - t;
  }
  return f1Binary(yTrue, fixed, 1);
}
