/**
 * The suite's tokenizer as a Hugging Face tokenizer folder, written without importing the
 * backbone package (the tasks package may import only `@hyperprompt/core`; the dependency
 * rules are in the repository's ARCHITECTURE.md). The layout is exactly the one
 * `@hyperprompt/t5`'s `WordLevelTokenizer` saves for the same word list (lower-casing on):
 * a `WordPiece` model with no `##` continuation pieces over a `WhitespaceSplit`
 * pre-tokenizer (so every whole word is one id and anything else one `<unk>`), a
 * `Lowercase` normalizer, T5's `TemplateProcessing` appending `</s>`, a `WordPiece` decoder,
 * and a `tokenizer_config.json` naming the special tokens. `loadTokenizer` of
 * `@hyperprompt/t5` and Python's `tokenizers` read it back.
 *
 * @packageDocumentation
 */
import * as path from 'node:path';
import * as fs from 'node:fs';
import { wordLevelTokenizerFiles, writeJsonAtomic } from '@hyperprompt/core';
import { SYNTHETIC_SPECIAL_TOKENS, syntheticVocabulary } from './vocabulary';

/** The two JSON documents of the tokenizer folder. */
export interface SyntheticTokenizerFiles {
  /** Contents of `tokenizer.json`. */
  readonly tokenizer: Readonly<Record<string, unknown>>;
  /** Contents of `tokenizer_config.json`. */
  readonly config: Readonly<Record<string, unknown>>;
}

/** Paths written by {@link writeSyntheticTokenizer}. */
export interface SyntheticTokenizerPaths {
  /** The `tokenizer.json` file. */
  readonly tokenizer: string;
  /** The `tokenizer_config.json` file. */
  readonly config: string;
}

/**
 * The tokenizer documents of {@link syntheticVocabulary}, key for key what
 * `WordLevelTokenizer.fromVocabulary(syntheticVocabulary().words)` saves (both use core's
 * `wordLevelTokenizerFiles`).
 *
 * @returns fresh objects (safe to modify).
 */
export function syntheticTokenizerFiles(): SyntheticTokenizerFiles {
  return wordLevelTokenizerFiles(syntheticVocabulary().words, true, SYNTHETIC_SPECIAL_TOKENS);
}

/**
 * Writes the suite's tokenizer folder: `tokenizer.json` and `tokenizer_config.json`, each
 * atomically (pretty JSON, as `@hyperprompt/t5` saves tokenizers).
 *
 * @param dir - the folder, created if needed; existing files of those names are replaced.
 * @returns the paths written.
 */
export function writeSyntheticTokenizer(dir: string): SyntheticTokenizerPaths {
  const files = syntheticTokenizerFiles();
  fs.mkdirSync(dir, { recursive: true });
  const written: SyntheticTokenizerPaths = {
    tokenizer: path.join(dir, 'tokenizer.json'),
    config: path.join(dir, 'tokenizer_config.json'),
  };
  writeJsonAtomic(written.tokenizer, files.tokenizer);
  writeJsonAtomic(written.config, files.config);
  return written;
}
