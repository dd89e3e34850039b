/**
 * The tokenizer contract of `@hyperprompt/t5`: text to T5 token ids and back, batches padded
 * for the model, and the T5 special-token layout.
 *
 * Axis legend: B batch, T sequence length.
 *
 * @packageDocumentation
 */

/** A special token: its text and its id. */
export interface SpecialToken {
  /** The token's text, e.g. `'</s>'`. */
  readonly token: string;
  /** The token's id. */
  readonly id: number;
}

/**
 * Special tokens of every T5 vocabulary, with the ids T5 gives them: `pad` (`<pad>`, 0, also
 * T5's decoder start token), `eos` (`</s>`, 1, appended to every encoded text) and `unk`
 * (`<unk>`, 2, standing for any text the vocabulary cannot spell).
 */
export const T5_SPECIAL_TOKENS: Readonly<Record<'pad' | 'eos' | 'unk', SpecialToken>> = {
  pad: { token: '<pad>', id: 0 },
  eos: { token: '</s>', id: 1 },
  unk: { token: '<unk>', id: 2 },
};

/** File names of a Hugging Face tokenizer folder. */
export const TOKENIZER_FILES = {
  /** The full pipeline: normalizer, pre-tokenizer, model, post-processor, decoder. */
  tokenizer: 'tokenizer.json',
  /** Optional settings of `transformers`: special tokens, decode clean-up, ... */
  config: 'tokenizer_config.json',
} as const;

/** Options of {@link Tokenizer.encode}. */
export interface EncodeOptions {
  /** Append the end-of-sequence id, as T5 expects on inputs and targets. @defaultValue `true` */
  readonly addEos?: boolean;
}

/** Options of {@link Tokenizer.decode}. */
export interface DecodeOptions {
  /** Drop pad, EOS, unk and other special tokens from the text. @defaultValue `true` */
  readonly skipSpecialTokens?: boolean;
  /**
   * Apply `transformers`' clean-up of spaces before punctuation (`"a ."` → `"a."`).
   * @defaultValue the tokenizer's `clean_up_tokenization_spaces` setting (`true` when the
   * folder has no `tokenizer_config.json`, as in Hugging Face)
   */
  readonly cleanUpTokenizationSpaces?: boolean;
}

/**
 * How {@link Tokenizer.encodeBatch} pads: to the longest sequence of the batch, to
 * `maxLength`, or not at all (ragged rows).
 */
export type PaddingStrategy = 'longest' | 'max-length' | false;

/** Options of {@link Tokenizer.encodeBatch}. */
export interface EncodeBatchOptions extends EncodeOptions {
  /**
   * Length limit for truncation, and the padded length with `padding: 'max-length'`.
   * An integer ≥ 1. @defaultValue no limit
   */
  readonly maxLength?: number;
  /** Padding strategy; rows are padded on the right with the pad id. @defaultValue `'longest'` */
  readonly padding?: PaddingStrategy;
  /**
   * Cut sequences longer than `maxLength`. As in Hugging Face, the text is cut and the EOS
   * (when added) is kept as the last id, so a truncated row ends `..., w, </s>`.
   * @defaultValue `true` when `maxLength` is set, else `false`
   */
  readonly truncation?: boolean;
}

/** Token ids of a batch and their attention mask. */
export interface BatchEncoding {
  /** `[B, T]` token ids, right-padded with the pad id (ragged when `padding` is `false`). */
  readonly ids: number[][];
  /** `[B, T]` 1 for a real token (EOS included), 0 for padding; same shape as `ids`. */
  readonly mask: number[][];
}

/**
 * A text tokenizer following the T5 conventions: pad id, EOS appended on encode, and the
 * special ids of {@link T5_SPECIAL_TOKENS} for vocabularies this package builds.
 */
export interface Tokenizer {
  /** Id of the padding token (`<pad>`, 0 in T5). */
  readonly padId: number;
  /** Id of the end-of-sequence token (`</s>`, 1 in T5). */
  readonly eosId: number;
  /** Id of the unknown token (`<unk>`, 2 in T5). */
  readonly unkId: number;
  /** Number of ids: one more than the largest id, special and added tokens included. */
  readonly vocabSize: number;
  /**
   * Encodes one text. With the default `addEos` the last id is {@link Tokenizer.eosId}
   * (an empty text encodes to `[eosId]`).
   *
   * @param text - the text; any string.
   * @param options - see {@link EncodeOptions}.
   * @returns the token ids.
   */
  encode(text: string, options?: EncodeOptions): number[];
  /**
   * Decodes ids to text. Ids that have no token (negative or past the vocabulary) are
   * dropped, as Python's `tokenizers` does.
   *
   * @param ids - token ids, e.g. one row of `generate`'s output.
   * @param options - see {@link DecodeOptions}.
   * @returns the text.
   */
  decode(ids: ArrayLike<number>, options?: DecodeOptions): string;
  /**
   * Encodes a batch of texts with truncation and padding.
   *
   * @param texts - the texts, one row each.
   * @param options - see {@link EncodeBatchOptions}.
   * @returns ids and mask, `[B, T]` each.
   */
  encodeBatch(texts: readonly string[], options?: EncodeBatchOptions): BatchEncoding;
  /**
   * Looks a token up.
   *
   * @param token - a vocabulary entry, e.g. `'</s>'` or `'▁the'`.
   * @returns its id, or `undefined` when the vocabulary does not hold it.
   */
  tokenToId(token: string): number | undefined;
  /**
   * Looks an id up.
   *
   * @param id - a token id.
   * @returns its token, or `undefined` when no token has that id.
   */
  idToToken(id: number): string | undefined;
  /**
   * Writes the tokenizer to a folder as `tokenizer.json` (and `tokenizer_config.json` when
   * the tokenizer has settings), atomically per file, creating the folder if needed.
   * {@link loadTokenizer} reads it back.
   *
   * @param dir - the folder.
   */
  save(dir: string): void;
}
