/**
 * Data files must be UTF-8: a Latin-1 file (or any invalid byte sequence) is a DataError
 * naming the file, the line and the byte, never text with U+FFFD in it. Line splitting stays
 * streaming and agrees with `readline` on `\n`, `\r\n` and a lone `\r`, across chunk edges.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '@hyperprompt/core';
import { createDefaultRegistry } from '../registry';
import { loadAllExamples } from './load';
import { invalidUtf8Offset, readLines } from './lines';
import { collect, fixture, removeTempFolders, tempFolder } from './__fixtures__/paths';

const registry = createDefaultRegistry();
afterAll(removeTempFolders);

const texts = async (file: string): Promise<string[]> => (await collect(readLines(file))).map((l) => l.text);

/** A temporary file with exactly these bytes. */
function bytesFile(bytes: Uint8Array): string {
  const file = join(tempFolder({}), 'data.txt');
  writeFileSync(file, bytes);
  return file;
}

describe('invalid UTF-8 in data files', () => {
  it('a Latin-1 GLUE TSV is a DataError naming file, line and byte', async () => {
    const sst2 = registry.get('glue/sst2');
    const file = fixture('latin1', 'SST-2', 'dev.tsv');
    const loading = loadAllExamples(sst2, fixture('latin1', 'SST-2'), { split: 'validation' });
    await expect(loading).rejects.toThrow(DataError);
    await expect(
      loadAllExamples(sst2, fixture('latin1', 'SST-2'), { split: 'validation' }),
    ).rejects.toMatchObject({
      file,
      line: 3,
      message: expect.stringMatching(
        /dev\.tsv:3: not valid UTF-8: byte 7 of the line .*\(0xE9 0x20 0x63 0x72\)/,
      ),
    });
  });

  it('a Latin-1 SuperGLUE JSONL is a DataError naming its line', async () => {
    const boolq = registry.get('super_glue/boolq');
    await expect(
      loadAllExamples(boolq, fixture('latin1', 'BoolQ'), { split: 'validation' }),
    ).rejects.toMatchObject({
      file: fixture('latin1', 'BoolQ', 'val.jsonl'),
      line: 2,
      reason: expect.stringMatching(/^not valid UTF-8: byte 22 of the line .*\(0xEA 0x70 0x65 0x20\)/),
    });
  });

  it('the same text as UTF-8 loads, accents intact', async () => {
    const dir = tempFolder({ 'dev.tsv': 'sentence\tlabel\nun café crème , très réussi . \t1\n' });
    const [example] = await loadAllExamples(registry.get('glue/sst2'), dir, { split: 'validation' });
    expect(example.input).toBe('sst2 sentence: un café crème , très réussi . ');
  });

  it('finds the first invalid sequence (overlong, surrogate, out of range, cut short)', () => {
    const at = (...bytes: number[]): number => invalidUtf8Offset(Uint8Array.from(bytes));
    expect(at(0x61, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80)).toBe(-1); // a é € 😀
    expect(at(0x61, 0xe9, 0x62)).toBe(1); // Latin-1 é
    expect(at(0xc0, 0x80)).toBe(0); // overlong NUL
    expect(at(0x61, 0xe0, 0x80, 0x80)).toBe(1); // overlong 3-byte
    expect(at(0xed, 0xa0, 0x80)).toBe(0); // UTF-16 surrogate
    expect(at(0xf4, 0x90, 0x80, 0x80)).toBe(0); // above U+10FFFF
    expect(at(0x61, 0x62, 0xe2, 0x82)).toBe(2); // cut short at the end
    expect(at(0x80)).toBe(0); // lone continuation byte
  });
});

describe('readLines splits as readline did', () => {
  it('handles \\n, \\r\\n, a lone \\r, a last line without terminator and a BOM on line 1 only', async () => {
    const file = bytesFile(Buffer.from('\uFEFFa\r\nb\rc\n\n\uFEFFd\ne', 'utf8'));
    expect(await texts(file)).toEqual(['a', 'b', 'c', '', '\uFEFFd', 'e']);
    expect(await texts(bytesFile(Buffer.from('x\n', 'utf8')))).toEqual(['x']);
    expect(await texts(bytesFile(Buffer.from('y\r', 'utf8')))).toEqual(['y']);
    expect(await texts(bytesFile(new Uint8Array(0)))).toEqual([]);
  });

  it('joins a multi-byte character and a \\r\\n cut by the 64 KiB chunk edge', async () => {
    const CHUNK = 1 << 16;
    const head = 'h'.repeat(CHUNK - 1); // "é" (2 bytes) straddles the edge
    const pad = 'p'.repeat(CHUNK - 2); // then "\r" ends chunk 2 and "\n" starts chunk 3
    const file = bytesFile(Buffer.from(`${head}é\n${pad}\r\nlast`, 'utf8'));
    const lines = await collect(readLines(file));
    expect(lines.map((l) => [l.line, l.text.length])).toEqual([
      [1, CHUNK],
      [2, CHUNK - 2],
      [3, 4],
    ]);
    expect(lines[0].text.endsWith('hé')).toBe(true);
  });

  it('an invalid byte on a later line of a large file names that line', async () => {
    const good = Buffer.from('ok line\n'.repeat(20_000), 'utf8');
    const file = bytesFile(Buffer.concat([good, Uint8Array.from([0x62, 0x61, 0xff, 0x0a])]));
    await expect(collect(readLines(file))).rejects.toMatchObject({
      line: 20_001,
      reason: expect.stringMatching(
        /^not valid UTF-8: byte 3 of the line starts an invalid sequence \(0xFF\)/,
      ),
    });
  });
});
