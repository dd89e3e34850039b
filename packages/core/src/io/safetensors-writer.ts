/**
 * Writing safetensors files that the Hugging Face libraries read, byte-identical to what
 * the reference implementation writes for the same tensors: tensors ordered by descending
 * element size, then by name (so that every tensor starts at an offset aligned to its
 * element size), compact header JSON padded with spaces so that the data starts at a
 * multiple of 8, `__metadata__` first when given.
 *
 * @packageDocumentation
 */
import type * as tf from '@tensorflow/tfjs';
import { ConfigError, ShapeError } from '../errors';
import { writeFileAtomic } from './atomic-write';
import { f32ToBf16, f32ToF16 } from './float16';
import { dtypeByteSize, METADATA_KEY, SAFETENSORS_FILE_DTYPES } from './safetensors-header';
import { assertLittleEndianHost, type SafetensorsDType } from './safetensors';

/** Float element types a float32 tensor can be stored as. */
export type SafetensorsFloatDType = 'F32' | 'F16' | 'BF16' | 'F64';

/** A tensor to write. A {@link SafetensorsEntry} read from a file is a valid input. */
export interface SafetensorsInput {
  /**
   * Element type in the file: F32, F16, BF16 or F64 for Float32Array data (narrowing
   * rounds to nearest even), I32 or I64 for Int32Array data.
   * @defaultValue `'F32'` for Float32Array data, `'I32'` for Int32Array data
   */
  readonly dtype?: SafetensorsDType;
  /** Shape, row-major; `[]` for a scalar. */
  readonly shape: readonly number[];
  /** Values in row-major order; length must be the product of `shape`. */
  readonly data: Float32Array | Int32Array;
}

interface Planned {
  readonly name: string;
  readonly dtype: SafetensorsDType;
  readonly shape: readonly number[];
  readonly data: Float32Array | Int32Array;
  readonly bytes: number;
}

const FLOAT_DTYPES: readonly SafetensorsDType[] = ['F32', 'F16', 'BF16', 'F64'];

function plan(name: string, input: SafetensorsInput): Planned {
  if (name === '' || name === METADATA_KEY) {
    throw new ConfigError('tensor name', name, `a non-empty name other than "${METADATA_KEY}"`);
  }
  const { shape, data } = input;
  const isFloat = data instanceof Float32Array;
  const dtype = input.dtype ?? (isFloat ? 'F32' : 'I32');
  const allowed = isFloat ? FLOAT_DTYPES : ['I32', 'I64'];
  if (!allowed.includes(dtype)) {
    throw new ConfigError(`tensors.${name}.dtype`, dtype, allowed);
  }
  if (!shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new ShapeError(`safetensors tensor "${name}"`, 'a shape of non-negative integers', [...shape]);
  }
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) {
    throw new ShapeError(
      `safetensors tensor "${name}"`,
      `${count} values for shape [${shape.join(', ')}]`,
      `${data.length} values`,
    );
  }
  return { name, dtype, shape, data, bytes: count * dtypeByteSize(dtype) };
}

