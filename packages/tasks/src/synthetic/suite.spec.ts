import { Rng } from '@hyperprompt/core';
import type { Example } from '../example';
import {
  agreeing,
  grammarLabel,
  nliLabel,
  parseFields,
  sentimentLabel,
  subjectOf,
} from './__fixtures__/oracle';
import {
  DEFAULT_SYNTHETIC_CONFIG,
  resolveSyntheticConfig,
  SYNTHETIC_SPLITS,
  SYNTHETIC_TASK_NAMES,
  type SyntheticTaskName,
} from './config';
import type { InputSource } from './source';
import {
  drawSource,
  findSyntheticTask,
  formatSimilarityTarget,
  generateSyntheticSuite,
  type SyntheticSuite,
  type SyntheticTask,
} from './suite';
import { SIMILARITY_TARGETS, syntheticVocabulary } from './vocabulary';

const SMALL = { train: 120, validation: 40, test: 40 };
const smallSizes = Object.fromEntries(SYNTHETIC_TASK_NAMES.map((n) => [n, SMALL])) as Record<
  SyntheticTaskName,
  typeof SMALL
>;

let suite: SyntheticSuite;
let clean: SyntheticSuite;
beforeAll(() => {
  suite = generateSyntheticSuite();
  clean = generateSyntheticSuite({
    noiseRate: 0,
    maxClauses: 5,
    modifierRate: 0.7,
    sizes: smallSizes,
    seed: 3,
  });
});

const counts = (examples: readonly Example[], classes: number): number[] => {
  const out = new Array<number>(classes).fill(0);
  for (const e of examples) out[e.label as number]++;
  return out;
};
const withoutPrefix = (e: Example): string => e.input.slice(e.input.indexOf(' ') + 1);

describe('generateSyntheticSuite: shape', () => {
  it('has the configured tasks and sizes, idx = position', () => {
    expect(suite.tasks.map((t) => t.name)).toEqual([...SYNTHETIC_TASK_NAMES]);
    for (const task of suite.tasks) {
      for (const split of SYNTHETIC_SPLITS) {
        const examples = task.splits[split];
        expect(examples).toHaveLength(DEFAULT_SYNTHETIC_CONFIG.sizes[task.name][split]);
        examples.forEach((e, i) => expect(e.idx).toBe(i));
      }
    }
  });

  it('formats inputs T5-style: prefix, then the fields in alphabetical order', () => {
    for (const task of suite.tasks) {
      expect([...task.featureKeys].sort()).toEqual(task.featureKeys);
      for (const e of task.splits.validation) {
        expect(e.input.startsWith(`${task.name} ${task.featureKeys[0]}: `)).toBe(true);
        expect(Object.keys(parseFields(e.input))).toEqual(task.featureKeys);
      }
    }
  });

  it('targets are label words (classification) or 0.2-grid scores (regression)', () => {
    for (const task of suite.tasks) {
      for (const split of SYNTHETIC_SPLITS) {
        for (const e of task.splits[split]) {
          if (task.kind === 'classification') expect(e.target).toBe(task.labelWords[e.label as number]);
          else {
            expect(SIMILARITY_TARGETS).toContain(e.target);
            expect(e.target).toBe(formatSimilarityTarget(e.label as number));
            expect(e.label).toBeGreaterThanOrEqual(0);
            expect(e.label).toBeLessThanOrEqual(5);
          }
        }
      }
    }
  });

  it('balances the classes of the evaluation splits exactly, of training up to the noise', () => {
    for (const task of suite.tasks.filter((t) => t.kind === 'classification')) {
      const k = task.labelWords.length;
      for (const split of ['validation', 'test'] as const)
        expect(counts(task.splits[split], k)).toEqual(new Array(k).fill(300 / k));
      const train = counts(task.splits.train, k);
      for (const c of train) expect(Math.abs(c / task.splits.train.length - 1 / k)).toBeLessThan(0.03);
    }
    const noiseless = findSyntheticTask(clean, 'syn-nli');
    expect(counts(noiseless.splits.train, 3)).toEqual([40, 40, 40]);
  });

  it('reaches every label word and every similarity level in every split', () => {
    for (const task of suite.tasks) {
      for (const split of SYNTHETIC_SPLITS) {
        const targets = new Set(task.splits[split].map((e) => e.target));
        if (task.kind === 'classification') expect([...targets].sort()).toEqual([...task.labelWords].sort());
        else expect(targets.size).toBeGreaterThanOrEqual(9);
      }
    }
  });

  it('keeps evaluation inputs out of training and test inputs out of validation', () => {
    for (const task of suite.tasks) {
      const train = new Set(task.splits.train.map((e) => e.input));
      const validation = new Set(task.splits.validation.map((e) => e.input));
      for (const e of task.splits.validation) expect(train.has(e.input)).toBe(false);
      for (const e of task.splits.test) expect(train.has(e.input) || validation.has(e.input)).toBe(false);
    }
  });

  it('uses only words of the vocabulary', () => {
    const vocab = new Set(syntheticVocabulary().words);
    for (const s of [suite, clean]) {
      for (const task of s.tasks) {
        for (const split of SYNTHETIC_SPLITS) {
          for (const e of task.splits[split]) {
            for (const word of `${e.input} ${e.target}`.split(' '))
              if (!vocab.has(word)) throw new Error(`${word} in ${e.input}`);
          }
        }
      }
    }
  });
});

