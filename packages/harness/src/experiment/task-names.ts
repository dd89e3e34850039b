/**
 * Task names as experiment files and the CLI spell them: the synthetic suite (`syn-*`), GLUE
 * (`rte` or `glue/rte`) and SuperGLUE (`boolq` or `super_glue/boolq`; its RTE is
 * `superglue-rte`). Names resolve to one canonical form: the `@hyperprompt/tasks` registry
 * name for GLUE and SuperGLUE, the suite name for synthetic tasks.
 *
 * @packageDocumentation
 */
import { ConfigError } from '@hyperprompt/core';
import { SYNTHETIC_TASK_NAMES, type SyntheticTaskName } from '@hyperprompt/tasks';

/** GLUE short names (`glue/<name>` in the registry). */
export const GLUE_SHORT_NAMES: readonly string[] = Object.freeze([
  'cola',
  'sst2',
  'mrpc',
  'qqp',
  'stsb',
  'mnli',
  'qnli',
  'rte',
  'wnli',
]);

/** SuperGLUE short names (`super_glue/<name>`; `superglue-rte` is `super_glue/rte`). */
export const SUPERGLUE_SHORT_NAMES: readonly string[] = Object.freeze([
  'boolq',
  'cb',
  'copa',
  'multirc',
  'record',
  'superglue-rte',
  'wic',
  'wsc',
]);

/** Every short name accepted, synthetic first. */
export const TASK_SHORT_NAMES: readonly string[] = Object.freeze([
  ...SYNTHETIC_TASK_NAMES,
  ...GLUE_SHORT_NAMES,
  ...SUPERGLUE_SHORT_NAMES,
]);

/**
 * Whether a canonical task name is a synthetic task.
 *
 * @param name - a canonical name.
 * @returns true for `syn-*` names of the suite.
 */
export function isSyntheticTask(name: string): name is SyntheticTaskName {
  return (SYNTHETIC_TASK_NAMES as readonly string[]).includes(name);
}

/**
 * The canonical name of a task name.
 *
 * @example
 * ```ts
 * canonicalTaskName('rte'); // 'glue/rte'
 * canonicalTaskName('superglue-rte'); // 'super_glue/rte'
 * canonicalTaskName('syn-nli'); // 'syn-nli'
 * ```
 *
 * @param name - a short or canonical name.
 * @param field - field path for the error message.
 * @returns the canonical name.
 * @throws ConfigError listing the accepted short names.
 */
export function canonicalTaskName(name: unknown, field = 'task'): string {
  if (typeof name === 'string') {
    if (isSyntheticTask(name)) return name;
    if (GLUE_SHORT_NAMES.includes(name)) return `glue/${name}`;
    if (name === 'superglue-rte') return 'super_glue/rte';
    if (SUPERGLUE_SHORT_NAMES.includes(name)) return `super_glue/${name}`;
    const [benchmark, task] = name.split('/');
    if (benchmark === 'glue' && GLUE_SHORT_NAMES.includes(task)) return name;
    if (benchmark === 'super_glue' && (SUPERGLUE_SHORT_NAMES.includes(task) || task === 'rte')) return name;
  }
  throw new ConfigError(field, name, TASK_SHORT_NAMES);
}

/**
 * The short name of a canonical name (the inverse of {@link canonicalTaskName}).
 *
 * @param canonical - e.g. `super_glue/rte`.
 * @returns e.g. `superglue-rte`.
 */
export function shortTaskName(canonical: string): string {
  if (canonical === 'super_glue/rte') return 'superglue-rte';
  const slash = canonical.indexOf('/');
  return slash < 0 ? canonical : canonical.slice(slash + 1);
}
