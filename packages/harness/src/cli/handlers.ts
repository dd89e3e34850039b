/**
 * The commands whose work lives outside the CLI (training, sweeps, reports, prediction,
 * benchmarks) receive their parsed options here: `buildProgram(handlers)` calls the handler,
 * so the CLI does not depend on the runner and tests pass fakes.
 *
 * @packageDocumentation
 */
import type { RunShard } from '../experiment';
import type { CliContext } from './context';

/** Options shared by `run` and `sweep`. */
export interface RunLikeOptions {
  /** Results folder; each run writes `<results>/<run id>/result.json`. @defaultValue 'results' */
  readonly results: string;
  /** Re-run runs whose `result.json` exists. @defaultValue false */
  readonly force: boolean;
  /** List the runs (id, name, seed, done or not) without training. @defaultValue false */
  readonly dryRun: boolean;
  /** Run only shard `index` of `count` (runs are dealt round-robin in listing order), 0-based. */
  readonly shard?: RunShard;
  /** Only these seeds (a subset of each experiment's seeds); `undefined` = all. */
  readonly seeds?: readonly number[];
  /** tfjs backend to use; `undefined` = best available (node, wasm, cpu). */
  readonly backend?: 'node' | 'wasm' | 'cpu';
  /** Draw progress bars. @defaultValue true */
  readonly progress: boolean;
  /** Print the summary as JSON on stdout instead of a table. @defaultValue false */
  readonly json: boolean;
  /**
   * Worker processes running independent runs at the same time (1: one after the other in
   * this process). `undefined` = one per core when every backbone has fewer than 1M
   * parameters, else 1.
   */
  readonly workers?: number;
}

/** Options of `hyperprompt run <path>`. */
export interface RunCommandOptions extends RunLikeOptions {
  /** An experiment file, a sweep file, or a folder of them (a comparison). */
  readonly path: string;
}

/** Options of `hyperprompt sweep <sweep.json>`. */
export interface SweepCommandOptions extends RunLikeOptions {
  /** The sweep file. */
  readonly file: string;
}

/** Which evaluation a report's table shows. */
export type ReportSelection = 'best-per-task' | 'best-average' | 'last';

/** Options of `hyperprompt report <results>`. */
export interface ReportCommandOptions {
  /** The results folder (holding run folders with `result.json`). */
  readonly results: string;
  /** Folder for `report.md` and the SVG plots. @defaultValue the results folder */
  readonly out?: string;
  /** Which score the table shows. @defaultValue 'best-per-task' */
  readonly select: ReportSelection;
  /** Row label that relative step times refer to. @defaultValue the `MTL` row if any, else the first */
  readonly baseline?: string;
  /** Write SVG plots. @defaultValue true */
  readonly plots: boolean;
  /** Print the table as JSON on stdout instead of Markdown. @defaultValue false */
  readonly json: boolean;
}

/** Options of `hyperprompt predict`. */
export interface PredictCommandOptions {
  /** A finished run folder. */
  readonly run: string;
  /** Task name (short or canonical). */
  readonly task: string;
  /** Inputs given on the command line (raw task inputs, formatted by the task's template). */
  readonly text: readonly string[];
  /** A file with one input per line. */
  readonly file?: string;
  /** Print one JSON line per input instead of text. @defaultValue false */
  readonly json: boolean;
}

/** Options of `hyperprompt bench`. */
export interface BenchCommandOptions {
  /** Workload names; empty = the default set. */
  readonly workloads: readonly string[];
  /** List the workloads and exit. @defaultValue false */
  readonly list: boolean;
  /** Timed steps per workload. @defaultValue 5 */
  readonly steps: number;
  /** Untimed warm-up steps per workload. @defaultValue 2 */
  readonly warmup: number;
  /** tfjs backend; `undefined` = best available. */
  readonly backend?: 'node' | 'wasm' | 'cpu';
  /** Also write the results (JSON) to this file. */
  readonly out?: string;
  /** Print one JSON line per workload instead of a table. @defaultValue false */
  readonly json: boolean;
}

/**
 * A command handler: does the work and returns the exit code (`undefined` = 0). Thrown
 * errors are printed as one line with the exit code of `exitCodeOf`.
 */
export type CommandHandler<O> = (options: O, context: CliContext) => Promise<number | undefined>;

/** The handlers `buildProgram` wires to the delegated commands. */
export interface CommandHandlers {
  /** `hyperprompt run`. */
  readonly run: CommandHandler<RunCommandOptions>;
  /** `hyperprompt sweep`. */
  readonly sweep: CommandHandler<SweepCommandOptions>;
  /** `hyperprompt report`. */
  readonly report: CommandHandler<ReportCommandOptions>;
  /** `hyperprompt predict`. */
  readonly predict: CommandHandler<PredictCommandOptions>;
  /** `hyperprompt bench`. */
  readonly bench: CommandHandler<BenchCommandOptions>;
}