describe('generateSyntheticSuite: determinism', () => {
  it('same seed, same suite; another seed, another suite', () => {
    const a = generateSyntheticSuite({ sizes: smallSizes, seed: 7 });
    const b = generateSyntheticSuite({ sizes: smallSizes, seed: 7 });
    const c = generateSyntheticSuite({ sizes: smallSizes, seed: 8 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    for (let t = 0; t < a.tasks.length; t++) {
      const inputs = (s: SyntheticSuite): string[] => s.tasks[t].splits.train.map((e) => e.input);
      const same = inputs(a).filter((input, i) => input === inputs(c)[i]).length;
      expect(same).toBeLessThan(10);
    }
  });

  it('a task does not depend on which other tasks are generated', () => {
    const alone = generateSyntheticSuite({
      tasks: ['syn-animal-match', 'syn-nli'],
      sizes: smallSizes,
      seed: 7,
    });
    const all = generateSyntheticSuite({ sizes: smallSizes, seed: 7 });
    for (const name of ['syn-animal-match', 'syn-nli'] as const) {
      expect(findSyntheticTask(alone, name)).toEqual(findSyntheticTask(all, name));
    }
  });

  it('a larger training split extends the smaller one', () => {
    const small = generateSyntheticSuite({ tasks: ['syn-grammar'], sizes: { 'syn-grammar': { train: 50 } } });
    const large = generateSyntheticSuite({ tasks: ['syn-grammar'], sizes: { 'syn-grammar': { train: 90 } } });
    expect(large.tasks[0].splits.train.slice(0, 50)).toEqual(small.tasks[0].splits.train);
  });

  it('the prefix option changes only the prefix', () => {
    const bare = generateSyntheticSuite({
      includeTaskPrefix: false,
      sizes: smallSizes,
      seed: 3,
      noiseRate: 0,
      maxClauses: 5,
      modifierRate: 0.7,
    });
    bare.tasks.forEach((task, t) => {
      task.splits.test.forEach((e, i) => {
        expect(e.input.startsWith(`${task.featureKeys[0]}: `)).toBe(true);
        expect(`${task.name} ${e.input}`).toBe(clean.tasks[t].splits.test[i].input);
        expect(e.target).toBe(clean.tasks[t].splits.test[i].target);
      });
    });
  });

  it('training noise flips about noiseRate of the labels and leaves inputs and evaluation alone', () => {
    const base = {
      tasks: ['syn-sentiment', 'syn-similarity'] as SyntheticTaskName[],
      sizes: { 'syn-sentiment': { train: 2000 } },
      seed: 5,
    };
    const quiet = generateSyntheticSuite({ ...base, noiseRate: 0 });
    const noisy = generateSyntheticSuite({ ...base, noiseRate: 0.2 });
    const [q, n] = [quiet.tasks[0], noisy.tasks[0]];
    expect(n.splits.train.map((e) => e.input)).toEqual(q.splits.train.map((e) => e.input));
    expect(n.splits.test).toEqual(q.splits.test);
    const flipped = n.splits.train.filter((e, i) => e.label !== q.splits.train[i].label).length / 2000;
    expect(Math.abs(flipped - 0.2)).toBeLessThan(0.03);
    const deltas = noisy.tasks[1].splits.train.map(
      (e, i) => (e.label as number) - (quiet.tasks[1].splits.train[i].label as number),
    );
    expect(deltas.some((d) => Math.abs(d) > 0.1)).toBe(true);
    expect(noisy.tasks[1].splits.validation).toEqual(quiet.tasks[1].splits.validation);
  });
});

describe('generateSyntheticSuite: the labels follow the rules (checked from the text alone)', () => {
  const fieldsOf = (e: Example): Record<string, string> => parseFields(e.input);
  const clean_ = (name: SyntheticTaskName): Example[] =>
    SYNTHETIC_SPLITS.flatMap((s) => [...findSyntheticTask(clean, name).splits[s]]);

  it('sentiment, grammar, inference', () => {
    for (const e of clean_('syn-sentiment')) expect(sentimentLabel(fieldsOf(e).sentence)).toBe(e.label);
    for (const e of clean_('syn-grammar'))
      expect([e.input, grammarLabel(fieldsOf(e).sentence)]).toEqual([e.input, e.label]);
    for (const e of clean_('syn-nli'))
      expect(nliLabel(fieldsOf(e).premise, fieldsOf(e).hypothesis)).toBe(e.label);
  });

  it('paraphrase and similarity (surface forms parsed back to meaning)', () => {
    for (const e of clean_('syn-paraphrase')) {
      const { sentence1, sentence2 } = fieldsOf(e);
      expect(agreeing(sentence1, sentence2) === 8 ? 1 : 0).toBe(e.label);
      expect(sentence1).not.toBe(sentence2);
    }
    for (const e of clean_('syn-similarity')) {
      const { sentence1, sentence2 } = fieldsOf(e);
      expect((5 * agreeing(sentence1, sentence2)) / 8).toBeCloseTo(e.label as number, 12);
    }
  });

  it('the two match tasks: same inputs, their own rules, disagreeing on half of the inputs', () => {
    const color = findSyntheticTask(suite, 'syn-color-match');
    const animal = findSyntheticTask(suite, 'syn-animal-match');
    for (const split of SYNTHETIC_SPLITS) {
      expect(color.splits[split].map(withoutPrefix)).toEqual(animal.splits[split].map(withoutPrefix));
      const disagree = color.splits[split].filter((e, i) => e.label !== animal.splits[split][i].label).length;
      const rate = disagree / color.splits[split].length;
      if (split === 'train') expect(Math.abs(rate - 0.5)).toBeLessThan(0.05);
      else expect(rate).toBe(0.5);
    }
    const cleanColor = findSyntheticTask(clean, 'syn-color-match');
    const cleanAnimal = findSyntheticTask(clean, 'syn-animal-match');
    cleanColor.splits.validation.forEach((e, i) => {
      const { sentence1, sentence2 } = parseFields(e.input);
      const [a, b] = [subjectOf(sentence1), subjectOf(sentence2)];
      expect(e.label).toBe(a.color === b.color ? 1 : 0);
      expect(cleanAnimal.splits.validation[i].label).toBe(a.animal === b.animal ? 1 : 0);
    });
  });
});

describe('generateSyntheticSuite: the conflicting pairs on one sentence', () => {
  // Written independently of the generator: the lexicon's colours, and which are warm.
  const COLORS = [
    'red',
    'blue',
    'green',
    'yellow',
    'purple',
    'orange',
    'black',
    'white',
    'gray',
    'brown',
    'pink',
    'silver',
  ];
  const WARM = new Set(['red', 'yellow', 'orange', 'pink', 'brown']);
  const colorsOf = (sentence: string): string[] => sentence.split(' ').filter((w) => COLORS.includes(w));
  const pair = (
    s: SyntheticSuite,
    a: SyntheticTaskName,
    b: SyntheticTaskName,
  ): [SyntheticTask, SyntheticTask] => [findSyntheticTask(s, a), findSyntheticTask(s, b)];

  it('sentiment and its inverse: the same inputs, opposite targets on every evaluation input', () => {
    const [plain, inverse] = pair(clean, 'syn-sentiment', 'syn-sentiment-inverse');
    for (const split of SYNTHETIC_SPLITS) {
      expect(plain.splits[split].map(withoutPrefix)).toEqual(inverse.splits[split].map(withoutPrefix));
      plain.splits[split].forEach((e, i) => {
        expect(inverse.splits[split][i].target).not.toBe(e.target);
        expect(inverse.splits[split][i].label).toBe(1 - sentimentLabel(parseFields(e.input).sentence));
      });
    }
  });

  it('subject-warm and object-warm: the same inputs, each labelled by its own noun phrase, disagreeing on half', () => {
    const [subject, object] = pair(clean, 'syn-subject-warm', 'syn-object-warm');
    for (const split of SYNTHETIC_SPLITS) {
      expect(subject.splits[split].map(withoutPrefix)).toEqual(object.splits[split].map(withoutPrefix));
      subject.splits[split].forEach((e, i) => {
        const colors = colorsOf(parseFields(e.input).sentence);
        expect(colors).toHaveLength(2); // active voice: the subject's colour comes first
        expect(e.target).toBe(WARM.has(colors[0]) ? 'yes' : 'no');
        expect(object.splits[split][i].target).toBe(WARM.has(colors[1]) ? 'yes' : 'no');
      });
    }
    const [s, o] = pair(suite, 'syn-subject-warm', 'syn-object-warm');
    const disagree = s.splits.validation.filter((e, i) => e.target !== o.splits.validation[i].target).length;
    expect(disagree / s.splits.validation.length).toBe(0.5);
    expect(counts(s.splits.validation, 2)).toEqual([150, 150]);
  });

  it('without the task prefix, the inputs of a pair are literally identical', () => {
    const blind = generateSyntheticSuite({
      includeTaskPrefix: false,
      tasks: ['syn-subject-warm', 'syn-object-warm', 'syn-sentiment', 'syn-sentiment-inverse'],
      sizes: smallSizes,
    });
    const [s, o] = pair(blind, 'syn-subject-warm', 'syn-object-warm');
    expect(s.splits.train.map((e) => e.input)).toEqual(o.splits.train.map((e) => e.input));
    expect(s.splits.train[0].input.startsWith('sentence: ')).toBe(true);
    const [p, q] = pair(blind, 'syn-sentiment', 'syn-sentiment-inverse');
    expect(p.splits.validation.map((e) => e.input)).toEqual(q.splits.validation.map((e) => e.input));
  });
});

describe('drawSource', () => {
  // A source with only three possible inputs per stratum.
  const tiny: InputSource = {
    id: 'tiny',
    strata: 2,
    draw: ({ rng }, stratum) => ({ sentence: `s${stratum} w${rng.int(3)}` }),
  };
  const config = resolveSyntheticConfig();

  it('balances strata in blocks and keeps evaluation inputs apart', () => {
    const drawn = drawSource(tiny, { train: 3, validation: 2, test: 2 }, config, new Rng(1));
    const keys = (split: 'train' | 'validation' | 'test'): string[] =>
      drawn[split].map((d) => d.fields.sentence);
    for (const split of SYNTHETIC_SPLITS) {
      expect(
        drawn[split]
          .slice(0, 2)
          .map((d) => d.stratum)
          .sort(),
      ).toEqual([0, 1]);
      for (const d of drawn[split]) expect(d.fields.sentence.startsWith(`s${d.stratum}`)).toBe(true);
    }
    for (const k of keys('validation')) expect(keys('train')).not.toContain(k);
    for (const k of keys('test')) expect([...keys('train'), ...keys('validation')]).not.toContain(k);
  });

  it('reports sizes the input space cannot keep apart', () => {
    expect(() => drawSource(tiny, { train: 200, validation: 2, test: 0 }, config, new Rng(1))).toThrow(
      /synthetic\.sizes \(tiny, validation\)/,
    );
  });
});
