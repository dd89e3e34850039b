/**
 * Atomic file writes: a reader (or a process that resumes after a kill) sees either the old
 * content of a file or the complete new content, never a half-written file.
 *
 * The data goes to a temporary file in the same directory (so that the final `rename` stays
 * on one file system and is atomic on POSIX), is flushed with `fsync`, and is renamed over
 * the target; then the directory is flushed where the platform allows it, so that the rename
 * itself survives a power loss. On any failure the temporary file is removed and the error
 * is rethrown; the target is left untouched.
 *
 * @packageDocumentation
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CheckpointError } from '../errors';

/**
 * What {@link writeFileAtomic} accepts: a string (written as UTF-8), bytes, or a sequence
 * of byte chunks produced lazily (so that a large file never needs to sit in memory as one
 * buffer). If producing a chunk throws, the write is abandoned and the target is unchanged.
 */
export type AtomicWriteData = string | Uint8Array | Iterable<Uint8Array>;

/** {@link AtomicWriteData}, or chunks produced asynchronously, for {@link writeFileAtomicAsync}. */
export type AtomicWriteDataAsync = AtomicWriteData | AsyncIterable<Uint8Array>;

/** Largest single `write` call; Node refuses buffers of 2 GiB or more in one call. */
const MAX_WRITE = 1 << 30;

/** A fresh temporary path beside `target`: `.name.<pid>.<random>.tmp`. */
function tempPathFor(target: string): string {
  const suffix = `${process.pid}.${randomBytes(6).toString('hex')}`;
  return path.join(path.dirname(target), `.${path.basename(target)}.${suffix}.tmp`);
}

function checkChunk(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  throw new TypeError(`writeFileAtomic: a chunk must be a Uint8Array, got ${typeof chunk}`);
}

function* syncChunks(data: AtomicWriteData): Iterable<Uint8Array> {
  if (typeof data === 'string') yield Buffer.from(data, 'utf8');
  else if (data instanceof Uint8Array) yield data;
  else for (const chunk of data) yield checkChunk(chunk);
}

async function* asyncChunks(data: AtomicWriteDataAsync): AsyncIterable<Uint8Array> {
  if (typeof data === 'string' || data instanceof Uint8Array || Symbol.iterator in data) {
    yield* syncChunks(data as AtomicWriteData);
  } else {
    for await (const chunk of data) yield checkChunk(chunk);
  }
}

/** Flushes a directory entry table; silently skipped where directories cannot be fsync'ed. */
function fsyncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Windows and some file systems refuse to open or fsync a directory: nothing to do.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

async function fsyncDirectoryAsync(dir: string): Promise<void> {
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(dir, 'r');
    await handle.sync();
  } catch {
    // See fsyncDirectory.
  } finally {
    await handle?.close();
  }
}

/**
 * Writes `data` to `target` atomically (temp file in the same directory, fsync, rename,
 * directory fsync). The parent directory must exist.
 *
 * @param target - path of the file to create or replace.
 * @param data - the new content; see {@link AtomicWriteData}.
 * @throws the underlying `fs` error (or the error thrown while producing a chunk); the
 *   target then still holds its previous content and no temporary file is left behind.
 */
export function writeFileAtomic(target: string, data: AtomicWriteData): void {
  const tmp = tempPathFor(target);
  let fd: number | undefined;
  try {
    fd = fs.openSync(tmp, 'wx');
    for (const chunk of syncChunks(data)) {
      let offset = 0;
      while (offset < chunk.byteLength) {
        const length = Math.min(chunk.byteLength - offset, MAX_WRITE);
        offset += fs.writeSync(fd, chunk, offset, length);
      }
    }
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(tmp, target);
  } catch (error) {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        // The original error matters more than a failed close.
      }
    }
    fs.rmSync(tmp, { force: true });
    throw error;
  }
  fsyncDirectory(path.dirname(target));
}

/**
 * Asynchronous {@link writeFileAtomic}; also accepts chunks from an async iterable.
 *
 * @param target - path of the file to create or replace.
 * @param data - the new content; see {@link AtomicWriteDataAsync}.
 * @throws as {@link writeFileAtomic} (the promise rejects).
 */
export async function writeFileAtomicAsync(target: string, data: AtomicWriteDataAsync): Promise<void> {
  const tmp = tempPathFor(target);
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(tmp, 'wx');
    for await (const chunk of asyncChunks(data)) {
      let offset = 0;
      while (offset < chunk.byteLength) {
        const length = Math.min(chunk.byteLength - offset, MAX_WRITE);
        offset += (await handle.write(chunk, offset, length)).bytesWritten;
      }
    }
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.promises.rename(tmp, target);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await fs.promises.rm(tmp, { force: true });
    throw error;
  }
  await fsyncDirectoryAsync(path.dirname(target));
}

/** Pretty JSON (2-space indent, trailing newline); a CheckpointError names `target` if `value` has no JSON form. */
function jsonText(target: string, value: unknown): string {
  const text = JSON.stringify(value, null, 2) as string | undefined;
  if (text === undefined) {
    throw new CheckpointError(target, undefined, `cannot write ${typeof value} as JSON`);
  }
  return `${text}\n`;
}

/**
 * Writes `value` as pretty JSON (2-space indent, trailing newline) with
 * {@link writeFileAtomic}. Serialisation happens before anything touches the disk.
 *
 * @param target - path of the JSON file to create or replace.
 * @param value - any JSON-serialisable value.
 * @throws `TypeError` from `JSON.stringify` (cycles, BigInt), or a CheckpointError when
 *   `value` has no JSON form at all (`undefined`, a function).
 */
export function writeJsonAtomic(target: string, value: unknown): void {
  writeFileAtomic(target, jsonText(target, value));
}

/**
 * Asynchronous {@link writeJsonAtomic}.
 *
 * @param target - path of the JSON file to create or replace.
 * @param value - any JSON-serialisable value.
 */
export async function writeJsonAtomicAsync(target: string, value: unknown): Promise<void> {
  await writeFileAtomicAsync(target, jsonText(target, value));
}
