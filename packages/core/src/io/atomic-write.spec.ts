import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CheckpointError } from '../errors';
import { writeFileAtomic, writeFileAtomicAsync, writeJsonAtomic, writeJsonAtomicAsync } from './atomic-write';

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hp-atomic-'));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A chunk source that yields one chunk, records the folder listing, then fails. */
function* failingChunks(seen: string[][]): Iterable<Uint8Array> {
  yield new Uint8Array([1, 2, 3]);
  seen.push(fs.readdirSync(dir));
  throw new Error('serialisation failed');
}

async function* failingAsyncChunks(): AsyncIterable<Uint8Array> {
  yield new Uint8Array([1, 2, 3]);
  await Promise.resolve();
  throw new Error('async serialisation failed');
}

describe('writeFileAtomic', () => {
  it('creates and replaces a file from a string, bytes or chunks, leaving no temp file', () => {
    const target = path.join(dir, 'a.txt');
    writeFileAtomic(target, 'héllo');
    expect(fs.readFileSync(target, 'utf8')).toBe('héllo');
    writeFileAtomic(target, new Uint8Array([0, 255, 7]));
    expect([...fs.readFileSync(target)]).toEqual([0, 255, 7]);
    writeFileAtomic(target, [new Uint8Array([1]), new Uint8Array(0), new Uint8Array([2, 3])]);
    expect([...fs.readFileSync(target)]).toEqual([1, 2, 3]);
    writeFileAtomic(target, '');
    expect(fs.readFileSync(target, 'utf8')).toBe('');
    expect(fs.readdirSync(dir)).toEqual(['a.txt']);
  });

  it('writes through a temp file named with the pid beside the target, old content visible meanwhile', () => {
    const target = path.join(dir, 'b.bin');
    writeFileAtomic(target, 'old');
    const during: string[] = [];
    function* chunks(): Iterable<Uint8Array> {
      yield Buffer.from('new');
      during.push(...fs.readdirSync(dir));
      expect(fs.readFileSync(target, 'utf8')).toBe('old');
    }
    writeFileAtomic(target, chunks());
    const temp = during.find((name) => name !== 'b.bin');
    expect(temp).toMatch(new RegExp(`^\\.b\\.bin\\.${process.pid}\\.[0-9a-f]{12}\\.tmp$`));
    expect(fs.readFileSync(target, 'utf8')).toBe('new');
    expect(fs.readdirSync(dir)).toEqual(['b.bin']);
  });

  it('keeps the old content and removes the temp file when producing the data throws', () => {
    const target = path.join(dir, 'c.bin');
    writeFileAtomic(target, 'old content');
    const seen: string[][] = [];
    expect(() => writeFileAtomic(target, failingChunks(seen))).toThrow('serialisation failed');
    expect(seen[0]).toHaveLength(2); // the temp file existed while writing
    expect(fs.readFileSync(target, 'utf8')).toBe('old content');
    expect(fs.readdirSync(dir)).toEqual(['c.bin']);
  });

  it('keeps the old content when a chunk is not bytes (the write itself throws)', () => {
    const target = path.join(dir, 'd.bin');
    writeFileAtomic(target, 'old');
    const bad = [new Uint8Array([1]), 42 as unknown as Uint8Array];
    expect(() => writeFileAtomic(target, bad)).toThrow();
    expect(fs.readFileSync(target, 'utf8')).toBe('old');
    expect(fs.readdirSync(dir)).toEqual(['d.bin']);
  });

  it('throws ENOENT and creates nothing when the folder does not exist', () => {
    const target = path.join(dir, 'missing', 'e.bin');
    expect(() => writeFileAtomic(target, 'x')).toThrow(/ENOENT/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('removes the temp file when the final rename fails (target is a non-empty folder)', () => {
    const target = path.join(dir, 'f');
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'inside'), 'keep');
    expect(() => writeFileAtomic(target, 'x')).toThrow();
    expect(fs.readdirSync(dir)).toEqual(['f']);
    expect(fs.readFileSync(path.join(target, 'inside'), 'utf8')).toBe('keep');
  });
});

describe('writeFileAtomicAsync', () => {
  it('writes strings, bytes, sync and async chunks', async () => {
    const target = path.join(dir, 'a.txt');
    await writeFileAtomicAsync(target, 'one');
    expect(fs.readFileSync(target, 'utf8')).toBe('one');
    await writeFileAtomicAsync(target, new Uint8Array([9]));
    expect([...fs.readFileSync(target)]).toEqual([9]);
    async function* parts(): AsyncIterable<Uint8Array> {
      yield Buffer.from('tw');
      await Promise.resolve();
      yield Buffer.from('o');
    }
    await writeFileAtomicAsync(target, parts());
    expect(fs.readFileSync(target, 'utf8')).toBe('two');
    await writeFileAtomicAsync(target, [Buffer.from('thr'), Buffer.from('ee')]);
    expect(fs.readFileSync(target, 'utf8')).toBe('three');
    expect(fs.readdirSync(dir)).toEqual(['a.txt']);
  });

  it('keeps the old content and removes the temp file on failure', async () => {
    const target = path.join(dir, 'b.txt');
    await writeFileAtomicAsync(target, 'old');
    await expect(writeFileAtomicAsync(target, failingAsyncChunks())).rejects.toThrow('async serialisation');
    expect(fs.readFileSync(target, 'utf8')).toBe('old');
    expect(fs.readdirSync(dir)).toEqual(['b.txt']);
    await expect(writeFileAtomicAsync(path.join(dir, 'no', 'x'), 'x')).rejects.toThrow(/ENOENT/);
    expect(fs.readdirSync(dir)).toEqual(['b.txt']);
  });
});

describe('writeJsonAtomic', () => {
  it('writes pretty JSON with a trailing newline', async () => {
    const target = path.join(dir, 'c.json');
    writeJsonAtomic(target, { b: [1, 2], a: 'x' });
    expect(fs.readFileSync(target, 'utf8')).toBe('{\n  "b": [\n    1,\n    2\n  ],\n  "a": "x"\n}\n');
    await writeJsonAtomicAsync(target, [true]);
    expect(fs.readFileSync(target, 'utf8')).toBe('[\n  true\n]\n');
  });

  it('fails before touching the disk when the value has no JSON form', async () => {
    const target = path.join(dir, 'd.json');
    writeJsonAtomic(target, { ok: true });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => writeJsonAtomic(target, cyclic)).toThrow(TypeError);
    expect(() => writeJsonAtomic(target, undefined)).toThrow(CheckpointError);
    expect(() => writeJsonAtomic(target, { n: 1n })).toThrow(TypeError);
    await expect(writeJsonAtomicAsync(target, () => 1)).rejects.toThrow(/cannot write function as JSON/);
    expect(JSON.parse(fs.readFileSync(target, 'utf8'))).toEqual({ ok: true });
    expect(fs.readdirSync(dir)).toEqual(['d.json']);
  });
});
