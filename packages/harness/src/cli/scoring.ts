/**
 * Scoring predicted target strings with a task's official metrics (T5's post-processing:
 * a prediction that is not a label word counts as wrong), on the 0-100 scale T5 reports.
 * Gold examples come from reference target strings, or from the task's own data when the
 * strings are not enough (MultiRC and ReCoRD need the question/query grouping and ReCoRD
 * every gold answer; WSC needs whether each candidate is the referent).
 *
 * @packageDocumentation
 */
import { ConfigError, DataError } from '@hyperprompt/core';
import type { Example, TaskMetrics } from '@hyperprompt/tasks';
import { readFile } from 'node:fs/promises';
import { canonicalTaskName } from '../experiment';
import { UsageError } from './errors';
import { registryTask } from './task-data';

/** Tasks whose metrics cannot be computed from target strings alone. */
export const TASKS_NEEDING_EXAMPLES: readonly string[] = [
  'super_glue/multirc',
  'super_glue/record',
  'super_glue/wsc',
];

/**
 * Reads a file of one string per line (a final newline does not add an empty line; `\r\n`
 * line ends are accepted; empty lines are empty strings).
 *
 * @param file - the path.
 * @returns the lines.
 */
export async function readLinesFile(file: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new DataError(file, undefined, `cannot read: ${(error as Error).message}`);
  }
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

function toPercent(metrics: TaskMetrics): Record<string, number> {
  return Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, 100 * v]));
}

/** Gold examples from reference strings: class index of a label word, or the number of a score. */
function referenceExamples(
  references: readonly string[],
  labelWords: readonly string[] | undefined,
  file: string,
): Example[] {
  return references.map((target, i) => {
    if (labelWords !== undefined) {
      const label = labelWords.indexOf(target);
      if (label < 0)
        throw new DataError(
          file,
          i + 1,
          `reference "${target}" is not a label word (${labelWords.join(', ')})`,
        );
      return { input: '', target, label };
    }
    const label = Number(target);
    if (target.trim() === '' || !Number.isFinite(label))
      throw new DataError(file, i + 1, `reference "${target}" is not a number`);
    return { input: '', target, label };
  });
}

/**
 * Scores predictions against gold examples (0-100 scale).
 *
 * @param task - a short or canonical task name.
 * @param predictions - predicted target strings.
 * @param examples - the gold examples, one per prediction.
 * @returns metric name to value.
 */
export function scoreExamples(
  task: string,
  predictions: readonly string[],
  examples: readonly Example[],
): Record<string, number> {
  const canonical = canonicalTaskName(task, '--task');
  if (predictions.length !== examples.length) {
    throw new ConfigError(
      '--predictions',
      `${predictions.length} lines`,
      `${examples.length} (one per gold example)`,
    );
  }
  return toPercent(registryTask(canonical).score(predictions, examples));
}

/**
 * Scores predictions against reference target strings (one per prediction).
 *
 * @param task - a short or canonical task name.
 * @param predictions - predicted target strings.
 * @param references - gold target strings.
 * @param referencesFile - the references' file, named in errors.
 * @returns metric name to value (0-100).
 * @throws UsageError for MultiRC, ReCoRD and WSC (use the task's data instead).
 */
export function scoreTargets(
  task: string,
  predictions: readonly string[],
  references: readonly string[],
  referencesFile = '--references',
): Record<string, number> {
  const canonical = canonicalTaskName(task, '--task');
  if (TASKS_NEEDING_EXAMPLES.includes(canonical)) {
    throw new UsageError(
      `${canonical} cannot be scored from target strings alone (it needs ${canonical.endsWith('wsc') ? 'which candidate is the referent' : 'the question/query grouping and every gold answer'}); pass --data-dir and --split instead of --references`,
    );
  }
  const labelWords = registryTask(canonical).labelWords;
  const words = labelWords !== undefined && labelWords.length > 0 ? labelWords : undefined;
  if (predictions.length !== references.length) {
    throw new ConfigError(
      '--predictions',
      `${predictions.length} lines`,
      `${references.length} (one per reference line)`,
    );
  }
  return scoreExamples(canonical, predictions, referenceExamples(references, words, referencesFile));
}
