/**
 * Streaming line readers. Files are read in 64 KiB chunks and split into lines as bytes, one
 * line at a time, so QQP's 364k and MNLI's 393k rows never sit in memory together; stopping
 * the iteration early closes the file.
 *
 * Every line must be valid UTF-8: a byte sequence that is not (a Latin-1 `é`, a cut
 * multi-byte character) is a `DataError` naming the file, the line and the byte, never a
 * silent U+FFFD. Line breaks are `\n`, `\r\n` and a lone `\r`, as Node's `readline` splits.
 *
 * @packageDocumentation
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { TextDecoder } from 'node:util';
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

const LF = 0x0a;
const CR = 0x0d;

/**
 * Byte offset of the first invalid UTF-8 sequence in `bytes` (overlong forms, surrogates and
 * code points above U+10FFFF are invalid, as in the WHATWG decoder), or -1 when it is valid.
 *
 * @param bytes - the bytes to check.
 */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) low = 0xa0;
      if (b === 0xed) high = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) low = 0x90;
      if (b === 0xf4) high = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = i + k < bytes.length ? bytes[i + k] : -1;
      if (c < (k === 1 ? low : 0x80) || c > (k === 1 ? high : 0xbf)) return i;
    }
    i += need + 1;
  }
  return -1;
}

const hex = (byte: number): string => `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;

/**
 * Decodes one line's bytes as strict UTF-8.
 *
 * @throws DataError naming the file, line and offending byte otherwise.
 */
function decodeLine(decoder: TextDecoder, bytes: Uint8Array, file: string, line: number): string {
  try {
    return decoder.decode(bytes);
  } catch {
    const at = Math.max(0, invalidUtf8Offset(bytes));
    const shown = Array.from(bytes.subarray(at, at + 4), hex).join(' ');
    throw new DataError(
      file,
      line,
      `not valid UTF-8: byte ${at + 1} of the line starts an invalid sequence (${shown}); ` +
        'the file must be UTF-8 (convert it, e.g. `iconv -f latin1 -t utf-8`)',
    );
  }
}

/**
 * Reads a UTF-8 text file line by line (`\n`, `\r\n` or a lone `\r` ends a line; a last
 * line without terminator counts, an empty file has no line).
 *
 * @param file - the path.
 * @returns an async generator of lines, in order.
 * @throws DataError if the file cannot be read, or naming the line that is not valid UTF-8.
 */
export async function* readLines(file: string): AsyncGenerator<TextLine> {
  await assertFile(file);
  const stream = createReadStream(file, { highWaterMark: 1 << 16 });
  // fatal: invalid bytes throw instead of becoming U+FFFD; ignoreBOM: keep it, we strip it on line 1 only.
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let line = 0;
  let pending: Uint8Array[] = []; // bytes of the current line from earlier chunks
  let afterCR = false; // the previous chunk ended with \r (a \n first in this chunk belongs to it)
  const take = (bytes: Uint8Array): TextLine => {
    line++;
    let whole = bytes;
    if (pending.length > 0) {
      whole = Buffer.concat([...pending, bytes]);
      pending = [];
    }
    const raw = decodeLine(decoder, whole, file, line);
    return { text: line === 1 && raw.startsWith('\uFEFF') ? raw.slice(1) : raw, line };
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let start = 0;
      if (afterCR && chunk.length > 0 && chunk[0] === LF) start = 1;
      afterCR = false;
      for (let i = start; i < chunk.length; i++) {
        const byte = chunk[i];
        if (byte !== LF && byte !== CR) continue;
        yield take(chunk.subarray(start, i));
        if (byte === CR) {
          if (i + 1 < chunk.length) {
            if (chunk[i + 1] === LF) i++;
          } else afterCR = true;
        }
        start = i + 1;
      }
      if (start < chunk.length) pending.push(chunk.subarray(start));
    }
    if (pending.length > 0) yield take(new Uint8Array(0));
  } catch (error) {
    if (error instanceof DataError) throw error;
    throw new DataError(file, line + 1, `cannot read the file (${(error as Error).message})`);
  } finally {
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
