/**
 * Builds the synthetic suite: draws each input source's splits (balanced over strata,
 * evaluation inputs kept out of training), labels them per task, adds training-label noise,
 * and formats the examples T5-style.
 *
 * Determinism: every random stream is forked from the seed by name (source and split, or
 * task for the noise), so a task's examples depend only on the seed, the difficulty knobs
 * and its own sizes, not on which other tasks are generated. A split is a prefix-stable
 * stream: a larger size appends examples (evaluation splits may shift when the training
 * size changes, since their inputs avoid the training inputs).
 *
 * @packageDocumentation
 */
import { ConfigError, Rng } from '@hyperprompt/core';
import type { Example } from '../example';
import {
  resolveSyntheticConfig,
  SYNTHETIC_SPLITS,
  type SyntheticSplit,
  type SyntheticSuiteConfig,
  type SyntheticSuiteOptions,
  type SyntheticTaskName,
} from './config';
import { lexiconWithCap } from './lexicon';
import { other } from './scene';
import type { DrawContext, Fields, InputSource } from './source';
import { SYNTHETIC_GENERATORS, type SyntheticTaskDefinition, type SyntheticTaskInfo } from './tasks';

/** A generated synthetic task: its description and its examples. */
export interface SyntheticTask extends SyntheticTaskInfo {
  /** The examples of each split (`idx` is the position in the split). */
  readonly splits: Readonly<Record<SyntheticSplit, readonly Example[]>>;
}

/** A generated suite. */
export interface SyntheticSuite {
  /** The configuration it was generated from. */
  readonly config: SyntheticSuiteConfig;
  /** The tasks, in `config.tasks` order. */
  readonly tasks: readonly SyntheticTask[];
}

/** How many draws an evaluation example may need to avoid the inputs seen before. */
const MAX_TRIES = 1000;

/** A drawn input with the stratum it realises. */
export interface Drawn {
  /** The input fields. */
  readonly fields: Fields;
  /** The stratum the input realises. */
  readonly stratum: number;
}

/**
 * Formats a score T5's way for STS-B: rounded to the 0.2 grid (`round(5x)/5`, halves to
 * even as `tf.round` does), one decimal.
 *
 * @param score - a score in [0, 5].
 * @returns e.g. `"3.8"`.
 */
export function formatSimilarityTarget(score: number): string {
  const x = score * 5;
  const floor = Math.floor(x);
  const diff = x - floor;
  const rounded = diff > 0.5 ? floor + 1 : diff < 0.5 ? floor : floor % 2 === 0 ? floor : floor + 1;
  return (rounded / 5).toFixed(1);
}

/** T5's input format: `[<prefix> ]key: value key: value`. */
function formatInput(prefix: string | undefined, fields: Fields, keys: readonly string[]): string {
  const parts = keys.map((key) => `${key}: ${fields[key]}`);
  return (prefix === undefined ? parts : [prefix, ...parts]).join(' ');
}

/**
 * Draws the splits of one source, each of its requested size, balanced over strata in
 * shuffled blocks; validation inputs avoid the training inputs, test inputs avoid both
 * (internal; exported for tests).
 *
 * @throws ConfigError when an evaluation example cannot avoid the earlier inputs.
 */
export function drawSource(
  source: InputSource,
  sizes: Readonly<Record<SyntheticSplit, number>>,
  config: SyntheticSuiteConfig,
  root: Rng,
): Record<SyntheticSplit, Drawn[]> {
  const lex = lexiconWithCap(config.maxWordsPerCategory);
  const seen = new Set<string>();
  const out = {} as Record<SyntheticSplit, Drawn[]>;
  for (const split of SYNTHETIC_SPLITS) {
    const ctx: DrawContext = { rng: root.fork(`${source.id}/${split}`), lex, config };
    const items: Drawn[] = [];
    const keys: string[] = [];
    let block: Int32Array = new Int32Array(0);
    for (let i = 0; i < sizes[split]; i++) {
      if (i % source.strata === 0) block = ctx.rng.permutation(source.strata);
      const stratum = block[i % source.strata];
      let fields = source.draw(ctx, stratum);
      for (let tries = 1; split !== 'train' && seen.has(JSON.stringify(fields)); tries++) {
        if (tries === MAX_TRIES) {
          throw new ConfigError(
            `synthetic.sizes (${source.id}, ${split})`,
            sizes[split],
            'fewer examples, or a larger maxWordsPerCategory: the evaluation inputs could not avoid the ones seen before',
          );
        }
        fields = source.draw(ctx, stratum);
      }
      items.push({ fields, stratum });
      keys.push(JSON.stringify(fields));
    }
    for (const key of keys) seen.add(key);
    out[split] = items;
  }
  return out;
}

