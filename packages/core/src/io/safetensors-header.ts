/**
 * The safetensors header: element types, the validated tensor table, and every check that
 * makes a file safe to read. Nothing in the file is trusted: sizes, offsets, dtypes and
 * shapes are all validated before a single data byte is read.
 *
 * File layout: an 8-byte little-endian u64 `N`, then `N` bytes of UTF-8 JSON
 * `{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__"?: {key: string}}`,
 * then the data buffer. Offsets are relative to the start of the data buffer; data is
 * little-endian and row-major. As in the reference implementation, the tensors must tile
 * the data buffer exactly (no overlap, no hole) and the file must end where the data ends.
 *
 * @packageDocumentation
 */
import { CheckpointError, describeValue } from '../errors';

/**
 * Every element type of the safetensors format that has a whole number of bytes, in the
 * format's own alignment order (the writer stores larger types first).
 */
export const SAFETENSORS_FILE_DTYPES = [
  'BOOL', 'U8', 'I8', 'F8_E5M2', 'F8_E4M3', 'I16', 'U16', 'F16', 'BF16',
  'I32', 'U32', 'F32', 'F64', 'I64', 'U64',
] as const; // prettier-ignore

/** An element type that may appear in a safetensors header (see {@link SAFETENSORS_FILE_DTYPES}). */
export type SafetensorsFileDType = (typeof SAFETENSORS_FILE_DTYPES)[number];

const DTYPE_BYTES: Readonly<Record<SafetensorsFileDType, number>> = {
  BOOL: 1, U8: 1, I8: 1, F8_E5M2: 1, F8_E4M3: 1, I16: 2, U16: 2, F16: 2, BF16: 2,
  I32: 4, U32: 4, F32: 4, F64: 8, I64: 8, U64: 8,
}; // prettier-ignore

/** Bytes per element of `dtype`. */
export function dtypeByteSize(dtype: SafetensorsFileDType): number {
  return DTYPE_BYTES[dtype];
}

/** Largest header accepted, in bytes (the limit of the reference implementation). */
export const MAX_HEADER_BYTES = 100_000_000;

/** The header's key for free-form string metadata. */
export const METADATA_KEY = '__metadata__';

/** One tensor as described by a validated header. */
export interface SafetensorsTensorInfo {
  /** Element type as stored in the file. */
  readonly dtype: SafetensorsFileDType;
  /** Shape, row-major; `[]` for a scalar. */
  readonly shape: readonly number[];
  /** `[begin, end)` byte range relative to the start of the data buffer. */
  readonly dataOffsets: readonly [number, number];
}

/** A validated safetensors header. */
export interface SafetensorsHeader {
  /** Tensors by name, in data-offset order. */
  readonly tensors: ReadonlyMap<string, SafetensorsTensorInfo>;
  /** The `__metadata__` table; empty when the file has none. */
  readonly metadata: Readonly<Record<string, string>>;
  /** Byte position in the file where the data buffer starts (8 + header length). */
  readonly dataStart: number;
  /** Length of the data buffer in bytes (the end offset of the last tensor). */
  readonly dataLength: number;
}

/**
 * Reads and bounds the header length from the first 8 bytes of a file.
 *
 * @param prefix - at least the first 8 bytes of the file (fewer if the file is shorter).
 * @param fileSize - total size of the file in bytes.
 * @param file - path used in error messages.
 * @throws CheckpointError when the file is shorter than 8 bytes or the length is out of bounds.
 */
export function readHeaderLength(prefix: Uint8Array, fileSize: number, file: string): number {
  if (fileSize < 8 || prefix.byteLength < 8) {
    throw new CheckpointError(
      file,
      undefined,
      `file is ${fileSize} bytes long; a safetensors file starts with an 8-byte header length`,
    );
  }
  const exact = new DataView(prefix.buffer, prefix.byteOffset, 8).getBigUint64(0, true);
  if (exact > BigInt(MAX_HEADER_BYTES)) {
    throw new CheckpointError(
      file,
      undefined,
      `header length ${exact} exceeds the limit of ${MAX_HEADER_BYTES} bytes; ` +
        'the file is corrupt or not a safetensors file',
    );
  }
  const length = Number(exact);
  if (length > fileSize - 8) {
    throw new CheckpointError(
      file,
      undefined,
      `header length ${length} runs past the end of the file (only ${fileSize - 8} bytes ` +
        'follow the length field); the file is truncated or not a safetensors file',
    );
  }
  return length;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isIndex(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isIndexArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.every(isIndex);
}

function parseMetadata(raw: unknown, file: string): Record<string, string> {
  if (!isPlainObject(raw)) {
    throw new CheckpointError(file, METADATA_KEY, `expected an object of strings, got ${describeValue(raw)}`);
  }
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== 'string') {
      throw new CheckpointError(
        file,
        METADATA_KEY,
        `value of "${key}" must be a string, got ${describeValue(value)}`,
      );
    }
  }
  return Object.fromEntries(Object.entries(raw)) as Record<string, string>;
}

