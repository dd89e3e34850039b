/**
 * Seeded byte-level and structure-aware mutations of checkpoint and data files, for the fuzzer
 * (see `fuzz.ts`). Every mutation returns the new bytes and a one-line description of what it
 * did, so that a failing case can be reproduced from its seed and understood from its log.
 *
 * @packageDocumentation
 */
import { type Rng } from '@hyperprompt/core';

/** Mutated bytes and what was done to them. */
export interface Mutation {
  /** The new file content. */
  readonly bytes: Uint8Array;
  /** What was done, e.g. `non-finite F16 shared.weight[12] = Infinity`. */
  readonly description: string;
}

/** Picks one element of a non-empty list. */
export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[rng.int(items.length)];
}

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** `bytes` with `insert` spliced in at `at` (replacing `remove` bytes). */
function splice(bytes: Uint8Array, at: number, remove: number, insert: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length - remove + insert.length);
  out.set(bytes.subarray(0, at), 0);
  out.set(insert, at);
  out.set(bytes.subarray(at + remove), at + insert.length);
  return out;
}

function randomBytes(rng: Rng, n: number): Uint8Array {
  return Uint8Array.from({ length: n }, () => rng.int(256));
}

/** Generic mutations that fit any file: flips, truncation, appended garbage, a cut range. */
function generic(rng: Rng, bytes: Uint8Array): Mutation {
  const kind = rng.int(5);
  if (kind === 0 || bytes.length === 0) {
    const out = Uint8Array.from(bytes);
    const n = 1 + rng.int(8);
    const at: number[] = [];
    for (let i = 0; i < n && out.length > 0; i++) {
      const p = rng.int(out.length);
      out[p] ^= 1 << rng.int(8);
      at.push(p);
    }
    return { bytes: out, description: `bit flips at [${at.join(', ')}]` };
  }
  if (kind === 1) {
    const length = rng.int(bytes.length);
    return { bytes: bytes.slice(0, length), description: `truncated to ${length} of ${bytes.length} bytes` };
  }
  if (kind === 2) {
    const extra = randomBytes(rng, 1 + rng.int(64));
    return {
      bytes: splice(bytes, bytes.length, 0, extra),
      description: `${extra.length} random bytes appended`,
    };
  }
  if (kind === 3) {
    const at = rng.int(bytes.length);
    const n = 1 + rng.int(Math.min(64, bytes.length - at));
    return { bytes: splice(bytes, at, n, new Uint8Array(0)), description: `${n} bytes cut at ${at}` };
  }
  const at = rng.int(bytes.length);
  const n = 1 + rng.int(Math.min(32, bytes.length - at));
  return {
    bytes: splice(bytes, at, n, randomBytes(rng, n)),
    description: `${n} bytes at ${at} overwritten with random bytes`,
  };
}

// ---------------------------------------------------------------------------------------------
// safetensors

interface ParsedFile {
  readonly header: Record<string, unknown>;
  readonly dataStart: number;
}

function parseFile(bytes: Uint8Array): ParsedFile {
  const length = Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length))) as Record<
    string,
    unknown
  >;
  return { header, dataStart: 8 + length };
}

