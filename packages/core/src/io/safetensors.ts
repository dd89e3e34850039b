/**
 * Reading safetensors checkpoints (the format of Hugging Face `model.safetensors`) into
 * decoded typed arrays, and turning them into tfjs tensors.
 *
 * Float types (F32, F16, BF16, F64) decode to `Float32Array`, integer types (I32, I64) to
 * `Int32Array`; an I64 value outside the int32 range is an error, never a silent wrap.
 * Headers are validated by {@link parseSafetensorsHeader} before any data is read;
 * {@link readSafetensorsHeader} lists a file's tensors without reading their data.
 *
 * @packageDocumentation
 */
import * as fs from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { CheckpointError } from '../errors';
import { bf16ToF32, f16ToF32 } from './float16';
import {
  dtypeByteSize,
  parseSafetensorsHeader,
  readHeaderLength,
  type SafetensorsHeader,
  type SafetensorsTensorInfo,
} from './safetensors-header';

/** Element types this library reads and writes (a subset of the format's types). */
export const SAFETENSORS_DTYPES = ['F32', 'F16', 'BF16', 'F64', 'I32', 'I64'] as const;

/** An element type this library reads and writes; see {@link SAFETENSORS_DTYPES}. */
export type SafetensorsDType = (typeof SAFETENSORS_DTYPES)[number];

/** A decoded tensor. */
export interface SafetensorsEntry {
  /** Element type as stored in the file (F16 data, for instance, is widened to float32). */
  readonly dtype: SafetensorsDType;
  /** Shape, row-major; `[]` for a scalar. */
  readonly shape: readonly number[];
  /** Values: `Float32Array` for float types, `Int32Array` for integer types. */
  readonly data: Float32Array | Int32Array;
}

/** Everything read from a safetensors file. */
export interface SafetensorsContents {
  /** Decoded tensors by name, in file (data-offset) order. */
  readonly tensors: Map<string, SafetensorsEntry>;
  /** The `__metadata__` table; empty when the file has none. */
  readonly metadata: Record<string, string>;
}

/** Options of {@link readSafetensorsFile} and {@link parseSafetensors}. */
export interface ReadSafetensorsOptions {
  /**
   * Which tensors to decode: a predicate on the name, or an array of names that must all
   * be present (a missing one is a CheckpointError). Tensors not selected are never read.
   * @defaultValue every tensor
   */
  readonly names?: ((name: string) => boolean) | readonly string[];
  /**
   * Accept float tensors holding NaN or ±Infinity (after widening to float32). By default
   * such a tensor is a CheckpointError naming the file, the tensor and the first bad
   * element: a checkpoint with non-finite weights comes from a diverged run or a corrupted
   * file, and would otherwise load without a word and predict garbage.
   * @defaultValue false
   */
  readonly allowNonFinite?: boolean;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Throws on a big-endian host, where typed-array views of little-endian data would be wrong. */
export function assertLittleEndianHost(): void {
  if (!LITTLE_ENDIAN) throw new Error('safetensors IO needs a little-endian host');
}

function isSupported(dtype: string): dtype is SafetensorsDType {
  return (SAFETENSORS_DTYPES as readonly string[]).includes(dtype);
}

/**
 * Reads exactly `target.byteLength` bytes at `position` of an open file.
 *
 * @throws CheckpointError (naming `key`) if the file ends first.
 */
function readExactly(fd: number, target: Uint8Array, position: number, file: string, key?: string): void {
  let done = 0;
  while (done < target.byteLength) {
    const n = fs.readSync(fd, target, done, target.byteLength - done, position + done);
    if (n === 0) {
      throw new CheckpointError(file, key, `file ended after ${position + done} bytes; it is truncated`);
    }
    done += n;
  }
}

/** Opens `file` for reading, turning a missing or unreadable file into a CheckpointError. */
function openForReading(file: string): { fd: number; size: number } {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new Error('not a regular file');
    return { fd, size: stat.size };
  } catch (error) {
    if (fd !== undefined) fs.closeSync(fd);
    throw new CheckpointError(file, undefined, `cannot read the file: ${(error as Error).message}`);
  }
}

