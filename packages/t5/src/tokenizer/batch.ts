/**
 * Batch encoding shared by every {@link Tokenizer}: truncation that keeps EOS last, right
 * padding with the pad id, and the 0/1 attention mask, with Hugging Face's semantics.
 *
 * Axis legend: B batch, T sequence length.
 *
 * @packageDocumentation
 */
import { ConfigError } from '@hyperprompt/core';
import type { BatchEncoding, EncodeBatchOptions, PaddingStrategy, Tokenizer } from './types';

/** {@link EncodeBatchOptions} with every default applied. */
interface ResolvedBatchOptions {
  readonly maxLength: number | undefined;
  readonly padding: PaddingStrategy;
  readonly truncation: boolean;
  readonly addEos: boolean;
}

/** Every {@link PaddingStrategy}, for checking options given from plain JS. */
const PADDING_STRATEGIES: readonly unknown[] = ['longest', 'max-length', false];

/** Validates the options and applies the defaults documented on {@link EncodeBatchOptions}. */
function resolveBatchOptions(options: EncodeBatchOptions): ResolvedBatchOptions {
  const { maxLength, padding = 'longest', addEos = true } = options;
  const truncation = options.truncation ?? maxLength !== undefined;
  if (maxLength !== undefined && !(Number.isInteger(maxLength) && maxLength >= 1)) {
    throw new ConfigError('encodeBatch.maxLength', maxLength, 'an integer >= 1');
  }
  if (!PADDING_STRATEGIES.includes(padding)) {
    throw new ConfigError('encodeBatch.padding', padding, PADDING_STRATEGIES);
  }
  if (padding === 'max-length' && maxLength === undefined) {
    throw new ConfigError('encodeBatch.maxLength', maxLength, "an integer >= 1 with padding: 'max-length'");
  }
  if (truncation && maxLength === undefined) {
    throw new ConfigError('encodeBatch.maxLength', maxLength, 'an integer >= 1 with truncation: true');
  }
  return { maxLength, padding, truncation, addEos };
}

/**
 * Encodes a batch with a tokenizer's single-text encoder.
 *
 * Each text is encoded without EOS, cut to `maxLength - 1` ids (`maxLength` without EOS) when
 * truncating, given its EOS, then right-padded. With `padding: 'max-length'` and
 * `truncation: false`, rows longer than `maxLength` stay longer, as in Hugging Face.
 *
 * @param tokenizer - supplies `encode`, `padId` and `eosId`.
 * @param texts - the texts.
 * @param options - see {@link EncodeBatchOptions}.
 * @returns ids and mask, `[B, T]` each.
 */
export function encodeBatchWith(
  tokenizer: Pick<Tokenizer, 'encode' | 'padId' | 'eosId'>,
  texts: readonly string[],
  options: EncodeBatchOptions = {},
): BatchEncoding {
  if (!Array.isArray(texts)) throw new ConfigError('encodeBatch.texts', texts, 'an array of strings');
  const { maxLength, padding, truncation, addEos } = resolveBatchOptions(options);
  const rows = texts.map((text, i) => {
    if (typeof text !== 'string') throw new ConfigError(`encodeBatch.texts[${i}]`, text, 'a string');
    let ids = tokenizer.encode(text, { addEos: false });
    if (truncation && maxLength !== undefined) {
      ids = ids.slice(0, addEos ? maxLength - 1 : maxLength);
    }
    return addEos ? [...ids, tokenizer.eosId] : ids;
  });
  let width: number | undefined;
  if (padding === 'longest') width = rows.reduce((max, row) => Math.max(max, row.length), 0);
  else if (padding === 'max-length') width = maxLength;
  const ids = rows.map((row) =>
    width !== undefined && row.length < width ? [...row, ...fill(width - row.length, tokenizer.padId)] : row,
  );
  const mask = rows.map((row, i) => [...fill(row.length, 1), ...fill(ids[i].length - row.length, 0)]);
  return { ids, mask };
}

function fill(length: number, value: number): number[] {
  return new Array<number>(length).fill(value);
}
