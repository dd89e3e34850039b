import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '@hyperprompt/core';
import { loadTokenizer } from './hf-tokenizer';
import type { EncodeBatchOptions } from './types';
import { WordLevelTokenizer } from './word-level';

// ids: the 3, cat 4, sat 5, on 6, mat 7; pad 0, eos 1, unk 2.
const tok = WordLevelTokenizer.fromVocabulary(['the', 'cat', 'sat', 'on', 'mat']);
const TEXTS = ['the cat sat on the mat', 'the cat', ''];

describe('encodeBatch', () => {
  it('pads to the longest row by default, with EOS and a 0/1 mask', () => {
    expect(tok.encodeBatch(TEXTS)).toEqual({
      ids: [
        [3, 4, 5, 6, 3, 7, 1],
        [3, 4, 1, 0, 0, 0, 0],
        [1, 0, 0, 0, 0, 0, 0],
      ],
      mask: [
        [1, 1, 1, 1, 1, 1, 1],
        [1, 1, 1, 0, 0, 0, 0],
        [1, 0, 0, 0, 0, 0, 0],
      ],
    });
  });

  it('truncates to maxLength keeping EOS last, like Hugging Face', () => {
    const { ids, mask } = tok.encodeBatch(TEXTS, { maxLength: 4 });
    expect(ids).toEqual([
      [3, 4, 5, 1],
      [3, 4, 1, 0],
      [1, 0, 0, 0],
    ]);
    expect(mask).toEqual([
      [1, 1, 1, 1],
      [1, 1, 1, 0],
      [1, 0, 0, 0],
    ]);
    expect(tok.encodeBatch(TEXTS, { maxLength: 4, addEos: false }).ids).toEqual([
      [3, 4, 5, 6],
      [3, 4, 0, 0],
      [0, 0, 0, 0],
    ]);
    expect(tok.encodeBatch(['the cat'], { maxLength: 1 }).ids).toEqual([[1]]);
  });

  it("pads to maxLength with padding: 'max-length'", () => {
    const { ids, mask } = tok.encodeBatch(['the cat', 'on'], { maxLength: 5, padding: 'max-length' });
    expect(ids).toEqual([
      [3, 4, 1, 0, 0],
      [6, 1, 0, 0, 0],
    ]);
    expect(mask).toEqual([
      [1, 1, 1, 0, 0],
      [1, 1, 0, 0, 0],
    ]);
    // Without truncation a longer row stays longer, as in Hugging Face.
    const long = tok.encodeBatch(TEXTS, { maxLength: 3, padding: 'max-length', truncation: false });
    expect(long.ids.map((r) => r.length)).toEqual([7, 3, 3]);
    expect(long.mask[0]).toEqual([1, 1, 1, 1, 1, 1, 1]);
  });

  it('returns ragged rows with padding: false', () => {
    expect(tok.encodeBatch(TEXTS, { padding: false })).toEqual({
      ids: [[3, 4, 5, 6, 3, 7, 1], [3, 4, 1], [1]],
      mask: [[1, 1, 1, 1, 1, 1, 1], [1, 1, 1], [1]],
    });
    expect(tok.encodeBatch(TEXTS, { padding: false, maxLength: 2 }).ids).toEqual([[3, 1], [3, 1], [1]]);
    expect(tok.encodeBatch([])).toEqual({ ids: [], mask: [] });
  });

  it('rejects inconsistent options', () => {
    const bad: EncodeBatchOptions[] = [
      { maxLength: 0 },
      { maxLength: 2.5 },
      { padding: 'max-length' },
      { truncation: true },
      { padding: 'longest-first' as unknown as false },
    ];
    for (const options of bad) expect(() => tok.encodeBatch(TEXTS, options)).toThrow(ConfigError);
    expect(() => tok.encodeBatch(['ok', 3 as unknown as string])).toThrow(/texts\[1\]/);
    expect(() => tok.encodeBatch('the cat' as unknown as string[])).toThrow(ConfigError);
  });

  it('agrees with single encodes on the sentencepiece fixture', () => {
    const dir = path.join(__dirname, '__fixtures__', 't5-tiny-spm');
    const spm = loadTokenizer(dir);
    const cases = (
      JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')) as {
        cases: { text: string; ids: number[] }[];
      }
    ).cases;
    const { ids, mask } = spm.encodeBatch(cases.map((c) => c.text));
    const width = Math.max(...cases.map((c) => c.ids.length + 1));
    cases.forEach((c, i) => {
      const row = [...c.ids, 1];
      expect(ids[i]).toEqual([...row, ...Array<number>(width - row.length).fill(0)]);
      expect(mask[i].reduce((a, b) => a + b, 0)).toBe(row.length);
    });
    const cut = spm.encodeBatch(
      cases.map((c) => c.text),
      { maxLength: 8 },
    );
    cases.forEach((c, i) => {
      const row = [...c.ids.slice(0, 7), 1];
      expect(cut.ids[i]).toEqual([...row, ...Array<number>(8 - row.length).fill(0)]);
    });
  });
});
