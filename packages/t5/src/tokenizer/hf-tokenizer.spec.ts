import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError } from '@hyperprompt/core';
import { HFTokenizer, loadTokenizer } from './hf-tokenizer';

/** Written by tools/fixtures/tokenizer/make_tokenizer_fixture.py from Python sentencepiece. */
interface ExpectedCase {
  readonly text: string;
  readonly ids: number[];
  readonly pieces: string[];
  readonly decoded: string;
  readonly hasUnk: boolean;
}
interface Expected {
  readonly vocabSize: number;
  readonly cases: ExpectedCase[];
}

const FIXTURE = path.join(__dirname, '__fixtures__', 't5-tiny-spm');
const expected = JSON.parse(fs.readFileSync(path.join(FIXTURE, 'expected.json'), 'utf8')) as Expected;
/** sentencepiece renders an unknown piece as ' ⁇ ' (U+2047 between spaces). */
const SPM_UNK = ' \u2047 ';

describe('loadTokenizer on a T5-style SentencePiece Unigram tokenizer.json', () => {
  const tokenizer = loadTokenizer(FIXTURE);
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-tokenizer-'));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('has T5 special ids and the spm vocabulary size', () => {
    expect(tokenizer.modelType).toBe('Unigram');
    expect([tokenizer.padId, tokenizer.eosId, tokenizer.unkId]).toEqual([0, 1, 2]);
    expect(tokenizer.vocabSize).toBe(expected.vocabSize);
    expect(expected.cases.length).toBeGreaterThanOrEqual(15);
  });

  it.each(expected.cases.map((c) => [JSON.stringify(c.text), c] as const))(
    'encodes %s as Python sentencepiece does',
    (_, c) => {
      expect(tokenizer.encode(c.text, { addEos: false })).toEqual(c.ids);
      expect(tokenizer.encode(c.text)).toEqual([...c.ids, 1]);
      expect(c.ids.map((id) => tokenizer.idToToken(id))).toEqual(
        c.pieces.map((p, i) => (c.ids[i] === 2 ? '<unk>' : p)),
      );
    },
  );

  it.each(expected.cases.map((c) => [JSON.stringify(c.text), c] as const))(
    'decodes %s as sentencepiece, unknown pieces aside',
    (_, c) => {
      const ids = tokenizer.encode(c.text);
      // With skipSpecialTokens (the default) EOS and unknown pieces vanish; spm prints ' ⁇ '.
      expect(tokenizer.decode(ids)).toBe(c.decoded.replaceAll(SPM_UNK, ''));
      expect(tokenizer.decode(c.ids, { skipSpecialTokens: false })).toBe(
        c.decoded.replaceAll(SPM_UNK, '<unk>'),
      );
      expect(tokenizer.decode(ids, { skipSpecialTokens: false })).toBe(
        `${c.decoded.replaceAll(SPM_UNK, '<unk>')}</s>`,
      );
      if (!c.hasUnk) expect(tokenizer.decode(ids)).toBe(c.decoded);
    },
  );

  it('looks tokens and ids up', () => {
    expect(tokenizer.tokenToId('</s>')).toBe(1);
    expect(tokenizer.tokenToId('<pad>')).toBe(0);
    expect(tokenizer.tokenToId('▁the')).toBeGreaterThan(2);
    expect(tokenizer.idToToken(tokenizer.tokenToId('▁the') ?? -1)).toBe('▁the');
    expect(tokenizer.tokenToId('not-a-piece')).toBeUndefined();
    for (const id of [-1, 1.5, expected.vocabSize, 1e9]) expect(tokenizer.idToToken(id)).toBeUndefined();
  });

  it('decodes empty input, drops ids without a token, rejects non-integers', () => {
    expect(tokenizer.decode([])).toBe('');
    expect(tokenizer.decode([1, 0, 0])).toBe('');
    const ids = tokenizer.encode('the sea', { addEos: false });
    expect(tokenizer.decode([-5, ...ids, expected.vocabSize + 7])).toBe('the sea');
    expect(tokenizer.decode(Int32Array.from(ids))).toBe('the sea');
    expect(() => tokenizer.decode([3, 0.5])).toThrow(ConfigError);
    expect(() => tokenizer.encode(42 as unknown as string)).toThrow(ConfigError);
  });

  it("follows tokenizer_config.json's clean_up_tokenization_spaces, overridable per call", () => {
    const ids = tokenizer.encode('the sea , the ships .');
    expect(tokenizer.decode(ids)).toBe('the sea , the ships .');
    expect(tokenizer.decode(ids, { cleanUpTokenizationSpaces: true })).toBe('the sea, the ships.');
    const bare = path.join(tmp, 'no-config');
    fs.mkdirSync(bare);
    fs.copyFileSync(path.join(FIXTURE, 'tokenizer.json'), path.join(bare, 'tokenizer.json'));
    const withoutConfig = loadTokenizer(bare);
    expect(withoutConfig.decode(ids)).toBe('the sea, the ships.'); // HF's default is true
    expect(withoutConfig.encode('the sea')).toEqual(tokenizer.encode('the sea'));
  });

  it('matches a literal </s> in the text as EOS, as Python tokenizers does', () => {
    expect(tokenizer.encode('a</s>', { addEos: false })).toEqual([
      ...tokenizer.encode('a', { addEos: false }),
      1,
    ]);
  });

  it('saves the same files and loads back an identical tokenizer', () => {
    const dir = path.join(tmp, 'saved', 'nested');
    tokenizer.save(dir);
    for (const file of ['tokenizer.json', 'tokenizer_config.json']) {
      expect(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'))).toEqual(
        JSON.parse(fs.readFileSync(path.join(FIXTURE, file), 'utf8')),
      );
    }
    const reloaded = loadTokenizer(dir);
    for (const c of expected.cases) expect(reloaded.encode(c.text)).toEqual(tokenizer.encode(c.text));
    expect(reloaded.vocabSize).toBe(tokenizer.vocabSize);
  });

  it('builds from in-memory JSON without keeping a reference to it', () => {
    const json = JSON.parse(fs.readFileSync(path.join(FIXTURE, 'tokenizer.json'), 'utf8')) as {
      model: { vocab: unknown[] };
    };
    const config = JSON.parse(fs.readFileSync(path.join(FIXTURE, 'tokenizer_config.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    const fromJson = HFTokenizer.fromJson(json, config);
    json.model.vocab.length = 0;
    const dir = path.join(tmp, 'from-json');
    fromJson.save(dir);
    expect(loadTokenizer(dir).encode('the keeper')).toEqual(tokenizer.encode('the keeper'));
  });
});
