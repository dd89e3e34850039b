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
    if (this.tasks.has(definition.name)) {
      throw new ConfigError('task.name', definition.name, 'a name not registered yet');
    }
    this.tasks.set(definition.name, definition);
    return definition;
  }

  /**
   * The task of a name.
   *
   * @param name - e.g. `glue/rte`.
   * @returns the task.
   * @throws ConfigError listing the registered names if there is none.
   */
  get(name: string): TaskDefinition {
    const task = this.tasks.get(name);
    if (task === undefined) throw new ConfigError('task', name, this.names());
    return task;
  }

  /**
   * Whether a task of that name is registered.
   *
   * @param name - the task name.
   * @returns true if registered.
   */
  has(name: string): boolean {
    return this.tasks.has(name);
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
