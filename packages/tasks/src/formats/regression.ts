/**
 * Regression targets as T5 writes them (`t5.data.preprocessors.stsb`):
 *
 * ```python
 * targets = tf.as_string(tf.round(label * 5) / 5, precision=1)   # label is float32
 * ```
 *
 * The arithmetic is float32 and `tf.round` rounds half to even, so `2.5 -> "2.4"` and
 * `3.3 -> "3.2"` (float32 `3.3 * 5` is exactly 16.5), where naive double arithmetic with
 * `Math.round` would give `"2.6"` and `"3.4"`. This module reproduces T5 exactly.
 *
 * @packageDocumentation
 */
import { ConfigError } from '@hyperprompt/core';
import type { Example } from '../example';
import { UNKNOWN_TARGET, t5Input } from './t5-glue';
import { recordIndex, scoreLabelField, type Formatter } from './raw-record';

/** How a regression score becomes a target string: rounded to a grid, printed with fixed decimals. */
export interface RegressionRule {
  /** Smallest score of the task (STS-B: 0). */
  readonly min: number;
  /** Largest score of the task (STS-B: 5). */
  readonly max: number;
  /** Grid step; `1 / step` must be an integer (STS-B: 0.2, i.e. `round(x * 5) / 5`). */
  readonly step: number;
  /** Decimals printed (STS-B: 1, e.g. `"3.8"`). */
  readonly decimals: number;
}

/** STS-B's rule: the 0.2 grid from 0 to 5 with one decimal (26 possible targets). */
export const STSB_RULE: RegressionRule = { min: 0, max: 5, step: 0.2, decimals: 1 };

/**
 * Rounds to the nearest integer, ties to even (`tf.round`, NumPy `rint`).
 *
 * @param x - a finite number.
 * @returns the rounded value, e.g. `2.5 -> 2`, `3.5 -> 4`, `-1.5 -> -2`.
 */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff < 0.5) return floor;
  if (diff > 0.5) return floor + 1;
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * Checks a {@link RegressionRule}.
 *
 * @param rule - the rule.
 * @param field - the config field name for errors.
 * @returns the grid factor `1 / step` (5 for STS-B).
 * @throws ConfigError naming the bad member.
 */
export function checkRegressionRule(rule: RegressionRule, field = 'regression'): number {
  if (!Number.isFinite(rule.min) || !Number.isFinite(rule.max) || rule.max <= rule.min) {
    throw new ConfigError(`${field}.max`, rule.max, `a finite number greater than min (${rule.min})`);
  }
  const factor = Math.round(1 / rule.step);
  if (!(rule.step > 0) || Math.abs(factor * rule.step - 1) > 1e-9) {
    throw new ConfigError(
      `${field}.step`,
      rule.step,
      'a positive number whose inverse is an integer, e.g. 0.2',
    );
  }
  if (!Number.isInteger(rule.decimals) || rule.decimals < 0 || rule.decimals > 20) {
    throw new ConfigError(`${field}.decimals`, rule.decimals, 'an integer in [0, 20]');
  }
  return factor;
}

/**
 * T5's regression target: the score rounded to the rule's grid in float32 with ties to even,
 * printed with `rule.decimals` decimals.
 *
 * @example
 * ```ts
 * regressionTarget(3.8, STSB_RULE);   // "3.8"
 * regressionTarget(3.3, STSB_RULE);   // "3.2" (float32 3.3 * 5 = 16.5, a tie, to even)
 * regressionTarget(0.5, STSB_RULE);   // "0.4"
 * ```
 *
 * @param score - the gold score.
 * @param rule - the grid; {@link STSB_RULE} by default.
 * @returns the target string.
 */
export function regressionTarget(score: number, rule: RegressionRule = STSB_RULE): string {
  const factor = checkRegressionRule(rule);
  const scaled = Math.fround(Math.fround(score) * factor);
  const rounded = Math.fround(roundHalfEven(scaled) / factor);
  return rounded.toFixed(rule.decimals);
}

/** The longest target string a rule can produce, in characters. */
export function regressionTargetLength(rule: RegressionRule): number {
  return Math.max(regressionTarget(rule.min, rule).length, regressionTarget(rule.max, rule).length);
}

/** How a regression task is rendered in T5's format. */
export interface T5RegressionFormat {
  /** The prefix T5 puts first, e.g. `stsb`. */
  readonly prefix: string;
  /** The text features in output order (STS-B: `sentence1`, `sentence2`). */
  readonly features: readonly string[];
  /** The target rule; {@link STSB_RULE} by default. */
  readonly rule?: RegressionRule;
}

/**
 * A formatter for a regression task (T5's `stsb` preprocessor): `label` keeps the gold score,
 * `target` is {@link regressionTarget}; unlabelled records get `<unk>` (T5 itself would write
 * `"-1.0"` for the `-1` placeholder of GLUE's test split; no metric ever reads it).
 *
 * @param format - prefix, features and rule.
 * @returns the formatter.
 */
export function t5RegressionFormatter(format: T5RegressionFormat): Formatter {
  const rule = format.rule ?? STSB_RULE;
  checkRegressionRule(rule, 'format.rule');
  return (record, context) => {
    const score = scoreLabelField(record, context);
    const example: { -readonly [K in keyof Example]: Example[K] } = {
      input: t5Input(format.prefix, record, format.features, context),
      target: score === undefined ? UNKNOWN_TARGET : regressionTarget(score, rule),
      idx: recordIndex(record, context),
    };
    if (score !== undefined) example.label = score;
    return [example];
  };
}
