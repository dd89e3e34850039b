/**
 * Hugging Face parquet exports, read with `hyparquet` (pure JavaScript, no dependencies) one
 * row group at a time, so a large split never sits in memory whole. Values are converted to
 * raw-record values: INT64 (`bigint`) to numbers, FLOAT (float32) columns to the shortest
 * decimal that round-trips in float32 (so STS-B's `3.8f` reads as 3.8, not 3.799999952),
 * structs to objects, lists to arrays.
 *
 * `hyparquet` decodes uncompressed and snappy files (the default of pyarrow and `datasets`);
 * other codecs give a `DataError` asking for a re-export. It is an ES module, loaded on first
 * use through `require`, which needs Node >= 20.19 (or 22.12).
 *
 * @packageDocumentation
 */
import { open } from 'node:fs/promises';
import { DataError } from '@hyperprompt/core';
import type { AsyncBuffer, FileMetaData } from 'hyparquet';
import { isRawRecord, type RawRecord, type RawValue } from '../formats';
import { assertFile } from './lines';
import type { SourceRecord } from './types';

/**
 * The shortest decimal that reads back as the same float32 (what NumPy prints for a float32).
 *
 * @param value - a number holding a float32 value.
 * @returns e.g. `3.799999952316284 -> 3.8`.
 */
export function shortestFloat32(value: number): number {
  if (!Number.isFinite(value) || Math.fround(value) !== value) return value;
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === value) return candidate;
  }
  return value;
}

function toRawValue(value: unknown, file: string, row: number, column: string): RawValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') return value;
  if (typeof value === 'bigint') {
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw new DataError(file, row, `column "${column}": integer ${value} is too large`);
    }
    return Number(value);
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v: unknown) => toRawValue(v, file, row, column));
  if (typeof value === 'object' && !ArrayBuffer.isView(value)) {
    const out: Record<string, RawValue> = {};
    for (const [key, v] of Object.entries(value)) out[key] = toRawValue(v, file, row, `${column}.${key}`);
    return out;
  }
  throw new DataError(file, row, `column "${column}": unsupported value (binary or typed array)`);
}

async function fileBuffer(file: string): Promise<{ buffer: AsyncBuffer; close: () => Promise<void> }> {
  const handle = await open(file, 'r');
  const { size } = await handle.stat();
  const buffer: AsyncBuffer = {
    byteLength: size,
    async slice(start: number, end?: number): Promise<ArrayBuffer> {
      const stop = Math.min(end ?? size, size);
      const out = new Uint8Array(Math.max(0, stop - start));
      let done = 0;
      while (done < out.length) {
        const { bytesRead } = await handle.read(out, done, out.length - done, start + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return out.buffer;
    },
  };
  return { buffer, close: () => handle.close() };
}

function floatColumns(metadata: FileMetaData): Set<string> {
  // Top-level columns are the root's direct children; nested groups have num_children.
  const names = new Set<string>();
  let i = 1;
  const skip = (index: number): number => {
    const children = metadata.schema[index].num_children ?? 0;
    let next = index + 1;
    for (let c = 0; c < children; c++) next = skip(next);
    return next;
  };
  while (i < metadata.schema.length) {
    const element = metadata.schema[i];
    if (element.type === 'FLOAT' && element.num_children === undefined) names.add(element.name);
    i = skip(i);
  }
  return names;
}

/**
 * Streams the rows of a parquet file as raw records, one row group at a time.
 *
 * @param file - the parquet path.
 * @returns an async generator of records with their 1-based row numbers.
 * @throws DataError naming the file (and row) if the file is not readable parquet.
 */
export async function* readParquetRecords(file: string): AsyncGenerator<SourceRecord> {
  await assertFile(file);
  // Loaded on first use: hyparquet is an ES module (required through Node >= 20.19's require(esm)),
  // so programs and test suites that never read parquet never load it.
  const { parquetMetadataAsync, parquetReadObjects } = await import('hyparquet');
  const { buffer, close } = await fileBuffer(file);
  try {
    let metadata: FileMetaData;
    try {
      metadata = await parquetMetadataAsync(buffer);
    } catch (error) {
      throw new DataError(file, undefined, `not a readable parquet file (${(error as Error).message})`);
    }
    const floats = floatColumns(metadata);
    let rowStart = 0;
    for (const group of metadata.row_groups) {
      const rowEnd = rowStart + Number(group.num_rows);
      let rows: unknown[];
      try {
        rows = await parquetReadObjects({ file: buffer, metadata, rowStart, rowEnd });
      } catch (error) {
        throw new DataError(
          file,
          rowStart + 1,
          `cannot decode rows ${rowStart + 1}-${rowEnd} (${(error as Error).message}); re-export with snappy or no compression`,
        );
      }
      for (let i = 0; i < rows.length; i++) {
        const line = rowStart + i + 1;
        const record = toRawValue(rows[i], file, line, 'row');
        if (!isRawRecord(record)) throw new DataError(file, line, 'expected a row object');
        yield { record: floats.size === 0 ? record : withShortFloats(record, floats), file, line };
      }
      rowStart = rowEnd;
    }
  } finally {
    await close();
  }
}

function withShortFloats(record: RawRecord, floats: ReadonlySet<string>): RawRecord {
  const out: Record<string, RawValue | undefined> = { ...record };
  for (const name of floats) {
    const value = out[name];
    if (typeof value === 'number') out[name] = shortestFloat32(value);
  }
  return out;
}
