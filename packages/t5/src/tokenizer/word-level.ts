/**
 * A word-level tokenizer for synthetic data: one id per whole word, T5's special ids first,
 * stored as a standard Hugging Face `tokenizer.json` that {@link loadTokenizer} reads back.
 *
 * @packageDocumentation
 */
import { ConfigError, wordLevelTokenizerFiles } from '@hyperprompt/core';
import { HFTokenizer } from './hf-tokenizer';
import type { TokenizerFiles } from './tokenizer-files';
import { T5_SPECIAL_TOKENS } from './types';

/** Options of {@link WordLevelTokenizer.fromVocabulary}. */
export interface WordLevelOptions {
  /** Lower-case the text before splitting it into words. @defaultValue `true` */
  readonly lowercase?: boolean;
}

/** Options of {@link buildWordLevelTokenizer}. */
export interface BuildWordLevelOptions extends WordLevelOptions {
  /** Keep only words seen at least this many times (an integer ≥ 1). @defaultValue `1` */
  readonly minCount?: number;
  /**
   * Largest `vocabSize`, the three special tokens included (an integer ≥ 3): the most
   * frequent words are kept, ties broken by code-unit order. @defaultValue no limit
   */
  readonly maxVocab?: number;
}

const SPECIALS = [T5_SPECIAL_TOKENS.pad, T5_SPECIAL_TOKENS.eos, T5_SPECIAL_TOKENS.unk];
/** Matches a literal special token; their texts hold no regular-expression syntax. */
const SPECIAL_SPLIT = new RegExp(SPECIALS.map((s) => s.token).join('|'));
/** WordPiece's continuation prefix; no vocabulary word may start with it (see the class). */
const CONTINUATION = '##';
/** Whitespace as JS `\s` knows it, plus U+0085, which Python's `WhitespaceSplit` also splits on. */
const WHITESPACE = /[\s\u0085]/;

/**
 * The words of a text under the word-level rules, in order, as {@link WordLevelTokenizer}
 * sees them: the literal special tokens `<pad>`, `</s>` and `<unk>` are cut out first (they
 * encode as themselves and are not words), then each remaining part is lower-cased (unless
 * `lowercase` is false; `String.prototype.toLowerCase`, the same full Unicode mapping as
 * Python's `Lowercase` normalizer) and split on runs of whitespace (JS `\s`; Python's
 * `WhitespaceSplit` agrees except that it also splits on U+0085 and not on U+FEFF).
 * Punctuation is not split off: `"cat."` and `"cat"` are different words.
 *
 * @param text - any text.
 * @param lowercase - apply lower-casing (default `true`).
 * @returns the words.
 */
export function splitWords(text: string, lowercase = true): string[] {
  return text
    .split(SPECIAL_SPLIT)
    .flatMap((part) => (lowercase ? part.toLowerCase() : part).match(/\S+/g) ?? []);
}

/** Whether a split word may enter a vocabulary (see {@link buildWordLevelTokenizer}). */
function isAdmissible(word: string): boolean {
  return !word.startsWith(CONTINUATION) && !SPECIAL_SPLIT.test(word) && !WHITESPACE.test(word);
}

function checkWord(word: unknown, i: number, lowercase: boolean, seen: Set<string>): string {
  const field = `words[${i}]`;
  if (typeof word !== 'string' || word.length === 0) throw new ConfigError(field, word, 'a non-empty string');
  if (WHITESPACE.test(word)) throw new ConfigError(field, word, 'a word without whitespace');
  if (word.startsWith(CONTINUATION))
    throw new ConfigError(field, word, `a word not starting with "${CONTINUATION}"`);
  if (SPECIAL_SPLIT.test(word))
    throw new ConfigError(field, word, 'a word not containing <pad>, </s> or <unk>');
  if (lowercase && word !== word.toLowerCase())
    throw new ConfigError(field, word, 'a lower-case word (lowercase: true)');
  if (seen.has(word)) throw new ConfigError(field, word, 'a word not listed before');
  seen.add(word);
  return word;
}

/** The `tokenizer.json` / `tokenizer_config.json` pair of a word-level vocabulary (layout shared via core). */
function wordLevelFiles(words: readonly string[], lowercase: boolean): TokenizerFiles {
  return wordLevelTokenizerFiles(words, lowercase, T5_SPECIAL_TOKENS);
}

