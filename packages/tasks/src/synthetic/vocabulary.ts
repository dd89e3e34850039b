/**
 * The closed vocabulary of the synthetic suite, as data: every word any configuration can
 * produce (lexicon, task prefixes, field names, label words, the 26 score strings), sorted,
 * after T5's three special tokens. A word-level tokenizer over it never meets an unknown
 * word on synthetic data.
 *
 * @packageDocumentation
 */
import { SYNTHETIC_TASK_NAMES } from './config';
import { LEXICON, lexiconWords } from './lexicon';
import { formatSimilarityTarget } from './suite';
import { SYNTHETIC_TASKS } from './tasks';

/** A special token: its text and its id. */
export interface SyntheticSpecialToken {
  /** The token's text, e.g. `</s>`. */
  readonly token: string;
  /** The token's id. */
  readonly id: number;
}

/**
 * T5's special tokens with T5's ids: `<pad>` 0 (also the decoder start), `</s>` 1 (appended
 * to every text), `<unk>` 2.
 */
export const SYNTHETIC_SPECIAL_TOKENS: Readonly<Record<'pad' | 'eos' | 'unk', SyntheticSpecialToken>> =
  Object.freeze({
    pad: Object.freeze({ token: '<pad>', id: 0 }),
    eos: Object.freeze({ token: '</s>', id: 1 }),
    unk: Object.freeze({ token: '<unk>', id: 2 }),
  });

/** The vocabulary of the suite. */
export interface SyntheticVocabulary {
  /** The special tokens in id order (`<pad>`, `</s>`, `<unk>`). */
  readonly specialTokens: readonly SyntheticSpecialToken[];
  /**
   * The words, distinct, lower-case, without whitespace, sorted by UTF-16 code units; word
   * `words[i]` has id `i + specialTokens.length`.
   */
  readonly words: readonly string[];
  /** Number of ids: special tokens plus words. */
  readonly size: number;
}

/** Every score target of the 0.2 grid: `0.0`, `0.2`, ..., `5.0`. */
export const SIMILARITY_TARGETS: readonly string[] = Object.freeze(
  Array.from({ length: 26 }, (_, i) => formatSimilarityTarget(i / 5)),
);

/** The field names as they appear in inputs (`sentence1:`). */
function fieldWords(): string[] {
  return SYNTHETIC_TASKS.flatMap((t) => t.featureKeys.map((key) => `${key}:`));
}

let cached: SyntheticVocabulary | undefined;
let index: Map<string, number> | undefined;

/**
 * The suite's vocabulary (the same for every configuration: it holds every word of the full
 * lexicon, whatever `maxWordsPerCategory` keeps).
 *
 * @returns the vocabulary (frozen, shared).
 */
export function syntheticVocabulary(): SyntheticVocabulary {
  if (cached === undefined) {
    const all = [
      ...lexiconWords(LEXICON),
      ...SYNTHETIC_TASK_NAMES,
      ...fieldWords(),
      ...SYNTHETIC_TASKS.flatMap((t) => t.labelWords),
      ...SIMILARITY_TARGETS,
    ];
    const words = Object.freeze([...new Set(all)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const { pad, eos, unk } = SYNTHETIC_SPECIAL_TOKENS;
    const specialTokens = Object.freeze([pad, eos, unk]);
    cached = Object.freeze({ specialTokens, words, size: specialTokens.length + words.length });
  }
  return cached;
}

/**
 * The id of a word under {@link syntheticVocabulary} (special tokens included), `<unk>`'s id
 * for anything else. A tiny reference encoder for tests and tools; models use the tokenizer
 * written by {@link writeSyntheticTokenizer}.
 *
 * @param word - a word or special token.
 * @returns its id.
 */
export function syntheticWordId(word: string): number {
  const vocab = syntheticVocabulary();
  const special = vocab.specialTokens.find((s) => s.token === word);
  if (special) return special.id;
  index ??= new Map(vocab.words.map((w, i) => [w, i + vocab.specialTokens.length]));
  return index.get(word) ?? SYNTHETIC_SPECIAL_TOKENS.unk.id;
}
