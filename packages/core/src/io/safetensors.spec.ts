import { expectCheckpointError } from './__fixtures__/expect-checkpoint-error';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { CheckpointError } from '../errors';
import {
  entriesToTensors,
  parseSafetensors,
  readSafetensorsFile,
  readSafetensorsHeader,
  type SafetensorsEntry,
} from './safetensors';
import { serializeSafetensors, tensorsToEntries, type SafetensorsInput } from './safetensors-writer';

/** A safetensors file from a header (object or raw text) and data bytes; no padding. */
function fixture(header: object | string, data: ArrayLike<number> = []): Uint8Array {
  const json = Buffer.from(typeof header === 'string' ? header : JSON.stringify(header), 'utf8');
  const out = new Uint8Array(8 + json.byteLength + data.length);
  new DataView(out.buffer).setUint32(0, json.byteLength, true);
  out.set(json, 8);
  out.set(Array.from(data), 8 + json.byteLength);
  return out;
}

function le(array: Float32Array | Int32Array | Uint16Array | Float64Array): number[] {
  return [...new Uint8Array(array.buffer, array.byteOffset, array.byteLength)];
}

function bits(values: Float32Array): number[] {
  return [...new Uint32Array(values.buffer, values.byteOffset, values.length)];
}

let dir: string;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hp-st-'));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('parseSafetensors on hand-built files', () => {
  it('decodes every supported dtype from little-endian bytes', () => {
    const f32 = new Float32Array([1.5, -2]);
    const f16 = new Uint16Array([0x3c00, 0xc000, 0x0001]); // 1, -2, 2^-24
    const bf16 = new Uint16Array([0x3f80, 0x4049]); // 1, 3.140625
    const f64 = new Float64Array([0.25, -1e300]);
    const i32 = new Int32Array([-(2 ** 31), 2 ** 31 - 1]);
    const i64 = new Int32Array([-5, -1, 2 ** 31 - 1, 0, -(2 ** 31), -1]); // -5, 2^31-1, -2^31
    const data = [...le(f32), ...le(f16), ...le(bf16), ...le(f64), ...le(i32), ...le(i64)];
    const header = {
      a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
      b: { dtype: 'F16', shape: [3], data_offsets: [8, 14] },
      c: { dtype: 'BF16', shape: [2, 1], data_offsets: [14, 18] },
      d: { dtype: 'F64', shape: [2], data_offsets: [18, 34] },
      e: { dtype: 'I32', shape: [1, 2], data_offsets: [34, 42] },
      f: { dtype: 'I64', shape: [3], data_offsets: [42, 66] },
    };
    // -1e300 overflows float32: refused by default, decoded as -Infinity on request.
    expectCheckpointError(
      () => parseSafetensors(fixture(header, data)),
      'd',
      /element 1 is -Infinity \(as float32\); 1 of 2 values are not finite .*allowNonFinite: true/,
    );
    const { tensors, metadata } = parseSafetensors(fixture(header, data), '<memory>', {
      allowNonFinite: true,
    });
    expect(metadata).toEqual({});
    const get = (name: string): SafetensorsEntry => tensors.get(name)!;
    expect(Array.from(get('a').data)).toEqual([1.5, -2]);
    expect(Array.from(get('b').data)).toEqual([1, -2, 2 ** -24]);
    expect(get('c')).toEqual({ dtype: 'BF16', shape: [2, 1], data: new Float32Array([1, 3.140625]) });
    expect(Array.from(get('d').data)).toEqual([0.25, -Infinity]); // F64 -> F32 rounds, -1e300 overflows
    expect(get('e').data).toEqual(new Int32Array([-(2 ** 31), 2 ** 31 - 1]));
    expect(get('f')).toEqual({
      dtype: 'I64',
      shape: [3],
      data: new Int32Array([-5, 2 ** 31 - 1, -(2 ** 31)]),
    });
  });

  it('reads unpadded headers, unaligned buffers, scalars and empty tensors', () => {
    const header = {
      s: { dtype: 'F32', shape: [], data_offsets: [0, 4] },
      z: { dtype: 'F32', shape: [0, 3], data_offsets: [4, 4] },
      h: { dtype: 'F16', shape: [1], data_offsets: [4, 6] },
    };
    const file = fixture(header, [...le(new Float32Array([7])), 0x00, 0x3c]);
    expect((8 + file.byteLength) % 2).not.toBe(0);
    const shifted = new Uint8Array(file.byteLength + 3);
    shifted.set(file, 3);
    const { tensors } = parseSafetensors(shifted.subarray(3));
    expect(tensors.get('s')).toEqual({ dtype: 'F32', shape: [], data: new Float32Array([7]) });
    expect(tensors.get('z')).toEqual({ dtype: 'F32', shape: [0, 3], data: new Float32Array(0) });
    expect(tensors.get('h')?.data).toEqual(new Float32Array([1]));
    expect([...tensors.keys()]).toEqual(['s', 'z', 'h']); // offset order
  });

  it('copies out of a Node Buffer at an odd offset (Buffer.slice would alias it)', () => {
    const header = { w: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } };
    const file = fixture(header, le(new Float32Array([1, 2])));
    const buffer = Buffer.concat([Buffer.alloc(1), Buffer.from(file)]).subarray(1);
    expect(buffer.byteOffset % 4).not.toBe(0);
    const { tensors } = parseSafetensors(buffer);
    buffer.fill(0);
    expect(tensors.get('w')?.data).toEqual(new Float32Array([1, 2]));
  });

  it('refuses an I64 value outside int32, naming the tensor, element and value', () => {
    const big = fixture({ ids: { dtype: 'I64', shape: [2], data_offsets: [0, 16] } }, [
      ...le(new Int32Array([1, 0, 0, 1])), // 1, 2^32
    ]);
    expectCheckpointError(
      () => parseSafetensors(big, 'ids.st'),
      'ids',
      /^ids\.st \[ids\]: I64 element 1 is 4294967296/,
    );
    const low = fixture(
      { ids: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } },
      le(new Int32Array([-1, -2])),
    );
    expectCheckpointError(
      () => parseSafetensors(low),
      'ids',
      /element 0 is -4294967297, outside the int32 range/,
    );
  });

  it('decodes only the selected tensors and skips dtypes it cannot decode', () => {
    const header = {
      mask: { dtype: 'U8', shape: [4], data_offsets: [0, 4] },
      w: { dtype: 'F32', shape: [1], data_offsets: [4, 8] },
    };
    const file = fixture(header, [1, 0, 1, 1, ...le(new Float32Array([3]))]);
    expect(() => parseSafetensors(file, 'm.st')).toThrow(
      /m\.st \[mask\]: dtype U8 cannot be decoded.*`names` option/,
    );
    expect([...parseSafetensors(file, 'm.st', { names: (n) => n !== 'mask' }).tensors.keys()]).toEqual(['w']);
    expect([...parseSafetensors(file, 'm.st', { names: ['w'] }).tensors.keys()]).toEqual(['w']);
    expect(() => parseSafetensors(file, 'm.st', { names: ['w', 'v'] })).toThrow(
      /m\.st \[v\]: no such tensor; the file holds 2: mask, w/,
    );
  });

  it('returns metadata and handles a tensor named __proto__', () => {
    const header = {
      __metadata__: { format: 'pt' },
      ['__proto__']: { dtype: 'I32', shape: [1], data_offsets: [0, 4] },
    };
    const text = `{"__metadata__":{"format":"pt","__proto__":"x"},"__proto__":${JSON.stringify(header.__proto__)}}`;
    const { tensors, metadata } = parseSafetensors(fixture(text, le(new Int32Array([9]))));
    expect(tensors.get('__proto__')?.data).toEqual(new Int32Array([9]));
    expect(Object.entries(metadata)).toEqual([
      ['format', 'pt'],
      ['__proto__', 'x'],
    ]);
  });
});