/**
 * A word-level tokenizer: ids 0, 1, 2 are `<pad>`, `</s>`, `<unk>` as in T5, then one id per
 * vocabulary word in the given order; a word not in the vocabulary encodes as `<unk>`. Words
 * are found by {@link splitWords}. Decoding joins words with single spaces.
 *
 * **File format.** `@huggingface/tokenizers` has no `WordLevel` model (a `WordLevel` file
 * falls back to its `Legacy` model, which gives unknown words no id), so the vocabulary is
 * written as a `WordPiece` model with a `WhitespaceSplit` pre-tokenizer and no `##`
 * continuation pieces. WordPiece first looks the whole word up; failing that it needs a
 * `##`-prefixed piece for the rest of the word, and since no vocabulary entry starts with
 * `##` (enforced here), the whole word becomes one `<unk>`: exactly word-level lookup, in
 * this library and in Python's `tokenizers` alike. A `Unigram` vocabulary would not do: it
 * would spell an unknown word with known shorter words. The file is thus a valid HF
 * `tokenizer.json` (a `Lowercase` normalizer when lower-casing, T5's `TemplateProcessing`
 * appending `</s>`, a `WordPiece` decoder), and {@link loadTokenizer} reads it back.
 */
export class WordLevelTokenizer extends HFTokenizer {
  /** The vocabulary words in id order; word `words[i]` has id `i + 3`. */
  readonly words: readonly string[];
  /** Whether text is lower-cased before splitting. */
  readonly lowercase: boolean;

  private constructor(words: readonly string[], lowercase: boolean) {
    super(wordLevelFiles(words, lowercase), '<word-level tokenizer.json>');
    this.words = words;
    this.lowercase = lowercase;
  }

  /**
   * Builds the tokenizer of a given word list.
   *
   * @param words - distinct, non-empty words without whitespace, in id order; not starting
   *   with `##`, not containing a special token, and lower-case when `lowercase` is on.
   * @param options - see {@link WordLevelOptions}.
   * @returns the tokenizer, with `vocabSize = words.length + 3`.
   * @throws ConfigError naming the first word that breaks a rule.
   */
  static fromVocabulary(words: Iterable<string>, options: WordLevelOptions = {}): WordLevelTokenizer {
    const lowercase = options.lowercase ?? true;
    const seen = new Set<string>();
    const checked = [...words].map((word, i) => checkWord(word, i, lowercase, seen));
    return new WordLevelTokenizer(Object.freeze(checked), lowercase);
  }
}

/**
 * Builds a word-level tokenizer from a corpus: words (per {@link splitWords}) counted,
 * filtered by `minCount`, ordered by decreasing count then code-unit order, cut to
 * `maxVocab`. Words that {@link WordLevelTokenizer.fromVocabulary} would refuse (starting
 * with `##`, or holding a special token or U+0085 after lower-casing, e.g. from `</S>`) are
 * left out and encode as `<unk>`.
 *
 * @param texts - the corpus.
 * @param options - see {@link BuildWordLevelOptions}.
 * @returns the tokenizer.
 * @throws ConfigError for a bad `minCount` or `maxVocab`, or a text that is not a string.
 */
export function buildWordLevelTokenizer(
  texts: Iterable<string>,
  options: BuildWordLevelOptions = {},
): WordLevelTokenizer {
  const { minCount = 1, maxVocab, lowercase = true } = options;
  if (!(Number.isInteger(minCount) && minCount >= 1))
    throw new ConfigError('minCount', minCount, 'an integer >= 1');
  if (maxVocab !== undefined && !(Number.isInteger(maxVocab) && maxVocab >= SPECIALS.length)) {
    throw new ConfigError('maxVocab', maxVocab, `an integer >= ${SPECIALS.length}`);
  }
  const counts = new Map<string, number>();
  let index = 0;
  for (const text of texts) {
    if (typeof text !== 'string') throw new ConfigError(`texts[${index}]`, text, 'a string');
    for (const word of splitWords(text, lowercase)) counts.set(word, (counts.get(word) ?? 0) + 1);
    index++;
  }
  const words = [...counts]
    .filter(([word, count]) => count >= minCount && isAdmissible(word))
    .sort(([a, ca], [b, cb]) => cb - ca || (a < b ? -1 : a > b ? 1 : 0))
    .map(([word]) => word)
    .slice(0, maxVocab === undefined ? undefined : maxVocab - SPECIALS.length);
  return WordLevelTokenizer.fromVocabulary(words, { lowercase });
}
