import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError } from '@hyperprompt/core';
import { loadTokenizer } from './hf-tokenizer';
import { WordLevelTokenizer, buildWordLevelTokenizer, splitWords } from './word-level';

const CORPUS = ['The cat sat on the mat.', 'the dog sat on the log', 'A cat and a dog', 'THE END'];

describe('splitWords', () => {
  it('cuts out special tokens, lower-cases, splits on whitespace, keeps punctuation', () => {
    expect(splitWords('  The CAT\tsat.\n\u00a0on</s>the<pad>  mat ')).toEqual([
      'the',
      'cat',
      'sat.',
      'on',
      'the',
      'mat',
    ]);
    expect(splitWords('The CAT', false)).toEqual(['The', 'CAT']);
    expect(splitWords('')).toEqual([]);
  });
});

describe('WordLevelTokenizer', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'word-level-'));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('gives T5 special ids, then one id per word in order', () => {
    const tok = WordLevelTokenizer.fromVocabulary(['the', 'cat', 'sat.']);
    expect([tok.padId, tok.eosId, tok.unkId, tok.vocabSize]).toEqual([0, 1, 2, 6]);
    expect(tok.words).toEqual(['the', 'cat', 'sat.']);
    expect(tok.encode('The  CAT sat.')).toEqual([3, 4, 5, 1]);
    expect(tok.encode('the cat sat', { addEos: false })).toEqual([3, 4, 2]);
    expect(tok.encode('')).toEqual([1]);
    expect(['<pad>', '</s>', '<unk>', 'the', 'sat.'].map((t) => tok.tokenToId(t))).toEqual([0, 1, 2, 3, 5]);
    expect(tok.idToToken(4)).toBe('cat');
    expect(tok.idToToken(6)).toBeUndefined();
  });

  it('maps any unknown word to one <unk>, never to known parts of it', () => {
    const tok = WordLevelTokenizer.fromVocabulary(['a', 'b', 'ab', 'cat']);
    expect(tok.encode('abc cats ba a b ab', { addEos: false })).toEqual([2, 2, 2, 3, 4, 5]);
    expect(tok.encode('x'.repeat(500) + ' cat', { addEos: false })).toEqual([2, 6]);
  });

  it('decodes with single spaces, skipping special and unknown tokens by default', () => {
    const tok = WordLevelTokenizer.fromVocabulary(['the', 'cat', 'sat.']);
    expect(tok.decode(tok.encode('the  cat sat.'))).toBe('the cat sat.');
    expect(tok.decode(tok.encode('the dog sat.'))).toBe('the sat.');
    expect(tok.decode(tok.encode('the dog'), { skipSpecialTokens: false })).toBe('the <unk> </s>');
    expect(tok.decode([0, 0])).toBe('');
  });

  it('keeps case when lowercase is false', () => {
    const tok = WordLevelTokenizer.fromVocabulary(['The', 'the'], { lowercase: false });
    expect(tok.encode('The the THE', { addEos: false })).toEqual([3, 4, 2]);
  });

  it('refuses words it could never match', () => {
    const bad: [unknown, RegExp][] = [
      ['', /non-empty/],
      ['two words', /whitespace/],
      ['nel\u0085x', /whitespace/],
      ['##ing', /##/],
      ['a</s>', /<pad>, <\/s> or <unk>/],
      ['<unk>', /<pad>, <\/s> or <unk>/],
      ['Cat', /lower-case/],
      [7, /non-empty string/],
    ];
    for (const [word, message] of bad) {
      expect(() => WordLevelTokenizer.fromVocabulary(['ok', word as string])).toThrow(ConfigError);
      expect(() => WordLevelTokenizer.fromVocabulary(['ok', word as string])).toThrow(message);
    }
    expect(() => WordLevelTokenizer.fromVocabulary(['a', 'b', 'a'])).toThrow(/words\[2\].*not listed before/);
  });

  it('saves a WordPiece tokenizer.json that loadTokenizer reads back identically', () => {
    const tok = buildWordLevelTokenizer(CORPUS);
    const dir = path.join(tmp, 'words');
    tok.save(dir);
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'tokenizer.json'), 'utf8')) as {
      model: { type: string; vocab: Record<string, number>; continuing_subword_prefix: string };
      pre_tokenizer: { type: string };
    };
    expect(json.model.type).toBe('WordPiece');
    expect(json.pre_tokenizer.type).toBe('WhitespaceSplit');
    expect(
      Object.keys(json.model.vocab).some((w) => w.startsWith(json.model.continuing_subword_prefix)),
    ).toBe(false);
    expect(Object.values(json.model.vocab).sort((a, b) => a - b)).toEqual([...Array(tok.vocabSize).keys()]);
    expect(fs.existsSync(path.join(dir, 'tokenizer_config.json'))).toBe(true);

    const loaded = loadTokenizer(dir);
    expect(loaded.modelType).toBe('WordPiece');
    expect([loaded.padId, loaded.eosId, loaded.unkId, loaded.vocabSize]).toEqual([0, 1, 2, tok.vocabSize]);
    const texts = [...CORPUS, 'an unseen zebra sat', '', '  THE   Cat ', 'mat. on</s>the', 'x##y'];
    for (const text of texts) {
      expect(loaded.encode(text)).toEqual(tok.encode(text));
      expect(loaded.decode(loaded.encode(text))).toBe(tok.decode(tok.encode(text)));
    }
    expect(loaded.encode('an unseen zebra sat', { addEos: false })).toEqual([2, 2, 2, tok.tokenToId('sat')]);
    expect(loaded.encodeBatch(CORPUS)).toEqual(tok.encodeBatch(CORPUS));
  });
});