/** Reads and validates the header of an open file of `size` bytes. */
function readHeaderFromFd(fd: number, size: number, file: string): SafetensorsHeader {
  const prefix = new Uint8Array(Math.min(8, size));
  readExactly(fd, prefix, 0, file);
  const length = readHeaderLength(prefix, size, file);
  const headerBytes = new Uint8Array(length);
  readExactly(fd, headerBytes, 8, file);
  return parseSafetensorsHeader(headerBytes, size, file);
}

/**
 * Reads and validates only the header of a safetensors file (8 + N bytes), without
 * touching the data: cheap even for multi-gigabyte checkpoints.
 *
 * @param file - path of the `.safetensors` file.
 * @throws CheckpointError when the file is missing, unreadable or malformed.
 */
export function readSafetensorsHeader(file: string): SafetensorsHeader {
  const { fd, size } = openForReading(file);
  try {
    return readHeaderFromFd(fd, size, file);
  } finally {
    fs.closeSync(fd);
  }
}

/** The tensors to decode, in offset order; a requested name the file lacks is an error. */
function selectTensors(
  header: SafetensorsHeader,
  names: ReadSafetensorsOptions['names'],
  file: string,
): [string, SafetensorsTensorInfo][] {
  const all = [...header.tensors];
  if (names === undefined) return all;
  if (typeof names === 'function') return all.filter(([name]) => names(name));
  const wanted = new Set(names);
  for (const name of wanted) {
    if (!header.tensors.has(name)) {
      const held = [...header.tensors.keys()];
      const list = held.length > 10 ? `${held.slice(0, 10).join(', ')}, ...` : held.join(', ');
      throw new CheckpointError(file, name, `no such tensor; the file holds ${held.length}: ${list}`);
    }
  }
  return all.filter(([name]) => wanted.has(name));
}

/**
 * A copy in a fresh buffer (offset 0, so aligned). Not `slice`: on a Node `Buffer`, `slice`
 * returns a view of the same memory.
 */
function copyOf(bytes: Uint8Array): Uint8Array {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy;
}

/**
 * Decodes the raw little-endian bytes of one tensor.
 *
 * @param raw - exactly the tensor's bytes; when it starts at an aligned offset of its buffer
 *   (a fresh array), F32 and I32 data are returned as views without copying.
 */
function decodeTensor(
  raw: Uint8Array,
  info: SafetensorsTensorInfo,
  name: string,
  file: string,
): SafetensorsEntry {
  const { dtype, shape } = info;
  if (!isSupported(dtype)) {
    throw new CheckpointError(
      file,
      name,
      `dtype ${dtype} cannot be decoded (supported: ${SAFETENSORS_DTYPES.join(', ')}); ` +
        'leave this tensor out with the `names` option',
    );
  }
  assertLittleEndianHost();
  const size = dtypeByteSize(dtype);
  const bytes = raw.byteOffset % size === 0 ? raw : copyOf(raw);
  const n = bytes.byteLength / size;
  const view = <T>(make: new (b: ArrayBufferLike, o: number, n: number) => T, count = n): T =>
    new make(bytes.buffer, bytes.byteOffset, count);
  let data: Float32Array | Int32Array;
  if (dtype === 'F32') data = view(Float32Array);
  else if (dtype === 'F16') data = f16ToF32(view(Uint16Array));
  else if (dtype === 'BF16') data = bf16ToF32(view(Uint16Array));
  else if (dtype === 'F64') data = new Float32Array(view(Float64Array));
  else if (dtype === 'I32') data = view(Int32Array);
  else {
    const words = view(Int32Array, 2 * n); // [low, high] pairs of each int64
    data = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const low = words[2 * i];
      if (words[2 * i + 1] !== low >> 31) {
        const value = BigInt(words[2 * i + 1]) * 2n ** 32n + BigInt(low >>> 0);
        throw new CheckpointError(
          file,
          name,
          `I64 element ${i} is ${value}, outside the int32 range [-2^31, 2^31) that tfjs supports`,
        );
      }
      data[i] = low;
    }
  }
  return { dtype, shape: [...shape], data };
}

/**
 * Throws when a decoded float tensor holds NaN or ±Infinity (integers are always finite).
 * One pass over the values, only for float data.
 */
