/**
 * Configuration of the synthetic suite: seed, which tasks, split sizes, difficulty, and
 * whether inputs carry the task prefix. Plain JSON, so it can sit in an experiment file.
 *
 * @packageDocumentation
 */
import { ConfigError, rejectUnknownKeys } from '@hyperprompt/core';
import { LEXICON } from './lexicon';

/** Names of the synthetic tasks (also their input prefixes). */
export const SYNTHETIC_TASK_NAMES = [
  'syn-sentiment',
  'syn-grammar',
  'syn-paraphrase',
  'syn-similarity',
  'syn-nli',
  'syn-color-match',
  'syn-animal-match',
  'syn-sentiment-inverse',
  'syn-subject-warm',
  'syn-object-warm',
  'syn-is-positive',
] as const;

/** One of {@link SYNTHETIC_TASK_NAMES}. */
export type SyntheticTaskName = (typeof SYNTHETIC_TASK_NAMES)[number];

/** The splits every synthetic task has. */
export const SYNTHETIC_SPLITS = ['train', 'validation', 'test'] as const;

/** One of {@link SYNTHETIC_SPLITS}. */
export type SyntheticSplit = (typeof SYNTHETIC_SPLITS)[number];

/** Number of examples per split. */
export type SplitSizes = Readonly<Record<SyntheticSplit, number>>;

/** The complete configuration of a suite ({@link resolveSyntheticConfig} fills the defaults). */
export interface SyntheticSuiteConfig {
  /** Seed of the generator, an integer in [0, 2^32). @defaultValue `0` */
  readonly seed: number;
  /** The tasks to generate, in this order (distinct). @defaultValue all of {@link SYNTHETIC_TASK_NAMES} */
  readonly tasks: readonly SyntheticTaskName[];
  /**
   * Start each input with the task name, T5-style (`syn-sentiment sentence: ...`). Without
   * it, inputs hold only the fields (`sentence: ...`), so that a model can learn which task
   * it is doing only from the method's task conditioning (ablations). @defaultValue `true`
   */
  readonly includeTaskPrefix: boolean;
  /**
   * Examples per split and task; a partial entry in the options overrides only the splits it
   * names. @defaultValue train 1,500 to 4,000 per task (see {@link DEFAULT_SYNTHETIC_CONFIG}),
   * validation 300, test 300
   */
  readonly sizes: Readonly<Record<SyntheticTaskName, SplitSizes>>;
  /**
   * Label noise of the training split, in [0, 0.5): a classification label is replaced by a
   * uniformly drawn other label with this probability; a similarity score gets Gaussian
   * noise of standard deviation `5 * noiseRate`. Validation and test are clean, so their
   * metrics measure the rule. @defaultValue `0.05`
   */
  readonly noiseRate: number;
  /**
   * Longest compositions, an integer in [1, 5]: sentiment sentences hold an odd number ≤
   * this of adjective phrases, inference premises up to this many clauses. @defaultValue `3`
   */
  readonly maxClauses: number;
  /** Probability that an optional modifier (a size, a place) is said, in [0, 1]. @defaultValue `0.5` */
  readonly modifierRate: number;
  /**
   * Words used per open category (colours, animals, verbs, ...), an integer ≥ 4 and >
   * `maxClauses`; categories shorter than this keep all their words. The tokenizer
   * vocabulary always holds every word. @defaultValue `16` (every word)
   */
  readonly maxWordsPerCategory: number;
}

/** Options of {@link resolveSyntheticConfig}: any subset of the configuration. */
export interface SyntheticSuiteOptions extends Partial<Omit<SyntheticSuiteConfig, 'sizes'>> {
  /** Per task, the split sizes to change (see {@link SyntheticSuiteConfig.sizes}). */
  readonly sizes?: Readonly<Partial<Record<SyntheticTaskName, Partial<SplitSizes>>>>;
}

const evalSizes = (train: number): SplitSizes => ({ train, validation: 300, test: 300 });

/** The default suite: eleven tasks, a few thousand training examples each. */
export const DEFAULT_SYNTHETIC_CONFIG: SyntheticSuiteConfig = Object.freeze({
  seed: 0,
  tasks: SYNTHETIC_TASK_NAMES,
  includeTaskPrefix: true,
  sizes: Object.freeze({
    'syn-sentiment': evalSizes(4000),
    'syn-grammar': evalSizes(2000),
    'syn-paraphrase': evalSizes(3000),
    'syn-similarity': evalSizes(2000),
    'syn-nli': evalSizes(4000),
    'syn-color-match': evalSizes(1500),
    'syn-animal-match': evalSizes(1500),
    'syn-sentiment-inverse': evalSizes(4000),
    'syn-subject-warm': evalSizes(4000),
    'syn-object-warm': evalSizes(4000),
    'syn-is-positive': evalSizes(4000),
  }),
  noiseRate: 0.05,
  maxClauses: 3,
  modifierRate: 0.5,
  maxWordsPerCategory: 16,
});

