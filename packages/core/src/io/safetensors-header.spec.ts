import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CheckpointError } from '../errors';
import { parseSafetensors, readSafetensorsFile, readSafetensorsHeader } from './safetensors';
import {
  dtypeByteSize,
  MAX_HEADER_BYTES,
  parseSafetensorsHeader,
  readHeaderLength,
} from './safetensors-header';

const FILE = 'bad.safetensors';

/** A file from a header (object or raw text), data bytes and an optional forged length. */
function fixture(header: object | string, dataBytes = 0, length?: number): Uint8Array {
  const json = Buffer.from(typeof header === 'string' ? header : JSON.stringify(header), 'utf8');
  const out = new Uint8Array(8 + json.byteLength + dataBytes);
  const view = new DataView(out.buffer);
  const n = length ?? json.byteLength;
  view.setUint32(0, n % 2 ** 32, true);
  view.setUint32(4, Math.floor(n / 2 ** 32), true);
  out.set(json, 8);
  return out;
}

/** Asserts that parsing `bytes` throws a CheckpointError for `key` whose message matches `reason`. */
function expectRejected(bytes: Uint8Array, key: string | undefined, reason: RegExp): void {
  let error: unknown;
  try {
    parseSafetensors(bytes, FILE);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(CheckpointError);
  const { file, key: actualKey, message } = error as CheckpointError;
  expect(file).toBe(FILE);
  expect(actualKey).toBe(key);
  expect(message).toMatch(reason);
}

const f32 = (shape: number[], offsets: unknown): object => ({ dtype: 'F32', shape, data_offsets: offsets });

describe('a valid header', () => {
  it('may be empty, or hold only metadata', () => {
    expect(parseSafetensors(fixture('{}  ')).tensors.size).toBe(0);
    expect(parseSafetensors(fixture({ __metadata__: {} })).metadata).toEqual({});
  });

  it('knows the size of every format dtype', () => {
    expect(dtypeByteSize('BOOL')).toBe(1);
    expect(dtypeByteSize('BF16')).toBe(2);
    expect(dtypeByteSize('U64')).toBe(8);
  });
});

describe('malformed files are refused with a CheckpointError', () => {
  it.each([0, 1, 7])('a file of %i bytes', (size) => {
    expectRejected(new Uint8Array(size), undefined, new RegExp(`file is ${size} bytes long`));
  });

  it('a header length above the 100 MB limit', () => {
    expectRejected(fixture('{}', 0, 2 ** 40), undefined, /header length 1099511627776 exceeds the limit/);
    expectRejected(fixture('{}', 0, MAX_HEADER_BYTES + 1), undefined, /exceeds the limit of 100000000 bytes/);
  });

  it('a header length beyond the end of the file', () => {
    expectRejected(
      fixture('{}', 0, 3),
      undefined,
      /header length 3 runs past the end of the file \(only 2 bytes/,
    );
  });

  it('a header that is not UTF-8, not JSON, or not an object', () => {
    const bytes = fixture('{}');
    bytes.set([0xff, 0xfe], 8);
    expectRejected(bytes, undefined, /header is not valid UTF-8/);
    expectRejected(fixture('{"a": '), undefined, /header is not valid JSON/);
    expectRejected(fixture(''), undefined, /header is not valid JSON/);
    expectRejected(fixture('[]'), undefined, /header must be a JSON object .*, got \[\]/);
    expectRejected(fixture('null'), undefined, /got null/);
  });

  it('an entry that is not an object', () => {
    expectRejected(fixture({ w: 5 }), 'w', /expected \{dtype, shape, data_offsets\}, got 5/);
  });

  it('an unknown or missing dtype', () => {
    expectRejected(
      fixture({ w: { dtype: 'F33', shape: [], data_offsets: [0, 4] } }, 4),
      'w',
      /unknown dtype "F33"; expected one of BOOL, .*F32/,
    );
    expectRejected(fixture({ w: { shape: [], data_offsets: [0, 4] } }, 4), 'w', /unknown dtype undefined/);
  });

  it.each([
    ['missing', undefined],
    ['negative', [-1, 2]],
    ['fractional', [1.5]],
    ['a string', '2x2'],
    ['with a string', ['2']],
  ])('a shape that is %s', (_, shape) => {
    expectRejected(
      fixture({ w: { dtype: 'F32', shape, data_offsets: [0, 0] } }),
      'w',
      /shape must be an array of non-negative integers/,
    );
  });

  it.each([
    ['missing', undefined],
    ['of length 3', [0, 4, 8]],
    ['negative', [-4, 0]],
    ['fractional', [0, 3.5]],
    ['strings', ['0', '4']],
    ['reversed', [4, 0]],
    ['beyond 2^53', [0, 2 ** 60]],
  ])('data_offsets that are %s', (_, offsets) => {
    expectRejected(
      fixture({ w: f32([1], offsets) }, 4),
      'w',
      /data_offsets must be \[begin, end\] with integers 0 <= begin <= end/,
    );
  });

  it('a size that does not match dtype and shape', () => {
    expectRejected(
      fixture({ w: f32([2, 3], [0, 20]) }, 20),
      'w',
      /dtype F32 with shape \[2, 3\] needs 24 bytes, but data_offsets \[0, 20\] span 20 bytes/,
    );
    expectRejected(fixture({ w: f32([2 ** 30, 2 ** 30, 2 ** 30], [0, 8]) }, 8), 'w', /is too large/);
  });

  it('overlapping tensors', () => {
    const header = { a: f32([2], [0, 8]), b: f32([2], [4, 12]) };
    expectRejected(
      fixture(header, 12),
      'b',
      /data_offsets \[4, 12\] overlap tensor "a", which ends at byte 8/,
    );
    expectRejected(fixture({ a: f32([2], [0, 8]), b: f32([2], [0, 8]) }, 8), 'b', /overlap tensor "a"/);
  });

  it('holes in the data buffer, at the start or between tensors', () => {
    expectRejected(
      fixture({ a: f32([1], [4, 8]) }, 8),
      'a',
      /bytes \[0, 4\) of the data buffer belong to no tensor/,
    );
    const header = { a: f32([1], [0, 4]), b: f32([1], [8, 12]) };
    expectRejected(fixture(header, 12), 'b', /starts? at byte 8, but the previous tensor ends at byte 4/);
  });

  it('truncated data, naming the first tensor cut off', () => {
    const header = { a: f32([1], [0, 4]), b: f32([2], [4, 12]), c: f32([1], [12, 16]) };
    const json = JSON.stringify(header).length;
    expectRejected(
      fixture(header, 10),
      'b',
      new RegExp(
        `data ends at byte ${8 + json + 12} of the file, but the file has only ${8 + json + 10} bytes; the file is truncated`,
      ),
    );
  });

  it('bytes after the end of the data', () => {
    expectRejected(
      fixture({ a: f32([1], [0, 4]) }, 7),
      undefined,
      /3 unexpected bytes after the last tensor's data/,
    );
  });

  it('metadata that is not an object of strings', () => {
    expectRejected(
      fixture({ __metadata__: ['x'] }),
      '__metadata__',
      /expected an object of strings, got \["x"\]/,
    );
    expectRejected(
      fixture({ __metadata__: { step: 3 } }),
      '__metadata__',
      /value of "step" must be a string, got 3/,
    );
  });

  it('an empty tensor name', () => {
    expectRejected(fixture({ '': f32([], [0, 4]) }, 4), '""', /tensor names must not be empty/);
  });
});

describe('header-only reading', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hp-sth-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists a file it cannot decode and checks the size against the header', () => {
    const file = path.join(dir, 'm.safetensors');
    fs.writeFileSync(
      file,
      fixture({ __metadata__: { a: 'b' }, m: { dtype: 'U8', shape: [3], data_offsets: [0, 3] } }, 3),
    );
    const header = readSafetensorsHeader(file);
    expect([...header.tensors.keys()]).toEqual(['m']);
    expect(header.metadata).toEqual({ a: 'b' });
    fs.truncateSync(file, fs.statSync(file).size - 1);
    expect(() => readSafetensorsHeader(file)).toThrow(/\[m\]: data ends at byte .* the file is truncated/);
    expect(() => readSafetensorsFile(file, { names: () => false })).toThrow(CheckpointError);
  });

  it('reports a short file by its path', () => {
    const file = path.join(dir, 'short.safetensors');
    fs.writeFileSync(file, new Uint8Array(5));
    expect(() => readSafetensorsHeader(file)).toThrow(`${file}: file is 5 bytes long`);
  });

  it('exposes the low-level steps', () => {
    expect(readHeaderLength(fixture('{}'), 10, 'x')).toBe(2);
    const json = Buffer.from('{"a":{"dtype":"I8","shape":[2],"data_offsets":[0,2]}}');
    const header = parseSafetensorsHeader(json, 8 + json.byteLength + 2, 'x');
    expect(header).toMatchObject({ dataStart: 8 + json.byteLength, dataLength: 2, metadata: {} });
  });
});
