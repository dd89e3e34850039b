/**
 * The JSON layout of a sweep file: a base experiment plus a grid over dotted field paths.
 * The JSON Schema `schema/sweep.schema.json` is generated from {@link SweepFile}.
 *
 * @packageDocumentation
 */
import type { ExperimentFile } from './file-types';

/**
 * A sweep: the cartesian product of the grid's values, each applied to the base experiment.
 *
 * ```json
 * {
 *   "name": "prompt-length",
 *   "base": "base.json",
 *   "grid": { "methods.0.promptLength": [4, 8, 16], "methods.0.variant": ["share", "global"] }
 * }
 * ```
 */
export interface SweepFile {
  /** Optional `$schema` reference for editors; ignored. */
  readonly $schema?: string;
  /** Name of the sweep; expanded experiments are named `<name>/<field>=<value>,...`. */
  readonly name: string;
  /** The base experiment, inline or as a path relative to the sweep file. */
  readonly base: ExperimentFile | string;
  /**
   * Dotted field paths (array entries by index, e.g. `methods.0.promptLength`) to the list
   * of values each takes. Every path and value is validated in the expanded experiments.
   */
  readonly grid: Readonly<Record<string, readonly unknown[]>>;
}
