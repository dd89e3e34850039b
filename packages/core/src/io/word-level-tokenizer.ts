/**
 * The Hugging Face `tokenizer.json` layout of a word-level vocabulary with T5's special ids,
 * in one place so that every package that writes such a tokenizer (the t5 package's
 * `WordLevelTokenizer`, the tasks package's synthetic suite) writes the same bytes.
 *
 * `@huggingface/tokenizers` (JS) has no `WordLevel` model, so the vocabulary is stored as a
 * `WordPiece` model with no `##` continuation pieces over a `WhitespaceSplit` pre-tokenizer:
 * every whole word in the vocabulary is one id and any other word one `<unk>`, which is
 * exactly word-level lookup, in a format both the JS and the Python libraries read.
 *
 * @packageDocumentation
 */

/** A special token and its id. */
export interface SpecialTokenId {
  /** The token text, e.g. `</s>`. */
  readonly token: string;
  /** Its id. */
  readonly id: number;
}

/** T5's special tokens of a word-level vocabulary: ids 0, 1, 2, then the words. */
export interface WordLevelSpecialTokens {
  /** Padding token (`<pad>`, id 0). */
  readonly pad: SpecialTokenId;
  /** End of sequence, appended to every encoding (`</s>`, id 1). */
  readonly eos: SpecialTokenId;
  /** Unknown word (`<unk>`, id 2). */
  readonly unk: SpecialTokenId;
}

/** T5's special tokens. */
export const T5_WORD_LEVEL_SPECIALS: WordLevelSpecialTokens = Object.freeze({
  pad: Object.freeze({ token: '<pad>', id: 0 }),
  eos: Object.freeze({ token: '</s>', id: 1 }),
  unk: Object.freeze({ token: '<unk>', id: 2 }),
});

/** WordPiece's continuation prefix; no vocabulary word may start with it. */
export const WORDPIECE_CONTINUATION = '##';

/** The `tokenizer.json` and `tokenizer_config.json` documents of a tokenizer folder. */
export interface WordLevelTokenizerFiles {
  /** Contents of `tokenizer.json`. */
  readonly tokenizer: Record<string, unknown>;
  /** Contents of `tokenizer_config.json`. */
  readonly config: Record<string, unknown>;
}

/**
 * The tokenizer documents of a word list (`words[i]` gets id `3 + i`). The caller validates
 * the words (non-empty, no whitespace, unique, not starting with `##`).
 *
 * @param words - the vocabulary, in id order.
 * @param lowercase - add a `Lowercase` normalizer.
 * @param specials - the special tokens (T5's by default).
 */
export function wordLevelTokenizerFiles(
  words: readonly string[],
  lowercase: boolean,
  specials: WordLevelSpecialTokens = T5_WORD_LEVEL_SPECIALS,
): WordLevelTokenizerFiles {
  const ordered = [specials.pad, specials.eos, specials.unk];
  const vocab: Record<string, number> = {};
  for (const { token, id } of ordered) vocab[token] = id;
  words.forEach((word, i) => (vocab[word] = ordered.length + i));
  // WordPiece counts a word's length in code points.
  const longest = words.reduce((max, word) => Math.max(max, Array.from(word).length), 0);
  const eos = { SpecialToken: { id: specials.eos.token, type_id: 0 } };
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: ordered.map(({ token, id }) => ({
      id,
      content: token,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: lowercase ? { type: 'Lowercase' } : null,
    pre_tokenizer: { type: 'WhitespaceSplit' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ Sequence: { id: 'A', type_id: 0 } }, eos],
      pair: [{ Sequence: { id: 'A', type_id: 0 } }, eos, { Sequence: { id: 'B', type_id: 0 } }, eos],
      special_tokens: {
        [specials.eos.token]: {
          id: specials.eos.token,
          ids: [specials.eos.id],
          tokens: [specials.eos.token],
        },
      },
    },
    decoder: { type: 'WordPiece', prefix: WORDPIECE_CONTINUATION, cleanup: false },
    model: {
      type: 'WordPiece',
      unk_token: specials.unk.token,
      continuing_subword_prefix: WORDPIECE_CONTINUATION,
      max_input_chars_per_word: Math.max(100, longest),
      vocab,
    },
  };
  const config = {
    tokenizer_class: 'PreTrainedTokenizerFast',
    pad_token: specials.pad.token,
    eos_token: specials.eos.token,
    unk_token: specials.unk.token,
    clean_up_tokenization_spaces: false,
  };
  return { tokenizer, config };
}
