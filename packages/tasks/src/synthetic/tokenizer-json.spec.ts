import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { syntheticTokenizerFiles, writeSyntheticTokenizer } from './tokenizer-json';
import {
  SIMILARITY_TARGETS,
  SYNTHETIC_SPECIAL_TOKENS,
  syntheticVocabulary,
  syntheticWordId,
} from './vocabulary';
import { SYNTHETIC_TASKS } from './tasks';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hp-syn-tok-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('syntheticVocabulary', () => {
  const vocab = syntheticVocabulary();

  it('is a sorted list of distinct lower-case words after <pad>, </s>, <unk> = 0, 1, 2', () => {
    expect(vocab.specialTokens).toEqual([
      { token: '<pad>', id: 0 },
      { token: '</s>', id: 1 },
      { token: '<unk>', id: 2 },
    ]);
    expect([...vocab.words].sort()).toEqual(vocab.words);
    expect(new Set(vocab.words).size).toBe(vocab.words.length);
    for (const w of vocab.words) {
      expect(w).toMatch(/^\S+$/);
      expect(w).toBe(w.toLowerCase());
      expect(w.startsWith('##')).toBe(false);
    }
    expect(vocab.size).toBe(vocab.words.length + 3);
    expect(vocab.size).toBeGreaterThan(150);
    expect(vocab.size).toBeLessThan(400);
  });

  it('holds the prefixes, field names, label words and all 26 score targets', () => {
    const words = new Set(vocab.words);
    for (const task of SYNTHETIC_TASKS) {
      expect(words.has(task.name)).toBe(true);
      for (const key of task.featureKeys) expect(words.has(`${key}:`)).toBe(true);
      for (const label of task.labelWords) expect(words.has(label)).toBe(true);
    }
    expect(SIMILARITY_TARGETS).toHaveLength(26);
    expect(SIMILARITY_TARGETS[0]).toBe('0.0');
    expect(SIMILARITY_TARGETS[25]).toBe('5.0');
    for (const t of SIMILARITY_TARGETS) expect(words.has(t)).toBe(true);
  });

  it('maps words to ids, unknown words to <unk>', () => {
    expect(syntheticWordId('</s>')).toBe(SYNTHETIC_SPECIAL_TOKENS.eos.id);
    expect(syntheticWordId(vocab.words[0])).toBe(3);
    expect(syntheticWordId(vocab.words[vocab.words.length - 1])).toBe(vocab.size - 1);
    expect(syntheticWordId('zebra')).toBe(2);
  });
});

describe('writeSyntheticTokenizer', () => {
  it('writes the word-level layout of @hyperprompt/t5: WordPiece without ## pieces', () => {
    const written = writeSyntheticTokenizer(path.join(dir, 'nested'));
    const text = fs.readFileSync(written.tokenizer, 'utf8');
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.startsWith('{\n  "version": "1.0",\n')).toBe(true);
    const json = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual([
      'version',
      'truncation',
      'padding',
      'added_tokens',
      'normalizer',
      'pre_tokenizer',
      'post_processor',
      'decoder',
      'model',
    ]);
    const { words, size } = syntheticVocabulary();
    const vocab: Record<string, number> = { '<pad>': 0, '</s>': 1, '<unk>': 2 };
    words.forEach((w, i) => (vocab[w] = i + 3));
    const eos = { SpecialToken: { id: '</s>', type_id: 0 } };
    const added = (id: number, content: string): Record<string, unknown> => ({
      id,
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    });
    expect(json).toEqual({
      version: '1.0',
      truncation: null,
      padding: null,
      added_tokens: [added(0, '<pad>'), added(1, '</s>'), added(2, '<unk>')],
      normalizer: { type: 'Lowercase' },
      pre_tokenizer: { type: 'WhitespaceSplit' },
      post_processor: {
        type: 'TemplateProcessing',
        single: [{ Sequence: { id: 'A', type_id: 0 } }, eos],
        pair: [{ Sequence: { id: 'A', type_id: 0 } }, eos, { Sequence: { id: 'B', type_id: 0 } }, eos],
        special_tokens: { '</s>': { id: '</s>', ids: [1], tokens: ['</s>'] } },
      },
      decoder: { type: 'WordPiece', prefix: '##', cleanup: false },
      model: {
        type: 'WordPiece',
        unk_token: '<unk>',
        continuing_subword_prefix: '##',
        max_input_chars_per_word: 100,
        vocab,
      },
    });
    const model = json.model as { vocab: Record<string, number> };
    expect(Object.keys(model.vocab)).toHaveLength(size);
    expect(Object.keys(model.vocab).slice(0, 4)).toEqual(['<pad>', '</s>', '<unk>', words[0]]);
    expect(Object.keys(model.vocab).some((w) => w.startsWith('##'))).toBe(false);
  });

  it('writes tokenizer_config.json with the special tokens', () => {
    const written = writeSyntheticTokenizer(dir);
    expect(JSON.parse(fs.readFileSync(written.config, 'utf8'))).toEqual({
      tokenizer_class: 'PreTrainedTokenizerFast',
      pad_token: '<pad>',
      eos_token: '</s>',
      unk_token: '<unk>',
      clean_up_tokenization_spaces: false,
    });
    expect(fs.readdirSync(dir).sort()).toEqual(['tokenizer.json', 'tokenizer_config.json']);
  });

  it('returns fresh objects and overwrites an existing folder', () => {
    const a = syntheticTokenizerFiles();
    (a.config as Record<string, unknown>).pad_token = 'x';
    expect(syntheticTokenizerFiles().config.pad_token).toBe('<pad>');
    fs.writeFileSync(path.join(dir, 'tokenizer.json'), '{}');
    writeSyntheticTokenizer(dir);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'tokenizer.json'), 'utf8'))).toEqual(
      syntheticTokenizerFiles().tokenizer,
    );
  });
});
