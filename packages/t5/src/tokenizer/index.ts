/**
 * Tokenizers for T5: {@link loadTokenizer} for any Hugging Face `tokenizer.json` (T5's
 * SentencePiece-converted Unigram included), through `@huggingface/tokenizers`, and
 * {@link WordLevelTokenizer} for synthetic data, saved in the same format.
 *
 * @packageDocumentation
 */
export {
  T5_SPECIAL_TOKENS,
  type SpecialToken,
  TOKENIZER_FILES,
  type Tokenizer,
  type EncodeOptions,
  type DecodeOptions,
  type EncodeBatchOptions,
  type BatchEncoding,
  type PaddingStrategy,
} from './types';
export { HFTokenizer, loadTokenizer } from './hf-tokenizer';
export {
  WordLevelTokenizer,
  buildWordLevelTokenizer,
  splitWords,
  type WordLevelOptions,
  type BuildWordLevelOptions,
} from './word-level';
export { SUPPORTED_MODEL_TYPES, type JsonObject, type TokenizerFiles } from './tokenizer-files';