function parseTensorInfo(name: string, raw: unknown, file: string): SafetensorsTensorInfo {
  const fail = (reason: string): never => {
    throw new CheckpointError(file, name, reason);
  };
  if (!isPlainObject(raw)) return fail(`expected {dtype, shape, data_offsets}, got ${describeValue(raw)}`);
  const { dtype, shape, data_offsets: offsets } = raw;
  if (typeof dtype !== 'string' || !(SAFETENSORS_FILE_DTYPES as readonly string[]).includes(dtype)) {
    return fail(
      `unknown dtype ${describeValue(dtype)}; expected one of ${SAFETENSORS_FILE_DTYPES.join(', ')}`,
    );
  }
  if (!isIndexArray(shape)) {
    return fail(`shape must be an array of non-negative integers, got ${describeValue(shape)}`);
  }
  if (!isIndexArray(offsets) || offsets.length !== 2 || offsets[0] > offsets[1]) {
    return fail(
      `data_offsets must be [begin, end] with integers 0 <= begin <= end, got ${describeValue(offsets)}`,
    );
  }
  const known = dtype as SafetensorsFileDType;
  let bytes = DTYPE_BYTES[known];
  for (const dim of shape) {
    bytes *= dim;
    if (!Number.isSafeInteger(bytes)) return fail(`shape ${describeValue(shape)} is too large`);
  }
  const [begin, end] = offsets;
  if (end - begin !== bytes) {
    fail(
      `dtype ${known} with shape [${shape.join(', ')}] needs ${bytes} bytes, ` +
        `but data_offsets [${begin}, ${end}] span ${end - begin} bytes`,
    );
  }
  return { dtype: known, shape, dataOffsets: [begin, end] };
}

/**
 * Parses and validates a header. Checks, in order: UTF-8, JSON object, metadata strings,
 * per-tensor dtype/shape/offsets and size, then that the tensors tile the data buffer and
 * that the file holds exactly the data the header describes.
 *
 * @param headerBytes - the `N` header bytes (after the 8-byte length).
 * @param fileSize - total size of the file in bytes.
 * @param file - path used in error messages.
 * @throws CheckpointError naming the offending tensor (or header field) and what was expected.
 */
export function parseSafetensorsHeader(
  headerBytes: Uint8Array,
  fileSize: number,
  file: string,
): SafetensorsHeader {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(headerBytes);
  } catch {
    throw new CheckpointError(file, undefined, 'header is not valid UTF-8; the file is corrupt');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CheckpointError(file, undefined, `header is not valid JSON (${(error as Error).message})`);
  }
  if (!isPlainObject(json)) {
    throw new CheckpointError(
      file,
      undefined,
      `header must be a JSON object {name: {dtype, shape, data_offsets}}, got ${describeValue(json)}`,
    );
  }
  let metadata: Record<string, string> = {};
  const entries: [string, SafetensorsTensorInfo][] = [];
  for (const [name, raw] of Object.entries(json)) {
    if (name === METADATA_KEY) metadata = parseMetadata(raw, file);
    else if (name === '') throw new CheckpointError(file, '""', 'tensor names must not be empty');
    else entries.push([name, parseTensorInfo(name, raw, file)]);
  }
  entries.sort(([, a], [, b]) => a.dataOffsets[0] - b.dataOffsets[0] || a.dataOffsets[1] - b.dataOffsets[1]);
  let position = 0;
  let previous = '';
  for (const [name, { dataOffsets }] of entries) {
    const [begin, end] = dataOffsets;
    if (begin < position) {
      throw new CheckpointError(
        file,
        name,
        `data_offsets [${begin}, ${end}] overlap tensor "${previous}", which ends at byte ${position}`,
      );
    }
    if (begin > position) {
      throw new CheckpointError(
        file,
        name,
        `data_offsets start at byte ${begin}, but the previous tensor ends at byte ${position}: ` +
          `bytes [${position}, ${begin}) of the data buffer belong to no tensor`,
      );
    }
    position = end;
    previous = name;
  }
  const dataStart = 8 + headerBytes.byteLength;
  const available = fileSize - dataStart;
  if (position > available) {
    const [name, info] = entries.find(([, t]) => t.dataOffsets[1] > available) as [
      string,
      SafetensorsTensorInfo,
    ];
    throw new CheckpointError(
      file,
      name,
      `data ends at byte ${dataStart + info.dataOffsets[1]} of the file, but the file has only ` +
        `${fileSize} bytes; the file is truncated`,
    );
  }
  if (position < available) {
    throw new CheckpointError(
      file,
      undefined,
      `${available - position} unexpected bytes after the last tensor's data (which ends at byte ` +
        `${dataStart + position}); a safetensors file ends where its data ends`,
    );
  }
  return { tensors: new Map(entries), metadata, dataStart, dataLength: position };
}