const CONFIG_KEYS = Object.keys(DEFAULT_SYNTHETIC_CONFIG);

function checkNumber(field: string, value: unknown, ok: (v: number) => boolean, allowed: string): number {
  if (typeof value !== 'number' || !ok(value)) throw new ConfigError(field, value, allowed);
  return value;
}

function resolveSizes(options: SyntheticSuiteOptions['sizes']): SyntheticSuiteConfig['sizes'] {
  const given: Readonly<Partial<Record<string, Partial<SplitSizes>>>> = options ?? {};
  rejectUnknownKeys(given, SYNTHETIC_TASK_NAMES, 'synthetic.sizes');
  const out = {} as Record<SyntheticTaskName, SplitSizes>;
  for (const name of SYNTHETIC_TASK_NAMES) {
    const entry = given[name] ?? {};
    rejectUnknownKeys(entry, ['train', 'validation', 'test'], `synthetic.sizes.${name}`);
    const merged = { ...DEFAULT_SYNTHETIC_CONFIG.sizes[name], ...entry };
    for (const split of ['train', 'validation', 'test'] as const) {
      checkNumber(
        `synthetic.sizes.${name}.${split}`,
        merged[split],
        (v) => Number.isInteger(v) && v >= 0,
        'an integer >= 0',
      );
    }
    out[name] = Object.freeze(merged);
  }
  return Object.freeze(out);
}

/**
 * Validates options and fills the defaults of {@link DEFAULT_SYNTHETIC_CONFIG}.
 *
 * @param options - any subset of the configuration.
 * @returns the complete, frozen configuration.
 * @throws ConfigError naming the first bad field.
 */
export function resolveSyntheticConfig(options: SyntheticSuiteOptions = {}): SyntheticSuiteConfig {
  rejectUnknownKeys(options, CONFIG_KEYS, 'synthetic');
  const d = DEFAULT_SYNTHETIC_CONFIG;
  const seed = checkNumber(
    'synthetic.seed',
    options.seed ?? d.seed,
    (v) => Number.isInteger(v) && v >= 0 && v <= 0xffffffff,
    'an integer in [0, 2^32)',
  );
  const tasksValue: unknown = options.tasks ?? d.tasks;
  if (!Array.isArray(tasksValue) || tasksValue.length === 0)
    throw new ConfigError('synthetic.tasks', tasksValue, 'a non-empty array of task names');
  const tasks = tasksValue as readonly SyntheticTaskName[];
  tasks.forEach((name, i) => {
    if (!(SYNTHETIC_TASK_NAMES as readonly unknown[]).includes(name))
      throw new ConfigError(`synthetic.tasks[${i}]`, name, SYNTHETIC_TASK_NAMES);
    if (tasks.indexOf(name) !== i)
      throw new ConfigError(`synthetic.tasks[${i}]`, name, 'a task not listed before');
  });
  const includeTaskPrefix = options.includeTaskPrefix ?? d.includeTaskPrefix;
  if (typeof includeTaskPrefix !== 'boolean')
    throw new ConfigError('synthetic.includeTaskPrefix', includeTaskPrefix, 'a boolean');
  const noiseRate = checkNumber(
    'synthetic.noiseRate',
    options.noiseRate ?? d.noiseRate,
    (v) => v >= 0 && v < 0.5,
    'a number in [0, 0.5)',
  );
  const maxClauses = checkNumber(
    'synthetic.maxClauses',
    options.maxClauses ?? d.maxClauses,
    (v) => Number.isInteger(v) && v >= 1 && v <= 5,
    'an integer in [1, 5]',
  );
  const modifierRate = checkNumber(
    'synthetic.modifierRate',
    options.modifierRate ?? d.modifierRate,
    (v) => v >= 0 && v <= 1,
    'a number in [0, 1]',
  );
  const longest = Math.max(LEXICON.animals.length, LEXICON.colors.length, LEXICON.verbs.length);
  const maxWordsPerCategory = checkNumber(
    'synthetic.maxWordsPerCategory',
    options.maxWordsPerCategory ?? d.maxWordsPerCategory,
    (v) => Number.isInteger(v) && v >= 4 && v > maxClauses && v <= longest,
    `an integer in [4, ${longest}] and > maxClauses (${maxClauses})`,
  );
  return Object.freeze({
    seed,
    tasks: Object.freeze([...tasks]),
    includeTaskPrefix,
    sizes: resolveSizes(options.sizes),
    noiseRate,
    maxClauses,
    modifierRate,
    maxWordsPerCategory,
  });
}
