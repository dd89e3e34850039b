/**
 * {@link Tokenizer} over a Hugging Face `tokenizer.json`, with `@huggingface/tokenizers`
 * doing the normalization, pre-tokenization, model (Unigram, WordPiece, BPE) and decoding.
 *
 * @packageDocumentation
 */
import * as path from 'node:path';
import { Tokenizer as HfLibraryTokenizer } from '@huggingface/tokenizers';
import { CheckpointError, ConfigError } from '@hyperprompt/core';
import { encodeBatchWith } from './batch';
import {
  checkTokenizerJson,
  configToken,
  readTokenizerFiles,
  writeTokenizerFiles,
  type JsonObject,
  type TokenizerFiles,
} from './tokenizer-files';
import {
  T5_SPECIAL_TOKENS,
  TOKENIZER_FILES,
  type BatchEncoding,
  type DecodeOptions,
  type EncodeBatchOptions,
  type EncodeOptions,
  type Tokenizer,
} from './types';

/**
 * A {@link Tokenizer} backed by `@huggingface/tokenizers`, built from the JSON documents of
 * a Hugging Face tokenizer folder. Get one with {@link loadTokenizer} or
 * {@link HFTokenizer.fromJson}.
 *
 * The EOS is appended by this class, not by the file's `post_processor`, so a
 * `tokenizer.json` without T5's `TemplateProcessing` still follows the T5 convention (with
 * it, the ids are the same as Python's `tokenizer(text).input_ids`).
 *
 * Special ids come from `tokenizer_config.json` (`eos_token`, `pad_token`) when present,
 * else from T5's names `</s>` and `<pad>`; the unknown id is the model's own.
 *
 * Known differences from Python sentencepiece: a literal `</s>` (or other added token) in
 * the text is matched as that token, as in Python's `tokenizers`; decoding drops unknown
 * pieces with `skipSpecialTokens` where sentencepiece prints `' ⁇ '`.
 */
export class HFTokenizer implements Tokenizer {
  /** {@inheritDoc Tokenizer.padId} */
  readonly padId: number;
  /** {@inheritDoc Tokenizer.eosId} */
  readonly eosId: number;
  /** {@inheritDoc Tokenizer.unkId} */
  readonly unkId: number;
  /** {@inheritDoc Tokenizer.vocabSize} */
  readonly vocabSize: number;
  /** The `model.type` of `tokenizer.json`: `'Unigram'`, `'WordPiece'` or `'BPE'`. */
  readonly modelType: string;
  private readonly impl: HfLibraryTokenizer;
  private readonly files: TokenizerFiles;

  /**
   * @param files - the parsed documents; kept (not copied) for {@link HFTokenizer.save}.
   * @param source - file name or label for error messages.
   * @throws CheckpointError when the documents are malformed or lack a special token.
   */
  constructor(files: TokenizerFiles, source: string) {
    checkTokenizerJson(files.tokenizer, source);
    this.files = files;
    this.modelType = String((files.tokenizer.model as JsonObject).type);
    try {
      this.impl = new HfLibraryTokenizer(files.tokenizer, files.config ?? {});
    } catch (error) {
      throw new CheckpointError(
        source,
        undefined,
        `@huggingface/tokenizers cannot build it: ${(error as Error).message}`,
      );
    }
    const special = (key: string, fallback: string): number => {
      const token = configToken(files.config, key) ?? fallback;
      const id = this.impl.token_to_id(token);
      if (id === undefined)
        throw new CheckpointError(source, key, `token ${JSON.stringify(token)} is not in the vocabulary`);
      return id;
    };
    this.eosId = special('eos_token', T5_SPECIAL_TOKENS.eos.token);
    this.padId = special('pad_token', T5_SPECIAL_TOKENS.pad.token);
    this.unkId = this.impl.model?.unk_token_id ?? special('unk_token', T5_SPECIAL_TOKENS.unk.token);
    let maxId = -1;
    for (const id of this.impl.get_vocab(true).values()) maxId = Math.max(maxId, id);
    this.vocabSize = maxId + 1;
  }

  /**
   * Builds a tokenizer from in-memory documents (deep-copied first).
   *
   * @param tokenizer - the content of a `tokenizer.json`.
   * @param config - the content of a `tokenizer_config.json`, if any.
   * @param source - label for error messages.
   * @returns the tokenizer.
   * @throws CheckpointError as {@link loadTokenizer} does.
   */
  static fromJson(
    tokenizer: JsonObject,
    config?: JsonObject,
    source = `<in-memory ${TOKENIZER_FILES.tokenizer}>`,
  ): HFTokenizer {
    return new HFTokenizer(
      { tokenizer: structuredClone(tokenizer), config: config && structuredClone(config) },
      source,
    );
  }

  /** {@inheritDoc Tokenizer.encode} */
  encode(text: string, options: EncodeOptions = {}): number[] {
    if (typeof text !== 'string') throw new ConfigError('encode.text', text, 'a string');
    const { ids } = this.impl.encode(text, { add_special_tokens: false });
    return (options.addEos ?? true) ? [...ids, this.eosId] : ids;
  }

  /** {@inheritDoc Tokenizer.decode} */
  decode(ids: ArrayLike<number>, options: DecodeOptions = {}): string {
    const kept: number[] = [];
    for (let i = 0; i < ids.length; i++) {
      if (!Number.isInteger(ids[i])) throw new ConfigError(`decode.ids[${i}]`, ids[i], 'an integer token id');
      if (this.idToToken(ids[i]) !== undefined) kept.push(ids[i]);
    }
    if (kept.length === 0) return '';
    return this.impl.decode(kept, {
      skip_special_tokens: options.skipSpecialTokens ?? true,
      clean_up_tokenization_spaces: options.cleanUpTokenizationSpaces ?? null,
    });
  }

  /** {@inheritDoc Tokenizer.encodeBatch} */
  encodeBatch(texts: readonly string[], options: EncodeBatchOptions = {}): BatchEncoding {
    return encodeBatchWith(this, texts, options);
  }

  /** {@inheritDoc Tokenizer.tokenToId} */
  tokenToId(token: string): number | undefined {
    return this.impl.token_to_id(token);
  }

  /** {@inheritDoc Tokenizer.idToToken} */
  idToToken(id: number): string | undefined {
    return Number.isInteger(id) && id >= 0 ? this.impl.id_to_token(id) : undefined;
  }

  /** {@inheritDoc Tokenizer.save} */
  save(dir: string): void {
    writeTokenizerFiles(dir, this.files);
  }
}

/**
 * Loads a Hugging Face tokenizer folder: `tokenizer.json` (required) and
 * `tokenizer_config.json` (optional), as `save_pretrained` or {@link Tokenizer.save} write
 * them. Serves T5's SentencePiece-converted Unigram tokenizers and this package's
 * {@link WordLevelTokenizer} files alike. Reads only local files.
 *
 * @param dir - the folder.
 * @returns the tokenizer.
 * @throws CheckpointError for a missing folder or `tokenizer.json`, a file that is not a
 *   JSON object, an unsupported model type (see {@link SUPPORTED_MODEL_TYPES}), a document
 *   the library rejects, or a special token missing from the vocabulary.
 */
export function loadTokenizer(dir: string): HFTokenizer {
  const files = readTokenizerFiles(dir);
  return new HFTokenizer(files, path.join(dir, TOKENIZER_FILES.tokenizer));
}
