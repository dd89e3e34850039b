/**
 * Canonical JSON and content fingerprints. A backbone fingerprints its architecture (the
 * config fields that decide variable shapes and semantics) so that a saved method bundle
 * refuses to load onto a different backbone; the harness keys run folders by the
 * fingerprint of an experiment's config.
 *
 * @packageDocumentation
 */
import { createHash } from 'node:crypto';
import { ConfigError, describeValue } from '../errors';

function canonical(value: unknown, where: string, stack: object[]): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new ConfigError(where, value, 'a finite number (JSON has no NaN or Infinity)');
    return JSON.stringify(value);
  }
  if (typeof value !== 'object') {
    throw new ConfigError(
      where,
      value,
      'a JSON value (null, boolean, number, string, array or plain object)',
    );
  }
  if (stack.includes(value)) throw new ConfigError(where, '<cycle>', 'a value without reference cycles');
  stack.push(value);
  let text: string;
  if (Array.isArray(value)) {
    text = `[${value.map((item: unknown, i) => canonical(item, `${where}[${i}]`, stack)).join(',')}]`;
  } else {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      const kind = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
      throw new ConfigError(where, `${kind} ${describeValue(value)}`, 'a plain object or array');
    }
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((k) => record[k] !== undefined) // like JSON.stringify: undefined fields are absent
      .sort();
    text = `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(record[k], `${where}.${k}`, stack)}`).join(',')}}`;
  }
  stack.pop();
  return text;
}

/**
 * Canonical JSON of a JSON value: object keys sorted (by UTF-16 code units), no
 * whitespace, `undefined` object fields left out. Two values that are equal as JSON give
 * the same text whatever the order in which their keys were written.
 *
 * @param value - null, a boolean, a finite number, a string, an array or a plain object
 *   of those.
 * @throws ConfigError naming the path (e.g. `value.layers[2]`) of the first non-JSON part:
 *   `undefined` in an array, NaN, a function, a BigInt, a class instance (Map, Date, ...),
 *   or a reference cycle.
 */
export function canonicalJson(value: unknown): string {
  return canonical(value, 'value', []);
}

/**
 * A stable fingerprint of a JSON value: the SHA-256 hex digest of its
 * {@link canonicalJson}.
 *
 * @param value - the value to fingerprint, e.g. a backbone's architecture fields.
 * @returns 64 lowercase hex characters.
 * @throws ConfigError as {@link canonicalJson}.
 *
 * @example
 * ```ts
 * fingerprintOf({ dModel: 64, layers: 2 }) === fingerprintOf({ layers: 2, dModel: 64 }); // true
 * ```
 */
export function fingerprintOf(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');
}
