import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CheckpointError } from '@hyperprompt/core';
import { HFTokenizer, loadTokenizer } from './hf-tokenizer';
import { WordLevelTokenizer } from './word-level';

const FIXTURE = path.join(__dirname, '__fixtures__', 't5-tiny-spm');
const fixtureJson = (): Record<string, unknown> =>
  JSON.parse(fs.readFileSync(path.join(FIXTURE, 'tokenizer.json'), 'utf8')) as Record<string, unknown>;

describe('loadTokenizer errors', () => {
  let tmp: string;
  let n = 0;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenizer-files-'));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  /** A folder holding the given files (strings written as-is, others as JSON). */
  function folder(files: Record<string, unknown>): string {
    const dir = path.join(tmp, `case-${n++}`);
    fs.mkdirSync(dir);
    for (const [name, content] of Object.entries(files)) {
      fs.writeFileSync(path.join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
    }
    return dir;
  }

  function expectCheckpointError(dir: string, file: string, key: string | undefined, message: RegExp): void {
    let error: unknown;
    try {
      loadTokenizer(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CheckpointError);
    const checkpointError = error as CheckpointError;
    expect(checkpointError.file).toBe(file);
    expect(checkpointError.key).toBe(key);
    expect(checkpointError.message).toMatch(message);
  }

  it('reports a missing folder or tokenizer.json', () => {
    const missing = path.join(tmp, 'nope');
    expectCheckpointError(missing, missing, undefined, /folder not found/);
    const empty = folder({});
    expectCheckpointError(empty, path.join(empty, 'tokenizer.json'), undefined, /missing$/);
    const spmOnly = folder({ 'spiece.model': 'binary' });
    expectCheckpointError(
      spmOnly,
      path.join(spmOnly, 'tokenizer.json'),
      undefined,
      /only spiece.model.*convert/,
    );
    const notDir = path.join(folder({ 'x.txt': 'x' }), 'x.txt');
    expectCheckpointError(notDir, notDir, undefined, /folder not found/);
  });

  it('reports malformed JSON, in either file', () => {
    const broken = folder({ 'tokenizer.json': '{"model": ' });
    expectCheckpointError(broken, path.join(broken, 'tokenizer.json'), undefined, /not valid JSON/);
    const array = folder({ 'tokenizer.json': [1, 2] });
    expectCheckpointError(array, path.join(array, 'tokenizer.json'), undefined, /expected a JSON object/);
    const badConfig = folder({ 'tokenizer.json': fixtureJson(), 'tokenizer_config.json': 'nope' });
    expectCheckpointError(
      badConfig,
      path.join(badConfig, 'tokenizer_config.json'),
      undefined,
      /not valid JSON/,
    );
  });

  it('reports a missing model, an unsupported model type, or missing added_tokens', () => {
    const noModel = folder({ 'tokenizer.json': { ...fixtureJson(), model: undefined } });
    expectCheckpointError(
      noModel,
      path.join(noModel, 'tokenizer.json'),
      'model',
      /not a Hugging Face tokenizer.json/,
    );
    const wordLevel = {
      ...fixtureJson(),
      model: { type: 'WordLevel', vocab: { '<unk>': 0 }, unk_token: '<unk>' },
    };
    const wl = folder({ 'tokenizer.json': wordLevel });
    expectCheckpointError(wl, path.join(wl, 'tokenizer.json'), 'model.type', /WordLevel.*WordPiece/);
    const other = folder({ 'tokenizer.json': { ...fixtureJson(), model: { type: 'Chars', vocab: [] } } });
    expectCheckpointError(
      other,
      path.join(other, 'tokenizer.json'),
      'model.type',
      /"Chars".*Unigram, WordPiece, BPE/,
    );
    const noVocab = folder({ 'tokenizer.json': { ...fixtureJson(), model: { type: 'Unigram', unk_id: 2 } } });
    expectCheckpointError(noVocab, path.join(noVocab, 'tokenizer.json'), 'model.vocab', /missing/);
    const noAdded = folder({ 'tokenizer.json': { ...fixtureJson(), added_tokens: undefined } });
    expectCheckpointError(noAdded, path.join(noAdded, 'tokenizer.json'), 'added_tokens', /missing/);
  });

  it('wraps what the library rejects, and names a special token missing from the vocabulary', () => {
    const noDecoder = fixtureJson();
    delete noDecoder.decoder;
    const rejected = folder({ 'tokenizer.json': noDecoder });
    expectCheckpointError(
      rejected,
      path.join(rejected, 'tokenizer.json'),
      undefined,
      /@huggingface\/tokenizers cannot build it: .*decoder/,
    );
    const noEos = folder({
      'tokenizer.json': fixtureJson(),
      'tokenizer_config.json': { eos_token: '<eos>' },
    });
    expectCheckpointError(
      noEos,
      path.join(noEos, 'tokenizer.json'),
      'eos_token',
      /"<eos>" is not in the vocabulary/,
    );
    const objectToken = folder({
      'tokenizer.json': fixtureJson(),
      'tokenizer_config.json': { pad_token: { content: '</s>' } },
    });
    expect(loadTokenizer(objectToken).padId).toBe(1);
    expect(() =>
      HFTokenizer.fromJson({ model: { type: 'BPE', vocab: {}, merges: [] }, added_tokens: [] }),
    ).toThrow(CheckpointError);
  });

  it('save() removes a stale tokenizer_config.json when it has none', () => {
    const dir = folder({ 'tokenizer_config.json': { eos_token: '<eos>' } });
    HFTokenizer.fromJson(fixtureJson()).save(dir);
    expect(fs.existsSync(path.join(dir, 'tokenizer_config.json'))).toBe(false);
    expect(loadTokenizer(dir).eosId).toBe(1);
    WordLevelTokenizer.fromVocabulary(['x']).save(dir);
    expect(loadTokenizer(dir).encode('x y')).toEqual([3, 2, 1]);
  });
});
