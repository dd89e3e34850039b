/**
 * Reading and writing a Hugging Face tokenizer folder (`tokenizer.json` and the optional
 * `tokenizer_config.json`), with a `CheckpointError` naming the file and field at
 * fault for anything missing, malformed or unsupported.
 *
 * @packageDocumentation
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CheckpointError, describeValue, writeJsonAtomic } from '@hyperprompt/core';
import { TOKENIZER_FILES } from './types';

/** A parsed JSON object. */
export type JsonObject = { readonly [key: string]: unknown };

/**
 * Model types of `tokenizer.json` that `@huggingface/tokenizers` implements. It has no
 * `WordLevel` (such a file would silently fall back to its `Legacy` model, which maps
 * unknown words to no id at all), which is why word-level vocabularies are written as
 * `WordPiece`; see {@link WordLevelTokenizer}.
 */
export const SUPPORTED_MODEL_TYPES: readonly string[] = ['Unigram', 'WordPiece', 'BPE'];

/** The two JSON documents of a tokenizer folder. */
export interface TokenizerFiles {
  /** Parsed `tokenizer.json`, checked for a supported model and an `added_tokens` array. */
  readonly tokenizer: JsonObject;
  /** Parsed `tokenizer_config.json`; `undefined` when the folder has none. */
  readonly config: JsonObject | undefined;
}

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function readJsonObject(file: string): JsonObject {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new CheckpointError(file, undefined, `cannot read: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CheckpointError(file, undefined, `not valid JSON: ${(error as Error).message}`);
  }
  if (!isObject(value))
    throw new CheckpointError(file, undefined, `expected a JSON object, got ${describeValue(value)}`);
  return value;
}

/**
 * Checks the parts of a `tokenizer.json` that the library would otherwise fail on with an
 * obscure message: the model section, its type, and the `added_tokens` list.
 *
 * @param json - the parsed file.
 * @param file - path (or label) for error messages.
 * @throws CheckpointError naming the offending key.
 */
export function checkTokenizerJson(json: JsonObject, file: string): void {
  const model = json.model;
  if (!isObject(model))
    throw new CheckpointError(file, 'model', 'missing or not an object: not a Hugging Face tokenizer.json');
  const type = model.type;
  if (typeof type !== 'string' || !SUPPORTED_MODEL_TYPES.includes(type)) {
    const hint =
      type === 'WordLevel'
        ? ' (@huggingface/tokenizers has no WordLevel model; save it as WordPiece, see WordLevelTokenizer)'
        : '';
    throw new CheckpointError(
      file,
      'model.type',
      `unsupported model type ${describeValue(type)}, expected one of ${SUPPORTED_MODEL_TYPES.join(', ')}${hint}`,
    );
  }
  if (!Array.isArray(model.vocab) && !isObject(model.vocab)) {
    throw new CheckpointError(file, 'model.vocab', 'missing or not an array/object');
  }
  if (!Array.isArray(json.added_tokens))
    throw new CheckpointError(file, 'added_tokens', 'missing or not an array');
}

/**
 * Reads a tokenizer folder.
 *
 * @param dir - folder holding `tokenizer.json` and optionally `tokenizer_config.json`.
 * @returns the parsed, checked documents.
 * @throws CheckpointError when `dir` or `tokenizer.json` is missing, either file is not a
 *   JSON object, or the model type is unsupported.
 */
export function readTokenizerFiles(dir: string): TokenizerFiles {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new CheckpointError(dir, undefined, 'tokenizer folder not found');
  }
  const tokenizerFile = path.join(dir, TOKENIZER_FILES.tokenizer);
  if (!fs.existsSync(tokenizerFile)) {
    const hint = fs.existsSync(path.join(dir, 'spiece.model'))
      ? " (only spiece.model is there: convert it to tokenizer.json, e.g. with transformers' T5TokenizerFast.save_pretrained)"
      : '';
    throw new CheckpointError(tokenizerFile, undefined, `missing${hint}`);
  }
  const tokenizer = readJsonObject(tokenizerFile);
  checkTokenizerJson(tokenizer, tokenizerFile);
  const configFile = path.join(dir, TOKENIZER_FILES.config);
  const config = fs.existsSync(configFile) ? readJsonObject(configFile) : undefined;
  return { tokenizer, config };
}

/**
 * Writes a tokenizer folder, atomically per file. Without `config`, an existing
 * `tokenizer_config.json` is removed, so that the folder describes exactly this tokenizer.
 *
 * @param dir - the folder, created if needed.
 * @param files - the documents to write.
 */
export function writeTokenizerFiles(dir: string, files: TokenizerFiles): void {
  fs.mkdirSync(dir, { recursive: true });
  writeJsonAtomic(path.join(dir, TOKENIZER_FILES.tokenizer), files.tokenizer);
  const configFile = path.join(dir, TOKENIZER_FILES.config);
  if (files.config !== undefined) writeJsonAtomic(configFile, files.config);
  else fs.rmSync(configFile, { force: true });
}

/**
 * The token named by a `tokenizer_config.json` field: either a string or, in older files,
 * an AddedToken object `{ "content": ... }`.
 *
 * @param config - the parsed config, if any.
 * @param key - e.g. `eos_token`.
 * @returns the token text, or `undefined` when the field is absent or of another shape.
 */
export function configToken(config: JsonObject | undefined, key: string): string | undefined {
  const value = config?.[key];
  if (typeof value === 'string') return value;
  if (isObject(value) && typeof value.content === 'string') return value.content;
  return undefined;
}