/** Labels, noises and formats one task's split. */
function makeExamples(
  def: SyntheticTaskDefinition,
  drawn: readonly Drawn[],
  split: SyntheticSplit,
  config: SyntheticSuiteConfig,
  noiseRng: Rng,
): Example[] {
  const { info } = def;
  const prefix = config.includeTaskPrefix ? info.name : undefined;
  const noisy = split === 'train' && config.noiseRate > 0;
  return drawn.map(({ fields, stratum }, idx) => {
    const input = formatInput(prefix, fields, info.featureKeys);
    let label = def.labelOf(stratum);
    if (info.kind === 'regression') {
      if (noisy) label = Math.min(5, Math.max(0, label + 5 * config.noiseRate * noiseRng.normal()));
      return { input, target: formatSimilarityTarget(label), label, idx };
    }
    if (noisy && noiseRng.float() < config.noiseRate) label = other(noiseRng, info.labelWords.length, label);
    return { input, target: info.labelWords[label], label, idx };
  });
}

/**
 * Generates the synthetic suite.
 *
 * @param options - any subset of {@link SyntheticSuiteConfig}; defaults from
 *   {@link DEFAULT_SYNTHETIC_CONFIG}.
 * @returns the tasks with their splits.
 * @throws ConfigError for bad options, or sizes too large for the input space.
 *
 * @example
 * ```ts
 * const suite = generateSyntheticSuite({ seed: 1, includeTaskPrefix: false });
 * const sentiment = suite.tasks.find((t) => t.name === 'syn-sentiment');
 * sentiment?.splits.train[0]; // { input: 'sentence: the red fox is ...', target: 'positive', label: 1, idx: 0 }
 * ```
 */
export function generateSyntheticSuite(options: SyntheticSuiteOptions = {}): SyntheticSuite {
  const config = resolveSyntheticConfig(options);
  const root = new Rng(config.seed);
  const defs = config.tasks.map((name) => SYNTHETIC_GENERATORS[name]);
  const drawnBySource = new Map<string, Record<SyntheticSplit, Drawn[]>>();
  for (const source of new Set(defs.map((d) => d.source))) {
    const users = defs.filter((d) => d.source === source).map((d) => config.sizes[d.info.name]);
    const sizes = {} as Record<SyntheticSplit, number>;
    for (const split of SYNTHETIC_SPLITS) sizes[split] = Math.max(...users.map((u) => u[split]));
    drawnBySource.set(source.id, drawSource(source, sizes, config, root));
  }
  const tasks = defs.map((def): SyntheticTask => {
    const drawn = drawnBySource.get(def.source.id) as Record<SyntheticSplit, Drawn[]>;
    const noiseRng = root.fork(`noise/${def.info.name}`);
    const splits = {} as Record<SyntheticSplit, readonly Example[]>;
    for (const split of SYNTHETIC_SPLITS) {
      const size = config.sizes[def.info.name][split];
      splits[split] = makeExamples(def, drawn[split].slice(0, size), split, config, noiseRng);
    }
    return { ...def.info, splits };
  });
  return { config, tasks };
}

/**
 * A task of a generated suite.
 *
 * @param suite - the suite.
 * @param name - the task name.
 * @returns the task.
 * @throws ConfigError when the suite was generated without it.
 */
export function findSyntheticTask(suite: SyntheticSuite, name: SyntheticTaskName): SyntheticTask {
  const task = suite.tasks.find((t) => t.name === name);
  if (task === undefined)
    throw new ConfigError(
      'task',
      name,
      suite.tasks.map((t) => t.name),
    );
  return task;
}
