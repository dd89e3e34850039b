/**
 * {@link TaskRegistry}: the set of tasks an experiment can name. {@link createDefaultRegistry}
 * returns one with GLUE and SuperGLUE registered; users add their own tasks with the same types.
 *
 * @packageDocumentation
 */
import { ConfigError } from '@hyperprompt/core';
import { defineTask, isTaskDefinition } from './define-task';
import type { TaskDefinition, TaskSpec } from './types';

/**
 * A registry of tasks by unique name.
 *
 * @example
 * ```ts
 * import { createDefaultRegistry, t5ClassificationFormatter } from '@hyperprompt/tasks';
 *
 * const registry = createDefaultRegistry(); // GLUE and SuperGLUE
 * registry.register({
 *   name: 'my/sentiment',
 *   benchmark: 'my',
 *   kind: 'classification',
 *   labelWords: ['negative', 'positive'],
 *   splits: { train: 'train.jsonl', validation: 'dev.jsonl' },
 *   source: { kind: 'jsonl' }, // lines like {"text": "...", "label": 1, "idx": 0}
 *   format: t5ClassificationFormatter({ prefix: 'sentiment', labelWords: ['negative', 'positive'], features: ['text'] }),
 *   metrics: ['accuracy', 'f1'],
 * });
 * const task = registry.get('my/sentiment');
 * for await (const example of task.load('data/my-sentiment', { split: 'train' })) {
 *   // example.input === 'sentiment text: ...', example.target === 'positive'
 * }
 * ```
 */
export class TaskRegistry {
  private readonly tasks = new Map<string, TaskDefinition>();
  private readonly aliases = new Map<string, string>();

  /** @param tasks - tasks (or specs) to register at once. */
  constructor(tasks: Iterable<TaskDefinition | TaskSpec> = []) {
    for (const task of tasks) this.register(task);
  }

  /**
   * Registers a task.
   *
   * @param task - a task from {@link defineTask}, or a spec (defined on the fly).
   * @returns the registered task.
   * @throws ConfigError if the spec is invalid or a task of that name is already registered.
   */
  register(task: TaskDefinition | TaskSpec): TaskDefinition {
    const definition = isTaskDefinition(task) ? task : defineTask(task);
    for (const name of [definition.name, ...definition.aliases]) {
      if (this.tasks.has(name) || this.aliases.has(name))
        throw new ConfigError(`task(${definition.name}).name`, name, 'a name or alias not registered yet');
    }
    this.tasks.set(definition.name, definition);
    for (const alias of definition.aliases) this.aliases.set(alias, definition.name);
    return definition;
  }

  /**
   * The registered name of a task name or alias.
   *
   * @example
   * ```ts
   * createDefaultRegistry().resolveName('rte'); // 'glue/rte'
   * ```
   *
   * @param name - a registered name or alias.
   * @param field - field path for the error message.
   * @returns the registered name.
   * @throws ConfigError listing the accepted names when there is no such task.
   */
  resolveName(name: unknown, field = 'task'): string {
    if (typeof name === 'string') {
      if (this.tasks.has(name)) return name;
      const target = this.aliases.get(name);
      if (target !== undefined) return target;
    }
    throw new ConfigError(field, name, this.shortNames());
  }

  /**
   * The name users usually write for a task: its first alias, else its name.
   *
   * @param name - a registered name.
   * @returns e.g. `rte` for `glue/rte`.
   */
  shortName(name: string): string {
    return this.get(name).aliases[0] ?? name;
  }

  /** Every task's short name ({@link TaskRegistry.shortName}), in registration order. */
  shortNames(): string[] {
    return [...this.tasks.values()].map((t) => t.aliases[0] ?? t.name);
  }

  /**
   * The task of a name or alias.
   *
   * @param name - e.g. `glue/rte` or `rte`.
   * @returns the task.
   * @throws ConfigError listing the registered names if there is none.
   */
  get(name: string): TaskDefinition {
    const task = this.tasks.get(this.aliases.get(name) ?? name);
    if (task === undefined) throw new ConfigError('task', name, this.names());
    return task;
  }

  /**
   * Whether a task of that name or alias is registered.
   *
   * @param name - the task name or alias.
   * @returns true if registered.
   */
  has(name: string): boolean {
    return this.tasks.has(name) || this.aliases.has(name);
  }

  /** Registered task names, in registration order. */
  names(): string[] {
    return [...this.tasks.keys()];
  }

  /**
   * Registered tasks, optionally of one benchmark.
   *
   * @param benchmark - e.g. `glue`; all tasks when omitted.
   * @returns the tasks, in registration order.
   */
  list(benchmark?: string): TaskDefinition[] {
    const all = [...this.tasks.values()];
    return benchmark === undefined ? all : all.filter((t) => t.benchmark === benchmark);
  }

  /** Benchmarks of the registered tasks, in registration order. */
  benchmarks(): string[] {
    return [...new Set([...this.tasks.values()].map((t) => t.benchmark))];
  }

  /**
   * The tasks of a benchmark's default average (GLUE: all but WNLI, as in T5 and HyperPrompt).
   *
   * @param benchmark - e.g. `glue`.
   * @returns their names.
   */
  averageTasks(benchmark: string): string[] {
    return this.list(benchmark)
      .filter((t) => t.inBenchmarkAverage)
      .map((t) => t.name);
  }
}
