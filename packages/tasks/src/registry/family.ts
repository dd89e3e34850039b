/**
 * Embedded task families: tasks that carry their own data (generated, like the synthetic
 * suite, or read from an installed npm package, like WordNet) instead of reading a folder. A
 * family validates its options once for all of an experiment's tasks of that family, then
 * yields each task's examples per split and the words a word-level tokenizer needs.
 *
 * @packageDocumentation
 */
import type { Example } from '../example';
import type { SplitName } from './types';

/** Validated options of one family, plain JSON (they are stored in `result.json`). */
export type FamilyOptions = Readonly<Record<string, unknown>>;

/**
 * A family of tasks whose data ships with the library. Tasks of one family may share inputs
 * (the synthetic suite's conflicting pairs), so examples are produced for the family's tasks
 * of an experiment together.
 */
export interface EmbeddedFamily {
  /** The family name, also the key of its options in an experiment's `data.embedded` (e.g. `synthetic`). */
  readonly name: string;
  /** One line on where the data comes from, for `--help` and docs. */
  readonly description: string;
  /**
   * Validates options and fills defaults.
   *
   * @param options - what the user wrote (`{}` when nothing); unknown keys are an error.
   * @param tasks - the experiment's task names of this family, in experiment order.
   * @returns the complete options.
   * @throws ConfigError naming the bad field.
   */
  resolveOptions(options: unknown, tasks: readonly string[]): FamilyOptions;
  /**
   * Examples of one task's split (deterministic for the same options and tasks).
   *
   * @param task - a task name of this family.
   * @param split - a split the task has.
   * @param options - from {@link EmbeddedFamily.resolveOptions} with the same `tasks`.
   * @param tasks - the experiment's task names of this family.
   * @returns the examples, `idx` = position in the split.
   */
  examples(
    task: string,
    split: SplitName,
    options: FamilyOptions,
    tasks: readonly string[],
  ): readonly Example[];
  /**
   * Words a word-level tokenizer needs for these tasks (inputs, feature keys, label words,
   * task prefixes), in a deterministic order.
   *
   * @param options - resolved options.
   * @param tasks - the experiment's task names of this family.
   * @returns the words.
   */
  vocabulary(options: FamilyOptions, tasks: readonly string[]): readonly string[];
}
