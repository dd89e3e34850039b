/**
 * Typed errors thrown at every boundary of the library. Each names the culprit (a config
 * field, a tensor, a file and key, a data file and line) so that a user can act on the
 * message without reading the source.
 *
 * @packageDocumentation
 */

/** Base class of every error this library throws on purpose. */
export class HyperPromptError extends Error {
  /** @param message - human-readable description of what went wrong and how to fix it. */
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

const stringify: (value: unknown) => string | undefined = JSON.stringify;

/** Formats a value for an error message: JSON where possible, bounded in length. */
export function describeValue(value: unknown): string {
  let text: string;
  if (value === undefined) text = 'undefined';
  else if (typeof value === 'number' || typeof value === 'bigint') text = String(value);
  else if (typeof value === 'function') text = `function ${value.name || '(anonymous)'}`;
  else if (typeof value === 'symbol') text = value.toString();
  else {
    try {
      // JSON.stringify returns undefined for values it cannot represent.
      text = stringify(value) ?? Object.prototype.toString.call(value);
    } catch {
      text = Object.prototype.toString.call(value);
    }
  }
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/**
 * A configuration field has a value that is not allowed.
 *
 * @example
 * ```ts
 * throw new ConfigError('promptLength', 0, 'an integer >= 1');
 * // ConfigError: promptLength: got 0, expected an integer >= 1
 * ```
 */
export class ConfigError extends HyperPromptError {
  /**
   * @param field - dotted path of the offending field, e.g. `hyperprompt.promptLength`.
   * @param value - the value that was given.
   * @param allowed - what would have been accepted, in words or as a list of values.
   */
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly allowed: string | readonly unknown[],
  ) {
    const expected =
      typeof allowed === 'string' ? allowed : `one of ${allowed.map(describeValue).join(', ')}`;
    super(`${field}: got ${describeValue(value)}, expected ${expected}`);
  }
}

/** A tensor (or array) does not have the shape, rank or dtype a function needs. */
export class ShapeError extends HyperPromptError {
  /**
   * @param what - name of the tensor or argument, e.g. `keyValue(keys)`.
   * @param expected - the expected shape in words, e.g. `[B, N, S, H] with N = 4`.
   * @param actual - the shape that was given.
   */
  constructor(
    readonly what: string,
    readonly expected: string,
    readonly actual: readonly number[] | string,
  ) {
    const got = typeof actual === 'string' ? actual : `[${actual.join(', ')}]`;
    super(`${what}: expected ${expected}, got ${got}`);
  }
}

/** A checkpoint or bundle file is missing, malformed, or does not match the model. */
export class CheckpointError extends HyperPromptError {
  /**
   * @param file - path of the offending file (or folder).
   * @param key - tensor name or header field at fault; `undefined` when the whole file is.
   * @param reason - what is wrong and, where possible, what to do about it.
   */
  constructor(
    readonly file: string,
    readonly key: string | undefined,
    readonly reason: string,
  ) {
    super(`${file}${key === undefined ? '' : ` [${key}]`}: ${reason}`);
  }
}

/** A data file (TSV, JSONL, parquet, ...) has a malformed record. */
export class DataError extends HyperPromptError {
  /**
   * @param file - path of the data file.
   * @param line - 1-based line (or record) number; `undefined` when the whole file is at fault.
   * @param reason - what was expected and what was found.
   */
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly reason: string,
  ) {
    super(`${file}${line === undefined ? '' : `:${line}`}: ${reason}`);
  }
}

/**
 * Training (or inference) produced a non-finite number: a loss, a gradient norm or a row of
 * logits is NaN or ±Infinity. The message names the step, the quantity and its value, and
 * says what usually helps.
 *
 * @example
 * ```ts
 * throw new DivergenceError(2, 'loss', NaN);
 * // DivergenceError: training diverged at step 2: the loss is NaN. Lower the learning rate or enable ...
 * ```
 */
export class DivergenceError extends HyperPromptError {
  /**
   * @param step - the optimiser step (1-based) that produced the value; `undefined` outside training.
   * @param quantity - what was not finite, e.g. `loss`, `gradient norm`, `logits of task rte`.
   * @param value - the offending value (`NaN`, `Infinity` or `-Infinity`).
   * @param hint - what to do about it; the default suits a training run.
   */
  constructor(
    readonly step: number | undefined,
    readonly quantity: string,
    readonly value: number,
    hint = 'Lower the learning rate or enable gradient clipping (gradientClipNorm).',
  ) {
    const where = step === undefined ? 'non-finite value' : `training diverged at step ${step}`;
    super(`${where}: the ${quantity} is ${String(value)}. ${hint}`);
  }
}
