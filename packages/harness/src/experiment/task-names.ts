/**
 * Task names as experiment files and the CLI spell them, resolved against one registry: the
 * harness's task registry, which starts as `@hyperprompt/tasks`' default registry (the
 * embedded families, GLUE and SuperGLUE) and takes the tasks a user registers. A task is
 * named by its registered name or an alias (`rte` or `glue/rte`, `superglue-rte` for
 * SuperGLUE's RTE, `syn-nli`).
 *
 * @packageDocumentation
 */
import { createDefaultRegistry, type TaskRegistry } from '@hyperprompt/tasks';

let registry: TaskRegistry | undefined;

/**
 * The registry experiments name tasks from. Register your own tasks here before resolving an
 * experiment that names them.
 *
 * @example
 * ```ts
 * import { taskRegistry } from '@hyperprompt/harness';
 * taskRegistry().register(mySentimentSpec); // then "tasks": ["my/sentiment"] works in experiments
 * ```
 *
 * @returns the process-wide registry.
 */
export function taskRegistry(): TaskRegistry {
  registry ??= createDefaultRegistry();
  return registry;
}

/**
 * The canonical (registered) name of a task name or alias.
 *
 * @example
 * ```ts
 * canonicalTaskName('rte'); // 'glue/rte'
 * canonicalTaskName('superglue-rte'); // 'super_glue/rte'
 * canonicalTaskName('syn-nli'); // 'syn-nli'
 * ```
 *
 * @param name - a name or alias.
 * @param field - field path for the error message.
 * @returns the registered name.
 * @throws ConfigError listing the accepted short names.
 */
export function canonicalTaskName(name: unknown, field = 'task'): string {
  return taskRegistry().resolveName(name, field);
}

/**
 * The short name of a canonical name (its first alias, else the name itself).
 *
 * @param canonical - e.g. `super_glue/rte`.
 * @returns e.g. `superglue-rte`.
 */
export function shortTaskName(canonical: string): string {
  return taskRegistry().has(canonical) ? taskRegistry().shortName(canonical) : canonical;
}