describe('round trip through the writer', () => {
  const values = new Float32Array([1, -2, 0.5, 65504, 2 ** -24, -0, Infinity, 3.25]);

  it('is bit-exact for F32 (even NaN payloads) and I32', () => {
    const f32 = new Float32Array(new Uint32Array([0x3f800000, 0x7fc01234, 0xff800000, 0x00000001]).buffer);
    const i32 = new Int32Array([0, -1, 2 ** 31 - 1, -(2 ** 31)]);
    const bytes = serializeSafetensors(
      new Map<string, SafetensorsInput>([
        ['f', { shape: [2, 2], data: f32 }],
        ['i', { shape: [4], data: i32 }],
      ]),
    );
    const { tensors } = parseSafetensors(bytes, '<memory>', { allowNonFinite: true });
    expect(tensors.get('f')?.dtype).toBe('F32');
    expect(bits(tensors.get('f')!.data as Float32Array)).toEqual(bits(f32));
    expect(tensors.get('i')).toEqual({ dtype: 'I32', shape: [4], data: i32 });
  });

  it.each(['F16', 'BF16', 'F64'] as const)('is exact for values representable in %s', (dtype) => {
    const exact = dtype === 'BF16' ? values.map((v) => (v === 65504 || v === 3.25 ? 2 : v)) : values;
    const bytes = serializeSafetensors(new Map([['x', { dtype, shape: [2, 4], data: exact }]]));
    const entry = parseSafetensors(bytes, '<memory>', { allowNonFinite: true }).tensors.get('x')!;
    expect(entry.dtype).toBe(dtype);
    expect(entry.shape).toEqual([2, 4]);
    expect(bits(entry.data as Float32Array)).toEqual(bits(exact));
  });

  it('is exact for I64 written from int32 values', () => {
    const i = new Int32Array([5, -5, 2 ** 31 - 1, -(2 ** 31)]);
    const bytes = serializeSafetensors(new Map([['i', { dtype: 'I64', shape: [4], data: i }]]));
    expect(parseSafetensors(bytes).tensors.get('i')).toEqual({ dtype: 'I64', shape: [4], data: i });
  });

  it('reads the same from disk, and the header alone, as from memory', () => {
    const file = path.join(dir, 'w.safetensors');
    const bytes = serializeSafetensors(
      new Map<string, SafetensorsInput>([
        ['b', { dtype: 'F16', shape: [8], data: values }],
        ['a', { shape: [2], data: new Int32Array([3, 4]) }],
      ]),
      { step: '7' },
    );
    fs.writeFileSync(file, bytes);
    const allow = { allowNonFinite: true };
    expect(readSafetensorsFile(file, allow)).toEqual(parseSafetensors(bytes, file, allow));
    expect([...readSafetensorsFile(file, { names: ['a'] }).tensors.keys()]).toEqual(['a']);
    const header = readSafetensorsHeader(file);
    expect(header.metadata).toEqual({ step: '7' });
    expect(header.dataStart % 8).toBe(0);
    expect(header.dataLength).toBe(8 + 16);
    expect([...header.tensors]).toEqual([
      ['a', { dtype: 'I32', shape: [2], dataOffsets: [0, 8] }],
      ['b', { dtype: 'F16', shape: [8], dataOffsets: [8, 24] }],
    ]);
  });

  it('reports a missing file or a folder as a CheckpointError naming the path', () => {
    const missing = path.join(dir, 'nope.safetensors');
    expect(() => readSafetensorsFile(missing)).toThrow(
      new RegExp(`${missing}: cannot read the file: ENOENT`),
    );
    expect(() => readSafetensorsHeader(dir)).toThrow(CheckpointError);
  });
});

