import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { ConfigError, ShapeError } from '../errors';
import { parseSafetensors } from './safetensors';
import { dtypeByteSize, parseSafetensorsHeader } from './safetensors-header';
import {
  serializeSafetensors,
  tensorsToEntries,
  writeSafetensorsFile,
  type SafetensorsInput,
} from './safetensors-writer';

function headerText(bytes: Uint8Array): string {
  const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
  return Buffer.from(bytes.subarray(8, 8 + length)).toString('utf8');
}

const range6 = new Float32Array([0, 1, 2, 3, 4, 5]);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('serializeSafetensors', () => {
  // Expected bytes copied from the reference implementation's own unit tests
  // (huggingface/safetensors, safetensors/src/tensor.rs: test_serialization, test_empty,
  // test_serialization_forced_alignement).
  it('matches the reference implementation byte for byte', () => {
    const out = serializeSafetensors(new Map([['attn.0', { shape: [1, 2, 3], data: range6 }]]));
    expect([...out]).toEqual([
      64, 0, 0, 0, 0, 0, 0, 0, 123, 34, 97, 116, 116, 110, 46, 48, 34, 58, 123, 34, 100, 116, 121, 112, 101,
      34, 58, 34, 70, 51, 50, 34, 44, 34, 115, 104, 97, 112, 101, 34, 58, 91, 49, 44, 50, 44, 51, 93, 44, 34,
      100, 97, 116, 97, 95, 111, 102, 102, 115, 101, 116, 115, 34, 58, 91, 48, 44, 50, 52, 93, 125, 125, 0, 0,
      0, 0, 0, 0, 128, 63, 0, 0, 0, 64, 0, 0, 64, 64, 0, 0, 128, 64, 0, 0, 160, 64,
    ]);
    expect([...serializeSafetensors(new Map())]).toEqual([
      8, 0, 0, 0, 0, 0, 0, 0, 123, 125, 32, 32, 32, 32, 32, 32,
    ]);
    expect([...serializeSafetensors(new Map(), { framework: 'pt' })]).toEqual([
      40, 0, 0, 0, 0, 0, 0, 0, 123, 34, 95, 95, 109, 101, 116, 97, 100, 97, 116, 97, 95, 95, 34, 58, 123, 34,
      102, 114, 97, 109, 101, 119, 111, 114, 107, 34, 58, 34, 112, 116, 34, 125, 125, 32, 32, 32, 32, 32,
    ]);
    const padded = serializeSafetensors(new Map([['attn0', { shape: [1, 1, 2, 3], data: range6 }]]));
    expect(padded[0]).toBe(72);
    expect(headerText(padded)).toBe(
      '{"attn0":{"dtype":"F32","shape":[1,1,2,3],"data_offsets":[0,24]}}       ', // 7 spaces of padding
    );
  });

  it('orders tensors by descending element size, then by UTF-8 name, keeping every offset aligned', () => {
    const tensors = new Map<string, SafetensorsInput>([
      ['b', { shape: [1], data: new Float32Array([1]) }],
      ['a', { dtype: 'F16', shape: [3], data: new Float32Array([1, 2, 3]) }],
      ['10', { dtype: 'I64', shape: [1], data: new Int32Array([1]) }],
      ['2', { dtype: 'F64', shape: [1], data: new Float32Array([1]) }],
      ['\uff01', { shape: [], data: new Float32Array([1]) }],
      ['\u{1f600}', { shape: [], data: new Float32Array([1]) }],
      ['c', { dtype: 'BF16', shape: [1], data: new Float32Array([1]) }],
    ]);
    const bytes = serializeSafetensors(tensors);
    const header = headerText(bytes);
    const order = [...header.matchAll(/"([^"]+)":\{"dtype"/gu)].map((m) => m[1]);
    // I64 > F64 > F32 > BF16 > F16 (the format's order); '\uff01' < '\u{1f600}' in UTF-8 bytes.
    expect(order).toEqual(['10', '2', 'b', '\uff01', '\u{1f600}', 'c', 'a']);
    expect(Buffer.byteLength(header) % 8).toBe(0);
    const parsed = parseSafetensorsHeader(Buffer.from(header), bytes.byteLength, 'x');
    for (const { dtype, dataOffsets } of parsed.tensors.values()) {
      expect(dataOffsets[0] % dtypeByteSize(dtype)).toBe(0);
    }
  });

  it('writes metadata first, with sorted keys, only when given', () => {
    const bytes = serializeSafetensors(new Map([['w', { shape: [1], data: new Float32Array([1]) }]]), {
      z: '1',
      a: 'é',
    });
    expect(headerText(bytes)).toMatch(/^\{"__metadata__":\{"a":"é","z":"1"\},"w":/);
    expect(parseSafetensors(bytes).metadata).toEqual({ a: 'é', z: '1' });
    expect(headerText(serializeSafetensors(new Map()))).not.toContain('__metadata__');
  });

  it('writes views at an offset of a larger buffer correctly', () => {
    const big = new Float32Array([9, 1, 2, 9]);
    const ints = new Int32Array([9, 5, 6, 9]);
    const bytes = serializeSafetensors(
      new Map<string, SafetensorsInput>([
        ['f', { shape: [2], data: big.subarray(1, 3) }],
        ['h', { dtype: 'F16', shape: [2], data: big.subarray(1, 3) }],
        ['i', { dtype: 'I64', shape: [2], data: ints.subarray(1, 3) }],
      ]),
    );
    const { tensors } = parseSafetensors(bytes);
    expect(Array.from(tensors.get('f')!.data)).toEqual([1, 2]);
    expect(Array.from(tensors.get('h')!.data)).toEqual([1, 2]);
    expect(Array.from(tensors.get('i')!.data)).toEqual([5, 6]);
  });

  it('refuses invalid inputs, naming the tensor', () => {
    const one = new Float32Array([1]);
    const write = (name: string, input: SafetensorsInput) => () =>
      serializeSafetensors(new Map([[name, input]]));
    expect(write('', { shape: [1], data: one })).toThrow(ConfigError);
    expect(write('__metadata__', { shape: [1], data: one })).toThrow(/tensor name: got "__metadata__"/);
    expect(write('w', { dtype: 'I32', shape: [1], data: one })).toThrow(
      /tensors\.w\.dtype: got "I32", expected one of "F32", "F16", "BF16", "F64"/,
    );
    expect(write('w', { dtype: 'F16', shape: [1], data: new Int32Array(1) })).toThrow(/one of "I32", "I64"/);
    expect(write('w', { shape: [2, 2], data: one })).toThrow(ShapeError);
    expect(write('w', { shape: [2, 2], data: one })).toThrow(
      /"w": expected 4 values for shape \[2, 2\], got 1 values/,
    );
    expect(write('w', { shape: [-1], data: one })).toThrow(/non-negative integers/);
    const bad = { k: 3 } as unknown as Record<string, string>;
    expect(() => serializeSafetensors(new Map(), bad)).toThrow(/metadata\.k: got 3, expected a string/);
  });
});

describe('writeSafetensorsFile', () => {
  it('streams exactly the bytes serializeSafetensors builds, atomically', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hp-stw-'));
    try {
      const tensors = new Map<string, SafetensorsInput>([
        ['a', { dtype: 'BF16', shape: [2, 3], data: range6 }],
        ['b', { shape: [6], data: range6 }],
        ['c', { dtype: 'I64', shape: [2], data: new Int32Array([-1, 1]) }],
      ]);
      const file = path.join(dir, 'w.safetensors');
      fs.writeFileSync(file, 'old');
      writeSafetensorsFile(file, tensors, { note: 'x' });
      expect(new Uint8Array(fs.readFileSync(file))).toEqual(serializeSafetensors(tensors, { note: 'x' }));
      expect(fs.readdirSync(dir)).toEqual(['w.safetensors']);
      expect(Array.from(range6)).toEqual([0, 1, 2, 3, 4, 5]); // inputs untouched
      expect(() => writeSafetensorsFile(path.join(dir, 'no', 'x'), tensors)).toThrow(/ENOENT/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('tensorsToEntries', () => {
  it('reads float32, int32 and bool tensors without creating tensors', () => {
    const source = new Map<string, tf.Tensor>([
      ['f', tf.tensor2d([[1, 2]])],
      ['i', tf.tensor1d([3], 'int32')],
      ['b', tf.tensor1d([true, false], 'bool')],
    ]);
    const before = tf.memory().numTensors;
    const entries = tensorsToEntries(source, 'F16');
    expect(tf.memory().numTensors).toBe(before);
    expect(entries.get('f')).toEqual({ dtype: 'F16', shape: [1, 2], data: new Float32Array([1, 2]) });
    expect(entries.get('i')).toEqual({ dtype: 'I32', shape: [1], data: new Int32Array([3]) });
    expect(entries.get('b')).toEqual({ dtype: 'I32', shape: [2], data: new Int32Array([1, 0]) });
    for (const t of source.values()) t.dispose();
  });

  it('refuses complex and string tensors, and a float dtype that is not one', () => {
    const c = tf.complex([1], [2]);
    const s = tf.tensor(['a']);
    expect(() => tensorsToEntries(new Map([['c', c]]))).toThrow(/tensors\.c\.dtype: got "complex64"/);
    expect(() => tensorsToEntries(new Map([['s', s]]))).toThrow(ConfigError);
    expect(() => tensorsToEntries(new Map(), 'I32' as 'F32')).toThrow(/floatDType/);
    c.dispose();
    s.dispose();
  });
});
