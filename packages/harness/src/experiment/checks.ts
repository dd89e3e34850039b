/**
 * Small validators for experiment fields: each returns the value or throws a `ConfigError`
 * naming the field and the allowed range (the JSON Schema checks only types and enums).
 *
 * @packageDocumentation
 */
import { ConfigError } from '@hyperprompt/core';

/**
 * An integer in `[min, max]`.
 *
 * @param field - dotted field path.
 * @param value - the value.
 * @param min - smallest allowed.
 * @param max - largest allowed.
 * @returns the value.
 */
export function integerIn(field: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer in [${min}, ${max}]`;
    throw new ConfigError(field, value, range);
  }
  return value;
}

/**
 * A finite number in a range; `[min, max)` when `maxExclusive`, else `[min, max]`, and
 * `(min, ...` when `minExclusive`.
 *
 * @param field - dotted field path.
 * @param value - the value.
 * @param range - bounds and their openness.
 * @returns the value.
 */
export function numberIn(
  field: string,
  value: unknown,
  range: { min: number; max?: number; minExclusive?: boolean; maxExclusive?: boolean },
): number {
  const { min, max = Infinity, minExclusive = false, maxExclusive = false } = range;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (minExclusive ? value > min : value >= min) &&
    (maxExclusive ? value < max : value <= max);
  if (!ok) {
    const low = minExclusive ? `> ${min}` : `>= ${min}`;
    const text =
      max === Infinity
        ? `a number ${low}`
        : `a number in ${minExclusive ? '(' : '['}${min}, ${max}${maxExclusive ? ')' : ']'}`;
    throw new ConfigError(field, value, text);
  }
  return value;
}

/**
 * A non-empty list of distinct integers in `[0, 2^32)` (seeds).
 *
 * @param field - dotted field path.
 * @param value - the list.
 * @returns a frozen copy.
 */
export function seedList(field: string, value: readonly unknown[]): readonly number[] {
  if (value.length === 0) throw new ConfigError(field, value, 'a non-empty list of seeds');
  value.forEach((seed, i) => {
    integerIn(`${field}.${i}`, seed, 0, 0xffffffff);
    if (value.indexOf(seed) !== i) throw new ConfigError(`${field}.${i}`, seed, 'a seed not listed before');
  });
  return Object.freeze([...(value as number[])]);
}

/**
 * Re-throws a `ConfigError` from another resolver with its field moved under a prefix
 * (e.g. `synthetic.seed` becomes `data.synthetic.seed`).
 *
 * @param run - the resolver call.
 * @param rename - maps the inner field to the experiment's field path.
 * @returns what `run` returns.
 */
export function renameConfigErrors<T>(run: () => T, rename: (field: string) => string): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(rename(error.field), error.value, error.allowed);
    throw error;
  }
}