function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Validates, orders and lays out the tensors; returns the 8-byte length + padded header. */
function prepare(
  tensors: ReadonlyMap<string, SafetensorsInput>,
  metadata: Readonly<Record<string, string>> | undefined,
): { head: Uint8Array; planned: Planned[] } {
  const rank = (dtype: SafetensorsDType): number => SAFETENSORS_FILE_DTYPES.indexOf(dtype);
  const planned = [...tensors].map(([name, input]) => plan(name, input));
  planned.sort((a, b) => rank(b.dtype) - rank(a.dtype) || compareUtf8(a.name, b.name));
  const parts: string[] = [];
  if (metadata !== undefined) {
    const keys = Object.keys(metadata).sort(compareUtf8);
    for (const key of keys) {
      if (typeof metadata[key] !== 'string') {
        throw new ConfigError(`metadata.${key}`, metadata[key], 'a string');
      }
    }
    const body = keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(metadata[k])}`).join(',');
    parts.push(`${JSON.stringify(METADATA_KEY)}:{${body}}`);
  }
  let offset = 0;
  for (const t of planned) {
    const info = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + t.bytes] };
    parts.push(`${JSON.stringify(t.name)}:${JSON.stringify(info)}`);
    offset += t.bytes;
  }
  const json = Buffer.from(`{${parts.join(',')}}`, 'utf8');
  const length = Math.ceil(json.byteLength / 8) * 8;
  const head = new Uint8Array(8 + length).fill(0x20, 8 + json.byteLength);
  const view = new DataView(head.buffer);
  view.setUint32(0, length % 2 ** 32, true);
  view.setUint32(4, Math.floor(length / 2 ** 32), true);
  head.set(json, 8);
  return { head, planned };
}

/** Encodes a tensor's values into `target` (exactly its byte size, aligned to its element size). */
function encodeInto(target: Uint8Array, t: Planned): void {
  const { buffer, byteOffset } = target;
  const n = t.data.length;
  if (t.dtype === 'F32' || t.dtype === 'I32') target.set(bytesOf(t.data));
  else if (t.dtype === 'F16') f32ToF16(t.data as Float32Array, new Uint16Array(buffer, byteOffset, n));
  else if (t.dtype === 'BF16') f32ToBf16(t.data as Float32Array, new Uint16Array(buffer, byteOffset, n));
  else if (t.dtype === 'F64') new Float64Array(buffer, byteOffset, n).set(t.data);
  else {
    const words = new Int32Array(buffer, byteOffset, 2 * n); // [low, high] pairs of each int64
    for (let i = 0; i < n; i++) {
      words[2 * i] = t.data[i];
      words[2 * i + 1] = t.data[i] >> 31;
    }
  }
}

function bytesOf(data: Float32Array | Int32Array): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** Yields the file chunk by chunk; F32 and I32 data are written from the arrays themselves. */
function* chunks(head: Uint8Array, planned: readonly Planned[]): Iterable<Uint8Array> {
  yield head;
  for (const t of planned) {
    if (t.dtype === 'F32' || t.dtype === 'I32') {
      yield bytesOf(t.data);
    } else {
      const chunk = new Uint8Array(t.bytes);
      encodeInto(chunk, t);
      yield chunk;
    }
  }
}

/**
 * Serialises tensors to the bytes of a safetensors file.
 *
 * @param tensors - tensors by name (names non-empty, not `__metadata__`).
 * @param metadata - optional `__metadata__` table (string values only), written with
 *   sorted keys.
 * @throws ConfigError for a bad name, dtype or metadata value; ShapeError when a data
 *   length does not match its shape.
 */
export function serializeSafetensors(
  tensors: ReadonlyMap<string, SafetensorsInput>,
  metadata?: Readonly<Record<string, string>>,
): Uint8Array {
  assertLittleEndianHost();
  const { head, planned } = prepare(tensors, metadata);
  const out = new Uint8Array(head.byteLength + planned.reduce((sum, t) => sum + t.bytes, 0));
  out.set(head);
  let position = head.byteLength;
  for (const t of planned) {
    encodeInto(out.subarray(position, position + t.bytes), t);
    position += t.bytes;
  }
  return out;
}

/**
 * Writes tensors as a safetensors file, atomically (see {@link writeFileAtomic}), streaming
 * tensor by tensor so the whole file is never built in memory.
 *
 * @param file - path of the `.safetensors` file to create or replace; its folder must exist.
 * @param tensors - tensors by name.
 * @param metadata - optional `__metadata__` table (string values only).
 * @throws as {@link serializeSafetensors}, or the file-system error of the write.
 */
export function writeSafetensorsFile(
  file: string,
  tensors: ReadonlyMap<string, SafetensorsInput>,
  metadata?: Readonly<Record<string, string>>,
): void {
  assertLittleEndianHost();
  const { head, planned } = prepare(tensors, metadata);
  writeFileAtomic(file, chunks(head, planned));
}

/**
 * Reads tfjs tensors (with `dataSync`) into entries ready for {@link serializeSafetensors}.
 * `float32` tensors get `floatDType`; `int32` and `bool` tensors become I32. The entries
 * may share memory with the tensors: do not mutate them. The tensors are not disposed.
 *
 * @param tensors - tensors by name.
 * @param floatDType - storage type of float tensors (F32 by default).
 * @throws ConfigError for a `complex64` or `string` tensor, or a float dtype that is not one.
 */
export function tensorsToEntries(
  tensors: ReadonlyMap<string, tf.Tensor>,
  floatDType: SafetensorsFloatDType = 'F32',
): Map<string, SafetensorsInput> {
  if (!FLOAT_DTYPES.includes(floatDType)) throw new ConfigError('floatDType', floatDType, FLOAT_DTYPES);
  const out = new Map<string, SafetensorsInput>();
  for (const [name, t] of tensors) {
    const shape = [...t.shape];
    if (t.dtype === 'float32') out.set(name, { dtype: floatDType, shape, data: t.dataSync<'float32'>() });
    else if (t.dtype === 'int32') out.set(name, { dtype: 'I32', shape, data: t.dataSync<'int32'>() });
    else if (t.dtype === 'bool')
      out.set(name, { dtype: 'I32', shape, data: Int32Array.from(t.dataSync<'bool'>()) });
    else throw new ConfigError(`tensors.${name}.dtype`, t.dtype, ['float32', 'int32', 'bool']);
  }
  return out;
}
