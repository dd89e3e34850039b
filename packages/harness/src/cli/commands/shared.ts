/**
 * Option sets shared by several commands, and the glue that runs a delegated handler.
 *
 * @packageDocumentation
 */
import { type Command, Option } from 'commander';
import type { CommandEnv } from '../program';
import type { CommandHandler, RunLikeOptions } from '../handlers';
import { BACKEND_CHOICES, integerAtLeast, parseSeeds, parseShard } from '../parsers';

/**
 * Adds the options of `run` and `sweep` (results folder, force, dry run, shard, seeds,
 * backend, progress, JSON).
 *
 * @param command - the command.
 * @returns the command.
 */
export function addRunLikeOptions(command: Command): Command {
  return command
    .option(
      '-r, --results <dir>',
      'results folder: one sub-folder per run, named by its config hash',
      'results',
    )
    .option('-f, --force', 're-run runs whose result.json already exists')
    .option('-n, --dry-run', 'list the runs (id, name, seed, done or pending) without training')
    .option(
      '--shard <i/n>',
      'run only shard i of n (0-based; runs dealt round-robin), to split work across machines',
      parseShard,
    )
    .option(
      '--seeds <list>',
      "only these seeds, comma-separated (a subset of each experiment's seeds)",
      parseSeeds,
    )
    .addOption(
      new Option('--backend <name>', 'tfjs backend (default: best available: node, wasm, cpu)').choices(
        BACKEND_CHOICES,
      ),
    )
    .option('--no-progress', 'do not draw progress bars')
    .option('--json', 'print the summary as JSON on stdout');
}

/** The raw commander options of {@link addRunLikeOptions}. */
export interface RawRunLikeOptions {
  /** See {@link RunLikeOptions}. */
  readonly results: string;
  /** See {@link RunLikeOptions}. */
  readonly force?: boolean;
  /** See {@link RunLikeOptions}. */
  readonly dryRun?: boolean;
  /** See {@link RunLikeOptions}. */
  readonly shard?: RunLikeOptions['shard'];
  /** See {@link RunLikeOptions}. */
  readonly seeds?: readonly number[];
  /** See {@link RunLikeOptions}. */
  readonly backend?: RunLikeOptions['backend'];
  /** See {@link RunLikeOptions}. */
  readonly progress: boolean;
  /** See {@link RunLikeOptions}. */
  readonly json?: boolean;
}

/**
 * Copies the run-like options into the handler's option object.
 *
 * @param raw - commander's parsed options.
 * @returns the handler options.
 */
export function runLikeOptions(raw: RawRunLikeOptions): RunLikeOptions {
  const { results, force, dryRun, shard, seeds, backend, progress, json } = raw;
  return {
    results,
    force: force === true,
    dryRun: dryRun === true,
    shard,
    seeds,
    backend,
    progress,
    json: json === true,
  };
}

/**
 * Runs a delegated handler and records its exit code.
 *
 * @param env - the command environment.
 * @param handler - the handler.
 * @param options - its options.
 */
export async function delegate<O>(env: CommandEnv, handler: CommandHandler<O>, options: O): Promise<void> {
  env.exit((await handler(options, env.context())) ?? 0);
}

/** Parses the `--steps`-like integer options. */
export const positiveInteger: (value: string) => number = integerAtLeast(1);