describe('buildWordLevelTokenizer', () => {
  it('orders words by count, then code-unit order', () => {
    const tok = buildWordLevelTokenizer(CORPUS);
    expect(tok.words.slice(0, 6)).toEqual(['the', 'a', 'cat', 'dog', 'on', 'sat']);
    expect(tok.words).toContain('mat.');
    expect(tok.vocabSize).toBe(tok.words.length + 3);
    expect(buildWordLevelTokenizer([...CORPUS].reverse()).words).toEqual(tok.words);
  });

  it('applies minCount and maxVocab', () => {
    expect(buildWordLevelTokenizer(CORPUS, { minCount: 2 }).words).toEqual([
      'the',
      'a',
      'cat',
      'dog',
      'on',
      'sat',
    ]);
    const capped = buildWordLevelTokenizer(CORPUS, { maxVocab: 5 });
    expect(capped.words).toEqual(['the', 'a']);
    expect(capped.vocabSize).toBe(5);
    expect(buildWordLevelTokenizer(CORPUS, { maxVocab: 3 }).words).toEqual([]);
    expect(buildWordLevelTokenizer(['A a B'], { lowercase: false }).words).toEqual(['A', 'B', 'a']);
  });

  it('leaves out words it cannot represent; they encode as <unk>', () => {
    const tok = buildWordLevelTokenizer(['##tag word </S> x</S> </s> <unk> word']);
    expect(tok.words).toEqual(['word']);
    expect(tok.encode('##tag word </S> x</S>', { addEos: false })).toEqual([2, 3, 1, 2]);
  });

  it('rejects bad options and non-string texts', () => {
    expect(() => buildWordLevelTokenizer(CORPUS, { minCount: 0 })).toThrow(ConfigError);
    expect(() => buildWordLevelTokenizer(CORPUS, { minCount: 1.5 })).toThrow(/minCount/);
    expect(() => buildWordLevelTokenizer(CORPUS, { maxVocab: 2 })).toThrow(/maxVocab/);
    expect(() => buildWordLevelTokenizer(['ok', null as unknown as string])).toThrow(/texts\[1\]/);
  });
});