describe('non-finite values', () => {
  const f32 = (values: number[]): number[] => le(new Float32Array(values));
  const header = {
    ids: { dtype: 'I32', shape: [2], data_offsets: [0, 8] },
    w: { dtype: 'F32', shape: [2, 2], data_offsets: [8, 24] },
  };
  const ids = le(new Int32Array([7, -1]));

  it.each([
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['-Infinity', -Infinity],
  ])('a float tensor holding %s is refused, naming file, tensor and element', (text, bad) => {
    const file = path.join(dir, 'w.safetensors');
    fs.writeFileSync(file, fixture(header, [...ids, ...f32([0.5, 1, bad, bad])]));
    const reason = new RegExp(`element 2 is ${text}; 2 of 4 values are not finite.*allowNonFinite: true`);
    expectCheckpointError(() => readSafetensorsFile(file), 'w', reason, file);
    expectCheckpointError(() => parseSafetensors(fs.readFileSync(file), file), 'w', reason, file);
    // Not selected, not read: the integer tensor alone loads.
    expect(readSafetensorsFile(file, { names: ['ids'] }).tensors.get('ids')?.data).toEqual(
      new Int32Array([7, -1]),
    );
  });

  it.each([
    ['F16', 0x7c00, 'Infinity'],
    ['F16', 0x7e00, 'NaN'],
    ['BF16', 0xff80, '-Infinity'],
    ['BF16', 0x7fc0, 'NaN'],
  ])('is refused in %s data too (bits %i)', (dtype, bits16, text) => {
    const bytes = fixture(
      { h: { dtype, shape: [2], data_offsets: [0, 4] } },
      le(new Uint16Array([0, bits16])),
    );
    expectCheckpointError(() => parseSafetensors(bytes), 'h', new RegExp(`element 1 is ${text};`));
  });

  it('loads on request (allowNonFinite: true), values as stored', () => {
    const bytes = fixture(header, [...ids, ...f32([NaN, Infinity, -Infinity, 2])]);
    const w = parseSafetensors(bytes, 'x', { allowNonFinite: true }).tensors.get('w')!;
    expect(Array.from(w.data)).toEqual([NaN, Infinity, -Infinity, 2]);
  });
});

