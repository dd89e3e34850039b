/**
 * HyperFormer's re-split (`split_validation_test=true` in `rabeehk/hyperformer`,
 * `hyperformer/data/tasks.py`), used to report test numbers without the hidden GLUE test labels:
 *
 * | rule | train | validation | test |
 * |---|---|---|---|
 * | `halve-validation` (small tasks) | official train | first ⌊n/2⌋ of a seeded permutation of the official validation set | the rest |
 * | `hold-out-train` (large tasks) | train minus the held-out 1,000 | first 1,000 of a seeded permutation of train | official validation |
 * | `mnli` | train | `validation_mismatched` | `validation_matched` |
 * | `official` | train | validation | test |
 *
 * The permutation is core's seeded `Rng(seed).permutation(n)` (HyperFormer uses
 * `torch.randperm` with seed 42; the rule is the same, the exact halves differ). The unit is a
 * canonical record (an HF row; for MultiRC one answer, for ReCoRD one query). Records stream in
 * file order; the record count `n` comes from a first streaming pass over the source file
 * (cached per file, size and modification time), so nothing is held in memory but a bit mask.
 *
 * @packageDocumentation
 */
import { stat } from 'node:fs/promises';
import { ConfigError, Rng } from '@hyperprompt/core';
import type { Example } from '../example';
import type { SplitName, TaskDefinition } from '../registry';
import { resolveSplitFiles } from './detect';
import { formatRecords, readRecords } from './load';
import type { LoadOptions, SourceRecord } from './types';

/** The three splits of a HyperFormer experiment. */
export type HyperformerSplitName = 'train' | 'validation' | 'test';

/** Options of {@link loadHyperformerSplit}. */
export interface HyperformerSplitOptions extends Omit<LoadOptions, 'split' | 'training'> {
  /** The HyperFormer split to read. */
  readonly split: HyperformerSplitName;
  /**
   * Seed of the permutation.
   *
   * @defaultValue `42` (HyperFormer's default)
   */
  readonly seed?: number;
}

/** Number of training records HyperFormer holds out as validation for large tasks. */
export const HYPERFORMER_HELD_OUT = 1000;

const countCache = new Map<string, number>();

async function countRecords(task: TaskDefinition, dir: string, options: LoadOptions): Promise<number> {
  const { files } = await resolveSplitFiles(task, dir, options.split, options.layout ?? 'auto');
  const stamps = await Promise.all(
    files.map(async (f) => {
      const { size, mtimeMs } = await stat(f);
      return `${f}:${size}:${mtimeMs}`;
    }),
  );
  const key = [task.name, options.split, options.malformedRows ?? '', ...stamps].join('|');
  const cached = countCache.get(key);
  if (cached !== undefined) return cached;
  let n = 0;
  const records = readRecords(task, dir, { ...options, onWarning: () => undefined });
  while (!(await records.next()).done) n++;
  if (countCache.size >= 64) countCache.clear();
  countCache.set(key, n);
  return n;
}

async function* selectRecords(
  records: AsyncIterable<SourceRecord>,
  keep: Uint8Array,
): AsyncGenerator<SourceRecord> {
  let ordinal = 0;
  for await (const record of records) {
    if (keep[ordinal++] === 1) yield record;
  }
}

/** Where one HyperFormer split comes from. */
export interface HyperformerSource {
  /** The official split read. */
  readonly source: SplitName;
  /** For permuted splits: keep the permutation's head or its tail; absent: keep every record. */
  readonly part?: 'head' | 'tail';
  /** Size of the head: half the records, or the 1,000 held out. */
  readonly head?: 'half' | 'held-out';
}

/**
 * The source split and the records kept for one HyperFormer split.
 *
 * @param task - the task.
 * @param split - the HyperFormer split.
 * @returns the official split to read and, for permuted splits, which part of the permutation to keep.
 */
export function hyperformerSource(task: TaskDefinition, split: HyperformerSplitName): HyperformerSource {
  switch (task.hyperformerSplit) {
    case 'official':
      return { source: split };
    case 'mnli':
      return {
        source:
          split === 'train'
            ? 'train'
            : split === 'validation'
              ? 'validation_mismatched'
              : 'validation_matched',
      };
    case 'halve-validation':
      return split === 'train'
        ? { source: 'train' }
        : { source: 'validation', part: split === 'validation' ? 'head' : 'tail', head: 'half' };
    case 'hold-out-train':
      return split === 'test'
        ? { source: 'validation' }
        : { source: 'train', part: split === 'validation' ? 'head' : 'tail', head: 'held-out' };
  }
}

/**
 * Streams one split of HyperFormer's re-split of a task (see the module table). Deterministic
 * per seed: the same seed always selects the same records.
 *
 * @param task - the task (its `hyperformerSplit` rule decides).
 * @param dir - the task folder.
 * @param options - the HyperFormer split, seed and reading options.
 * @returns an async generator of examples; training examples only for `split: 'train'`.
 * @throws ConfigError for a bad seed; DataError for missing or malformed files.
 */
export async function* loadHyperformerSplit(
  task: TaskDefinition,
  dir: string,
  options: HyperformerSplitOptions,
): AsyncGenerator<Example> {
  const seed = options.seed ?? 42;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new ConfigError('hyperformerSplit.seed', seed, 'an integer in [0, 2^32)');
  }
  const { source, part, head } = hyperformerSource(task, options.split);
  const load: LoadOptions = { ...options, split: source, training: options.split === 'train' };
  const training = options.split === 'train';
  if (part === undefined) {
    yield* formatRecords(task, readRecords(task, dir, load), source, training);
    return;
  }
  const n = await countRecords(task, dir, load);
  const headSize = head === 'half' ? Math.floor(n / 2) : Math.min(HYPERFORMER_HELD_OUT, n);
  const permutation = new Rng(seed).permutation(n);
  const keep = new Uint8Array(n);
  const [from, to] = part === 'head' ? [0, headSize] : [headSize, n];
  for (let i = from; i < to; i++) keep[permutation[i]] = 1;
  yield* formatRecords(task, selectRecords(readRecords(task, dir, load), keep), source, training);
}
