/**
 * Examples of one task split, whatever the task: a task of an embedded family (synthetic,
 * WordNet) from its family, or a task read from its folder by the `@hyperprompt/tasks`
 * loaders (GLUE TSV, SuperGLUE JSONL, Hugging Face parquet/JSONL exports, detected
 * automatically).
 *
 * @packageDocumentation
 */
import { ConfigError } from '@hyperprompt/core';
import type { Example, SplitName, TaskDefinition } from '@hyperprompt/tasks';
import { canonicalTaskName, taskRegistry } from '../experiment';
import { UsageError } from './errors';

/** Where a split's examples come from. */
export interface TaskDataOptions {
  /** The split (`train`, `validation`, `test`; MNLI: `validation_matched`, ...). */
  readonly split: string;
  /** The task's folder (required for tasks read from files, unused for embedded ones). */
  readonly dataDir?: string;
  /** Seed of an embedded family's data. @defaultValue the family's default */
  readonly seed?: number;
}

/**
 * The registry task of a canonical name.
 *
 * @param canonical - e.g. `glue/rte`.
 * @returns the task.
 */
export function registryTask(canonical: string): TaskDefinition {
  return taskRegistry().get(canonical);
}

/**
 * The split names a task has.
 *
 * @param canonical - a canonical task name.
 * @returns e.g. `['train', 'validation_matched', ...]` for MNLI.
 */
export function taskSplits(canonical: string): readonly string[] {
  return Object.keys(registryTask(canonical).splits);
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
  const definition = registryTask(canonical);
  if (definition.embedded !== undefined) {
    const family = definition.embedded;
    const given = options.seed === undefined ? {} : { seed: options.seed };
    const resolved = family.resolveOptions(given, [canonical]);
    yield* family.examples(canonical, options.split as SplitName, resolved, [canonical]);
    return;
  }
  if (options.dataDir === undefined) {
    throw new UsageError(`--data-dir is required for ${canonical} (the folder holding its files)`);
  }
  yield* definition.load(options.dataDir, { split: options.split as SplitName });
}