describe('tfjs tensors', () => {
  it('reading creates no tensor; converting creates exactly one per entry', () => {
    const file = path.join(dir, 't.safetensors');
    const source = new Map<string, tf.Tensor>([
      [
        'w',
        tf.tensor2d([
          [1, 2, 3],
          [4, 5, 6],
        ]),
      ],
      ['ids', tf.tensor1d([7, -8], 'int32')],
      ['flag', tf.tensor1d([true, false], 'bool')],
    ]);
    const before = tf.memory().numTensors;
    fs.writeFileSync(file, serializeSafetensors(tensorsToEntries(source)));
    const { tensors: entries } = readSafetensorsFile(file);
    expect(tf.memory().numTensors).toBe(before);
    const tensors = entriesToTensors(entries);
    expect(tf.memory().numTensors).toBe(before + 3);
    expect(tensors.get('w')?.dtype).toBe('float32');
    expect(tensors.get('w')?.arraySync()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(tensors.get('ids')?.dtype).toBe('int32');
    expect(tensors.get('ids')?.arraySync()).toEqual([7, -8]);
    expect(tensors.get('flag')?.arraySync()).toEqual([1, 0]);
    for (const t of [...tensors.values(), ...source.values()]) t.dispose();
    expect(tf.memory().numTensors).toBe(before - 3);
  });

  it('disposes what it made when a later entry is invalid', () => {
    const before = tf.memory().numTensors;
    const entries = new Map([
      ['ok', { shape: [1], data: new Float32Array([1]) }],
      ['bad', { shape: [3], data: new Float32Array([1]) }],
    ]);
    expect(() => entriesToTensors(entries)).toThrow();
    expect(tf.memory().numTensors).toBe(before);
  });
});
