/**
 * Input validation and summation shared by the metric modules. Not re-exported from the
 * package: every public function validates its own arguments through these helpers, so the
 * error messages name the public function and argument (e.g. `accuracy.yPred[3]`).
 *
 * @packageDocumentation
 */
import { ConfigError } from '@hyperprompt/core';

/** True for a plain or typed array (any object with a numeric `length`) of at least one element. */
export function isNonEmptyArrayLike(value: unknown): value is ArrayLike<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const length = (value as { length?: unknown }).length;
  return typeof length === 'number' && length > 0;
}

/** Throws a {@link ConfigError} unless `values` is an array-like (plain or typed array). */
function checkArrayLike(field: string, values: unknown): void {
  const length = (values as { length?: unknown } | null | undefined)?.length;
  if (typeof values !== 'object' || values === null || typeof length !== 'number') {
    throw new ConfigError(field, values, 'an array');
  }
}

/**
 * Checks that `a` and `b` are non-empty arrays of the same length.
 *
 * @param fn - name of the public function, used as the prefix of the error field.
 */
export function checkPaired(
  fn: string,
  aName: string,
  a: ArrayLike<unknown>,
  bName: string,
  b: ArrayLike<unknown>,
): void {
  checkArrayLike(`${fn}.${aName}`, a);
  checkArrayLike(`${fn}.${bName}`, b);
  if (a.length === 0) throw new ConfigError(`${fn}.${aName}.length`, 0, 'a non-empty array');
  if (b.length !== a.length) {
    throw new ConfigError(`${fn}.${bName}.length`, b.length, `${a.length} (the length of ${aName})`);
  }
}

/** Checks that every element is an integer class label (negative values such as -1 allowed). */
export function checkLabels(fn: string, name: string, values: ArrayLike<unknown>): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isInteger(values[i])) {
      throw new ConfigError(`${fn}.${name}[${i}]`, values[i], 'an integer class label');
    }
  }
}

/** Checks that one value is an integer class label. */
export function checkLabel(fn: string, name: string, value: unknown): void {
  if (!Number.isInteger(value)) throw new ConfigError(`${fn}.${name}`, value, 'an integer class label');
}

/**
 * Checks that every element is a number, never NaN, and finite unless `allowInfinity`.
 */
export function checkNumbers(
  fn: string,
  name: string,
  values: ArrayLike<unknown>,
  allowInfinity: boolean,
): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || Number.isNaN(v) || (!allowInfinity && !Number.isFinite(v))) {
      throw new ConfigError(
        `${fn}.${name}[${i}]`,
        v,
        allowInfinity ? 'a number (not NaN)' : 'a finite number (not NaN or Infinity)',
      );
    }
  }
}

/** Checks that every element is a string. */
export function checkStrings(fn: string, name: string, values: ArrayLike<unknown>): void {
  for (let i = 0; i < values.length; i++) {
    if (typeof values[i] !== 'string') throw new ConfigError(`${fn}.${name}[${i}]`, values[i], 'a string');
  }
}

/**
 * Sum with Neumaier's compensation: the error does not grow with the length, so means of
 * many values agree with NumPy's pairwise summation to the last bit or two.
 */
export function compensatedSum(values: ArrayLike<number>): number {
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const t = sum + v;
    compensation += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return sum + compensation;
}

/** Arithmetic mean with {@link compensatedSum}; the caller guarantees a non-empty input. */
export function mean(values: ArrayLike<number>): number {
  return compensatedSum(values) / values.length;
}

/** Characters that Python 3's `str.split()`, `str.strip()` and `float()` treat as whitespace. */
export const PY_WHITESPACE_CHARS =
  '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';

const PY_WHITESPACE_RUN = new RegExp(`[${PY_WHITESPACE_CHARS}]+`);

/** Python's `str.split()` with no argument: split on whitespace runs, drop empty pieces. */
export function pythonSplit(text: string): string[] {
  return text.split(PY_WHITESPACE_RUN).filter((token) => token.length > 0);
}
