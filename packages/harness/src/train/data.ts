/**
 * Tokenised training data: each task's examples as encoder ids and target ids (both ending
 * with EOS, as T5 expects). Padding and masks are left to `T5Model`, which pads ragged rows
 * itself (inputs with the pad id and a length mask, labels with -100).
 *
 * @packageDocumentation
 */
import { ConfigError } from '@hyperprompt/core';
import type { Example } from '@hyperprompt/tasks';

/** One tokenised example. */
export interface TokenizedExample {
  /** Encoder ids, EOS last. */
  readonly inputIds: readonly number[];
  /** Target ids, EOS last. */
  readonly labels: readonly number[];
}

/** One task's tokenised training data; its position in the task list is its task id. */
export interface TrainTask {
  /** Task name, e.g. `syn-sentiment` or `glue/rte`. */
  readonly name: string;
  /** The tokenised training examples (at least one). */
  readonly train: readonly TokenizedExample[];
}

/** What tokenisation needs of a tokenizer (`@hyperprompt/t5`'s `Tokenizer` has it). */
export interface EncodingTokenizer {
  /** Id of the end-of-sequence token. */
  readonly eosId: number;
  /** Token ids of a text, EOS appended. */
  encode(text: string): number[];
}

/** Truncation limits of {@link tokenizeExamples}. */
export interface TokenizeOptions {
  /** Longest encoder input in tokens, EOS included (T5 GLUE: 512). @defaultValue 512 */
  readonly maxInputLength: number;
  /** Longest target in tokens, EOS included. @defaultValue 128 */
  readonly maxTargetLength: number;
}

/** Defaults of {@link TokenizeOptions}. */
export const DEFAULT_TOKENIZE: TokenizeOptions = Object.freeze({ maxInputLength: 512, maxTargetLength: 128 });

/** Cuts `ids` to `max` tokens, keeping EOS as the last one (T5's truncation). @internal */
export function truncateIds(ids: readonly number[], max: number, eosId: number): readonly number[] {
  return ids.length <= max ? ids : [...ids.slice(0, max - 1), eosId];
}

/**
 * Tokenises examples (input and target), truncating to the limits with EOS kept last.
 *
 * @example
 * ```ts
 * const train = tokenizeExamples(tokenizer, task.splits.train, { maxInputLength: 64 });
 * ```
 * @throws `ConfigError` for a limit below 2.
 */
export function tokenizeExamples(
  tokenizer: EncodingTokenizer,
  examples: readonly Example[],
  options: Partial<TokenizeOptions> = {},
): TokenizedExample[] {
  const { maxInputLength, maxTargetLength } = { ...DEFAULT_TOKENIZE, ...options };
  for (const [field, value] of Object.entries({ maxInputLength, maxTargetLength })) {
    if (!Number.isInteger(value) || value < 2) throw new ConfigError(field, value, 'an integer >= 2');
  }
  return examples.map((e) => ({
    inputIds: truncateIds(tokenizer.encode(e.input), maxInputLength, tokenizer.eosId),
    labels: truncateIds(tokenizer.encode(e.target), maxTargetLength, tokenizer.eosId),
  }));
}