/** A safetensors file from a header object (or raw text) and a data buffer. */
function assemble(header: unknown, data: Uint8Array, rawHeader?: string): Uint8Array {
  const json = utf8(rawHeader ?? JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

interface TensorInfo {
  readonly name: string;
  readonly dtype: string;
  readonly shape: number[];
  readonly offsets: [number, number];
}

function tensorsOf(header: Record<string, unknown>): TensorInfo[] {
  return Object.entries(header)
    .filter(([name]) => name !== '__metadata__')
    .map(([name, raw]) => {
      const t = raw as { dtype: string; shape: number[]; data_offsets: [number, number] };
      return { name, dtype: t.dtype, shape: t.shape, offsets: t.data_offsets };
    });
}

const SPECIALS = [NaN, Infinity, -Infinity] as const;

/** Writes a NaN or ±Infinity (or, in F64, a finite value that overflows float32) into a float tensor. */
function injectNonFinite(rng: Rng, bytes: Uint8Array): Mutation | undefined {
  const { header, dataStart } = parseFile(bytes);
  const floats = tensorsOf(header).filter(
    (t) => ['F32', 'F16', 'BF16', 'F64'].includes(t.dtype) && t.offsets[1] > t.offsets[0],
  );
  if (floats.length === 0) return undefined;
  const t = pick(rng, floats);
  const size = { F32: 4, F16: 2, BF16: 2, F64: 8 }[t.dtype] as number;
  const count = (t.offsets[1] - t.offsets[0]) / size;
  const out = Uint8Array.from(bytes);
  const view = new DataView(out.buffer);
  const all = rng.float() < 0.2; // sometimes the whole tensor, as a diverged run leaves it
  const first = all ? 0 : rng.int(count);
  const last = all ? count : first + 1;
  let value: number = pick(rng, SPECIALS);
  if (t.dtype === 'F64' && rng.float() < 0.3) value = pick(rng, [1e300, -1e39]); // finite, but not in float32
  for (let i = first; i < last; i++) {
    const at = dataStart + t.offsets[0] + i * size;
    if (t.dtype === 'F32') view.setFloat32(at, value, true);
    else if (t.dtype === 'F64') view.setFloat64(at, value, true);
    else if (t.dtype === 'F16') {
      view.setUint16(at, Number.isNaN(value) ? 0x7e00 : value > 0 ? 0x7c00 : 0xfc00, true);
    } else view.setUint16(at, Number.isNaN(value) ? 0x7fc0 : value > 0 ? 0x7f80 : 0xff80, true);
  }
  const where = all ? `[all ${count}]` : `[${first}]`;
  return { bytes: out, description: `non-finite ${t.dtype} ${t.name}${where} = ${String(value)}` };
}

/** Changes the 8-byte header length. */
function mutateLength(rng: Rng, bytes: Uint8Array): Mutation {
  const { dataStart } = parseFile(bytes);
  const n = dataStart - 8;
  const value = pick(rng, [
    0n,
    BigInt(n + 1 + rng.int(16)),
    BigInt(Math.max(0, n - 1 - rng.int(16))),
    BigInt(bytes.length),
    2n ** 32n + BigInt(n),
    2n ** 63n + 5n,
    2n ** 64n - 1n,
  ]);
  const out = Uint8Array.from(bytes);
  new DataView(out.buffer).setBigUint64(0, value, true);
  return { bytes: out, description: `header length ${n} -> ${value}` };
}

/** A structure-aware edit of the header JSON, re-serialised with a consistent length field. */
function mutateHeader(rng: Rng, bytes: Uint8Array): Mutation {
  const { header, dataStart } = parseFile(bytes);
  const data = bytes.subarray(dataStart);
  const tensors = tensorsOf(header);
  const t = pick(rng, tensors);
  const entry = header[t.name] as Record<string, unknown>;
  const kind = rng.int(11);
  let what: string;
  if (kind === 0) {
    const dtype = pick(rng, ['F32', 'F16', 'BF16', 'F64', 'I32', 'I64', 'U8', 'BOOL', 'F8_E4M3', 'X', 7]);
    entry.dtype = dtype;
    what = `${t.name}.dtype ${t.dtype} -> ${String(dtype)}`;
  } else if (kind === 1) {
    const shape = [...t.shape];
    const op = rng.int(5);
    if (op === 0 && shape.length > 0) shape[rng.int(shape.length)] += pick(rng, [1, -1, 1000]);
    else if (op === 1) shape.push(pick(rng, [1, 2, 0]));
    else if (op === 2 && shape.length > 0) shape.pop();
    else if (op === 3) shape.reverse();
    else shape.unshift(pick(rng, [-1, 2 ** 53, 0.5]));
    entry.shape = shape;
    what = `${t.name}.shape [${t.shape.join(', ')}] -> [${shape.join(', ')}]`;
  } else if (kind === 2) {
    const [b, e] = t.offsets;
    const d = pick(rng, [1, -1, 2, -2, 4, -4, 1000]);
    const offsets = pick(rng, [
      [b + d, e + d],
      [b, e + d],
      [b + d, e],
      [e, b],
      [b, 2 ** 60],
    ]);
    entry.data_offsets = offsets;
    what = `${t.name}.data_offsets [${b}, ${e}] -> [${offsets.join(', ')}]`;
  } else if (kind === 3) {
    Reflect.deleteProperty(header, t.name);
    what = `tensor ${t.name} removed from the header`;
  } else if (kind === 4) {
    const name = pick(rng, ['', '__proto__', `${t.name}.x`, 'constructor']);
    Reflect.deleteProperty(header, t.name);
    header[name] = entry;
    what = `tensor ${t.name} renamed to ${JSON.stringify(name)}`;
  } else if (kind === 5) {
    header.__metadata__ = pick(rng, [{ format: 3 }, [], 'x', null, { a: { b: 'c' } }]);
    what = `__metadata__ -> ${JSON.stringify(header.__metadata__)}`;
  } else if (kind === 6) {
    const field = pick(rng, ['dtype', 'shape', 'data_offsets']);
    Reflect.deleteProperty(entry, field);
    what = `${t.name}.${field} removed`;
  } else if (kind === 7) {
    const value = pick(rng, [null, 'x', 3, [], { dtype: 'F32' }]);
    header[t.name] = value;
    what = `${t.name} -> ${JSON.stringify(value)}`;
  } else if (kind === 8) {
    const raw = pick(rng, [
      '[]',
      'null',
      '"x"',
      '{',
      `{"a": 1}`,
      '{"a": {"dtype": "F32", "shape": [], "data_offsets": [0, 4]}}',
    ]);
    return { bytes: assemble(undefined, data, raw), description: `header replaced by ${raw}` };
  } else if (kind === 9) {
    // Two tensors of equal size trade places: the file stays valid, the values are wrong but finite.
    const other = tensors.find((u) => u !== t && u.offsets[1] - u.offsets[0] === t.offsets[1] - t.offsets[0]);
    if (other === undefined) return mutateLength(rng, bytes);
    (header[other.name] as Record<string, unknown>).data_offsets = t.offsets;
    entry.data_offsets = other.offsets;
    what = `data of ${t.name} and ${other.name} swapped`;
  } else {
    // Whitespace padding after the JSON is allowed by the format: the file must still load.
    const raw = `${JSON.stringify(header)}${' '.repeat(1 + rng.int(7))}`;
    return { bytes: assemble(undefined, data, raw), description: 'header padded with spaces' };
  }
  return { bytes: assemble(header, data), description: `header: ${what}` };
}

/**
 * One or two mutations of a safetensors file: NaN/±Infinity injected into a float tensor
 * (the most frequent), a structure-aware header edit, the length field, header or body bytes,
 * truncation, appended garbage.
 *
 * @param rng - the case's generator.
 * @param bytes - a valid safetensors file.
 */
export function mutateSafetensors(rng: Rng, bytes: Uint8Array): Mutation {
  const kind = rng.int(10);
  if (kind <= 2) return injectNonFinite(rng, bytes) ?? generic(rng, bytes);
  if (kind <= 4) return mutateHeader(rng, bytes);
  if (kind === 5) return mutateLength(rng, bytes);
  if (kind === 6) {
    const { dataStart } = parseFile(bytes);
    const out = Uint8Array.from(bytes);
    const at = 8 + rng.int(dataStart - 8);
    const value = pick(rng, [0x00, 0x22, 0x7b, 0x7d, 0x5c, 0xff, 0xc3, 0x30 + rng.int(10), rng.int(256)]);
    out[at] = value;
    return { bytes: out, description: `header byte ${at} -> 0x${value.toString(16)}` };
  }
  if (kind === 7) {
    const { dataStart } = parseFile(bytes);
    if (bytes.length <= dataStart) return generic(rng, bytes);
    const at = dataStart + rng.int(bytes.length - dataStart);
    const n = 1 + rng.int(Math.min(16, bytes.length - at));
    const out = Uint8Array.from(bytes);
    out.set(randomBytes(rng, n), at);
    return { bytes: out, description: `${n} data bytes at ${at} randomised` };
  }
  return generic(rng, bytes);
}

// ---------------------------------------------------------------------------------------------
// JSON files (config.json, bundle.json, state.json, latest.json)

function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [
    prefix,
    ...keys.flatMap((k) => paths((value as Record<string | number, unknown>)[k], [...prefix, k])),
  ];
}

/**
 * A mutation of a JSON file: a field set to a value of another type (or removed), or a
 * generic byte mutation.
 *
 * @param rng - the case's generator.
 * @param bytes - a valid JSON file.
 */
export function mutateJson(rng: Rng, bytes: Uint8Array): Mutation {
  if (rng.float() < 0.4) return generic(rng, bytes);
  const root = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
  const candidates = paths(root).filter((p) => p.length > 0);
  if (candidates.length === 0) return generic(rng, bytes);
  const path = pick(rng, candidates);
  const parent = path
    .slice(0, -1)
    .reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], root) as
    Record<string | number, unknown> | unknown[];
  const key = path[path.length - 1];
  const remove = rng.float() < 0.2;
  const value = pick(rng, [null, -1, 0, 1.5, 2 ** 53, 'x', '', true, [], {}, [1, 'a'], { k: 1 }]);
  if (remove && !Array.isArray(parent)) Reflect.deleteProperty(parent, key);
  else (parent as Record<string | number, unknown>)[key] = value;
  const description = remove ? `${path.join('.')} removed` : `${path.join('.')} -> ${JSON.stringify(value)}`;
  return { bytes: utf8(JSON.stringify(root)), description };
}

