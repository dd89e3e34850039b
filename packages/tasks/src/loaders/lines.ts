/**
 * Streaming line readers. Files are read in chunks through `readline`, one line at a time, so
 * QQP's 364k and MNLI's 393k rows never sit in memory together; stopping the iteration early
 * closes the file.
 *
 * @packageDocumentation
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { DataError } from '@hyperprompt/core';
import { isRawRecord, type RawRecord } from '../formats';

/** One line of a text file. */
export interface TextLine {
  /** The line without its terminator (`\n` or `\r\n`); a leading UTF-8 BOM is removed. */
  readonly text: string;
  /** 1-based line number. */
  readonly line: number;
}

/**
 * Checks that `file` is a readable regular file.
 *
 * @param file - the path.
 * @throws DataError naming the file otherwise.
 */
export async function assertFile(file: string): Promise<void> {
  let isFile = false;
  try {
    isFile = (await stat(file)).isFile();
  } catch (error) {
    throw new DataError(file, undefined, `cannot read the file (${(error as Error).message})`);
  }
  if (!isFile) throw new DataError(file, undefined, 'expected a regular file');
}

/**
 * Reads a UTF-8 text file line by line.
 *
 * @param file - the path.
 * @returns an async generator of lines, in order.
 * @throws DataError if the file cannot be read.
 */
export async function* readLines(file: string): AsyncGenerator<TextLine> {
  await assertFile(file);
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 16 });
  const reader = createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const raw of reader) {
      line++;
      yield { text: line === 1 && raw.startsWith('\uFEFF') ? raw.slice(1) : raw, line };
    }
  } catch (error) {
    if (error instanceof DataError) throw error;
    throw new DataError(file, line + 1, `cannot read the file (${(error as Error).message})`);
  } finally {
    reader.close();
    stream.destroy();
  }
}

/** One parsed line of a JSON Lines file. */
export interface JsonLine {
  /** The parsed object. */
  readonly row: RawRecord;
  /** Its 1-based line number. */
  readonly line: number;
}

/**
 * Reads a JSON Lines file: one JSON object per non-blank line.
 *
 * @param file - the path.
 * @returns an async generator of parsed objects with their line numbers.
 * @throws DataError naming the line if a line is not valid JSON or not an object.
 */
export async function* readJsonLines(file: string): AsyncGenerator<JsonLine> {
  for await (const { text, line } of readLines(file)) {
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new DataError(file, line, `expected one JSON object per line: ${(error as Error).message}`);
    }
    if (!isRawRecord(value)) {
      throw new DataError(
        file,
        line,
        `expected a JSON object, found ${Array.isArray(value) ? 'an array' : typeof value}`,
      );
    }
    yield { row: value, line };
  }
}

/**
 * Parses the first non-blank line of a JSON Lines file (used to detect the layout).
 *
 * @param file - the path.
 * @returns the first object, or `undefined` for an empty file.
 */
export async function peekJsonLine(file: string): Promise<RawRecord | undefined> {
  for await (const { row } of readJsonLines(file)) return row;
  return undefined;
}