function assertFinite(entry: SafetensorsEntry, name: string, file: string): void {
  const { data, dtype } = entry;
  if (data instanceof Int32Array) return;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v - v !== 0) {
      let count = 0;
      for (let j = i; j < data.length; j++) if (!Number.isFinite(data[j])) count++;
      const widened = dtype === 'F64' ? ' (as float32)' : '';
      throw new CheckpointError(
        file,
        name,
        `element ${i} is ${String(v)}${widened}; ${count} of ${data.length} values are not finite ` +
          '(a diverged run or a corrupted file). Pass allowNonFinite: true to load it anyway',
      );
    }
  }
}

/** Decodes one tensor and, unless allowed, refuses non-finite values. */
function decodeChecked(
  raw: Uint8Array,
  info: SafetensorsTensorInfo,
  name: string,
  file: string,
  options: ReadSafetensorsOptions,
): SafetensorsEntry {
  const entry = decodeTensor(raw, info, name, file);
  if (options.allowNonFinite !== true) assertFinite(entry, name, file);
  return entry;
}

/**
 * Parses a whole safetensors file held in memory. Each decoded tensor is a fresh copy;
 * `bytes` is not retained.
 *
 * @param bytes - the complete file content.
 * @param file - name used in error messages.
 * @param options - which tensors to decode; whether non-finite values are accepted.
 * @throws CheckpointError when the content is malformed, a dtype cannot be decoded, or a
 *   float tensor holds NaN or ±Infinity (unless `allowNonFinite`).
 */
export function parseSafetensors(
  bytes: Uint8Array,
  file = '<memory>',
  options: ReadSafetensorsOptions = {},
): SafetensorsContents {
  const length = readHeaderLength(bytes.subarray(0, 8), bytes.byteLength, file);
  const header = parseSafetensorsHeader(bytes.subarray(8, 8 + length), bytes.byteLength, file);
  const tensors = new Map<string, SafetensorsEntry>();
  for (const [name, info] of selectTensors(header, options.names, file)) {
    const [begin, end] = info.dataOffsets;
    const raw = copyOf(bytes.subarray(header.dataStart + begin, header.dataStart + end));
    tensors.set(name, decodeChecked(raw, info, name, file, options));
  }
  return { tensors, metadata: { ...header.metadata } };
}

/**
 * Reads a safetensors file tensor by tensor: the header first (validated against the file
 * size), then only the selected tensors, each straight into its own buffer. The file is
 * never held in memory as a whole, so peak memory is the decoded result plus one tensor.
 *
 * @param file - path of the `.safetensors` file.
 * @param options - which tensors to decode; whether non-finite values are accepted.
 * @throws CheckpointError when the file is missing, malformed, a dtype cannot be decoded, or
 *   a float tensor holds NaN or ±Infinity (unless `allowNonFinite`).
 */
export function readSafetensorsFile(file: string, options: ReadSafetensorsOptions = {}): SafetensorsContents {
  const { fd, size } = openForReading(file);
  try {
    const header = readHeaderFromFd(fd, size, file);
    const tensors = new Map<string, SafetensorsEntry>();
    for (const [name, info] of selectTensors(header, options.names, file)) {
      const [begin, end] = info.dataOffsets;
      const raw = new Uint8Array(end - begin);
      readExactly(fd, raw, header.dataStart + begin, file, name);
      tensors.set(name, decodeChecked(raw, info, name, file, options));
    }
    return { tensors, metadata: { ...header.metadata } };
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Makes one tfjs tensor per entry (`float32` for Float32Array data, `int32` for
 * Int32Array). The caller owns and must dispose the returned tensors. The tensors may share
 * memory with the entries' arrays: do not mutate those afterwards.
 *
 * @param entries - decoded entries, e.g. `readSafetensorsFile(path).tensors`.
 * @returns tensors by name, in the order of `entries`.
 */
export function entriesToTensors(
  entries: ReadonlyMap<string, Pick<SafetensorsEntry, 'shape' | 'data'>>,
): Map<string, tf.Tensor> {
  const out = new Map<string, tf.Tensor>();
  try {
    for (const [name, { shape, data }] of entries) {
      out.set(name, tf.tensor(data, [...shape], data instanceof Int32Array ? 'int32' : 'float32'));
    }
  } catch (error) {
    for (const t of out.values()) t.dispose();
    throw error;
  }
  return out;
}
