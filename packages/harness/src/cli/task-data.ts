/**
 * Examples of one task split, whatever the task: a GLUE or SuperGLUE task read from its
 * folder by the `@hyperprompt/tasks` loaders (GLUE TSV, SuperGLUE JSONL, Hugging Face
 * parquet/JSONL exports, detected automatically), or a synthetic task generated from a seed.
 *
 * @packageDocumentation
 */
import { ConfigError } from '@hyperprompt/core';
import {
  createDefaultRegistry,
  type Example,
  findSyntheticTask,
  generateSyntheticSuite,
  SYNTHETIC_SPLITS,
  type SplitName,
  type TaskDefinition,
} from '@hyperprompt/tasks';
import { canonicalTaskName, isSyntheticTask } from '../experiment';
import { UsageError } from './errors';

/** Where a split's examples come from. */
export interface TaskDataOptions {
  /** The split (`train`, `validation`, `test`; MNLI: `validation_matched`, ...). */
  readonly split: string;
  /** The task's folder (required for GLUE and SuperGLUE tasks, unused for synthetic ones). */
  readonly dataDir?: string;
  /** Seed of the synthetic suite. @defaultValue 0 */
  readonly seed?: number;
}

/**
 * The registry task of a canonical GLUE/SuperGLUE name.
 *
 * @param canonical - e.g. `glue/rte`.
 * @returns the task.
 */
export function registryTask(canonical: string): TaskDefinition {
  return createDefaultRegistry().get(canonical);
}

/**
 * The split names a task has.
 *
 * @param canonical - a canonical task name.
 * @returns e.g. `['train', 'validation_matched', ...]` for MNLI.
 */
export function taskSplits(canonical: string): readonly string[] {
  return isSyntheticTask(canonical) ? SYNTHETIC_SPLITS : Object.keys(registryTask(canonical).splits);
}

/**
 * Checks a task name and split before any file is opened.
 *
 * @param task - a short or canonical task name.
 * @param split - the split.
 * @returns the canonical task name.
 * @throws ConfigError naming `--task` or `--split` and the allowed values.
 */
export function checkTaskSplit(task: string, split: string): string {
  const canonical = canonicalTaskName(task, '--task');
  const splits = taskSplits(canonical);
  if (!splits.includes(split)) throw new ConfigError('--split', split, splits);
  return canonical;
}

/**
 * Streams the formatted examples of a task split.
 *
 * @param task - a short or canonical task name.
 * @param options - the split, the folder, the synthetic seed.
 * @returns the examples, in file (or generation) order.
 * @throws ConfigError for an unknown task or split; UsageError when a folder is needed and missing.
 */
export async function* taskExamples(task: string, options: TaskDataOptions): AsyncGenerator<Example> {
  const canonical = checkTaskSplit(task, options.split);
  if (isSyntheticTask(canonical)) {
    const suite = generateSyntheticSuite({ seed: options.seed ?? 0, tasks: [canonical] });
    yield* findSyntheticTask(suite, canonical).splits[options.split as (typeof SYNTHETIC_SPLITS)[number]];
    return;
  }
  if (options.dataDir === undefined) {
    throw new UsageError(`--data-dir is required for ${canonical} (the folder holding its files)`);
  }
  yield* registryTask(canonical).load(options.dataDir, { split: options.split as SplitName });
}