// ---------------------------------------------------------------------------------------------
// text data files (TSV, JSONL)

const INVALID_UTF8: readonly (readonly number[])[] = [
  [0xe9], // Latin-1 é
  [0x80], // lone continuation byte
  [0xc3], // lead byte without its continuation
  [0xc0, 0x80], // overlong NUL
  [0xe0, 0x80, 0x80], // overlong 3-byte form
  [0xed, 0xa0, 0x80], // UTF-16 surrogate
  [0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
  [0xff],
  [0xe2, 0x82], // cut 3-byte sequence
];

const SPECIAL_TEXT = [
  '\t',
  '\n',
  '\r',
  '\r\n',
  '"',
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '\\',
  '\u0000',
  '\uFEFF',
  'NaN',
  '-1',
  '1e999',
  '\t\t',
];

function lineStarts(bytes: Uint8Array): number[] {
  const starts = [0];
  bytes.forEach((b, i) => {
    if (b === 0x0a && i + 1 < bytes.length) starts.push(i + 1);
  });
  return starts;
}

/**
 * A mutation of a UTF-8 text data file: invalid UTF-8 inserted (a Latin-1 byte, a cut or
 * overlong sequence, a surrogate) or made by cutting a multi-byte character, a special
 * character (tab, line break, quote, brace, NUL, BOM) inserted, a line dropped, duplicated or
 * swapped, a cell replaced, or a generic byte mutation.
 *
 * @param rng - the case's generator.
 * @param bytes - a valid UTF-8 text file.
 */
export function mutateText(rng: Rng, bytes: Uint8Array): Mutation {
  const kind = rng.int(9);
  if (kind <= 1) {
    const seq = Uint8Array.from(pick(rng, INVALID_UTF8));
    const at = rng.int(bytes.length + 1);
    return {
      bytes: splice(bytes, at, 0, seq),
      description: `invalid UTF-8 [${[...seq].map((b) => b.toString(16)).join(' ')}] at ${at}`,
    };
  }
  if (kind === 2) {
    const leads = [...bytes.keys()].filter((i) => bytes[i] >= 0xc2 && bytes[i] <= 0xf4);
    if (leads.length > 0) {
      const at = pick(rng, leads);
      return {
        bytes: splice(bytes, at + 1, 1, new Uint8Array(0)),
        description: `multi-byte character at ${at} cut`,
      };
    }
  }
  if (kind === 3) {
    const text = pick(rng, SPECIAL_TEXT);
    const at = rng.int(bytes.length + 1);
    return {
      bytes: splice(bytes, at, 0, utf8(text)),
      description: `${JSON.stringify(text)} inserted at ${at}`,
    };
  }
  if (kind === 4) {
    const starts = lineStarts(bytes);
    const i = rng.int(starts.length);
    const end = i + 1 < starts.length ? starts[i + 1] : bytes.length;
    const line = bytes.slice(starts[i], end);
    const op = rng.int(3);
    if (op === 0)
      return {
        bytes: splice(bytes, starts[i], end - starts[i], new Uint8Array(0)),
        description: `line ${i + 1} removed`,
      };
    if (op === 1)
      return { bytes: splice(bytes, starts[i], 0, line), description: `line ${i + 1} duplicated` };
    const lines = starts.map((s, k) =>
      bytes.subarray(s, k + 1 < starts.length ? starts[k + 1] : bytes.length),
    );
    const j = rng.int(lines.length);
    [lines[i], lines[j]] = [lines[j], lines[i]];
    return {
      bytes: Uint8Array.from(Buffer.concat(lines)),
      description: `lines ${i + 1} and ${j + 1} swapped`,
    };
  }
  if (kind === 5) {
    // Replace a token (a run of letters or digits) with another value.
    const text = new TextDecoder().decode(bytes);
    const tokens = [...text.matchAll(/[A-Za-z0-9_.-]+/g)];
    if (tokens.length > 0) {
      const token = pick(rng, tokens);
      const value = pick(rng, [
        '',
        'true',
        'false',
        'null',
        '-1',
        '99',
        '0.5',
        'nan',
        'entailment',
        'x'.repeat(300),
        '{}',
        '[]',
      ]);
      const index = token.index;
      const replaced = `${text.slice(0, index)}${value}${text.slice(index + token[0].length)}`;
      return {
        bytes: utf8(replaced),
        description: `token ${JSON.stringify(token[0])} at ${index} -> ${JSON.stringify(value)}`,
      };
    }
  }
  if (kind === 6 && rng.float() < 0.3) return { bytes: new Uint8Array(0), description: 'emptied' };
  return generic(rng, bytes);
}
