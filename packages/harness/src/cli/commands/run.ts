/**
 * `hyperprompt run <path>`: trains and evaluates every run of an experiment file, a sweep
 * file or a folder of them (delegated to the `run` handler).
 *
 * @packageDocumentation
 */
import type { Command } from 'commander';
import type { CommandHandler, RunCommandOptions, RunLikeOptions } from '../handlers';
import type { CommandEnv } from '../program';
import {
  addRunLikeOptions,
  delegate,
  positiveInteger,
  type RawRunLikeOptions,
  runLikeOptions,
} from './shared';

const HELP = `
Each experiment runs once per seed. A run's folder is named by the hash of its resolved
config; runs whose result.json exists are skipped (use --force to redo them), so a folder of
experiments can be resumed, or split across machines with --shard.

Examples:
  $ hyperprompt run experiments/hyperprompt.json
  $ hyperprompt run experiments/ --results results --seeds 0,1
  $ hyperprompt run experiments/ --dry-run
  $ hyperprompt run experiments/ --shard 0/2   # on machine A; --shard 1/2 on machine B`;

/** The raw commander options of `run` and `sweep`. */
export type RawRunOptions = RawRunLikeOptions & { readonly workers?: number };

/**
 * Adds `--workers <n>` (to `run` and `sweep`).
 *
 * @param command - the command.
 * @returns the command.
 */
export function addWorkersOption(command: Command): Command {
  return command.option(
    '--workers <n>',
    'worker processes running independent runs at the same time, one wasm thread each (1: in this process; default: one per core when every backbone has < 1M parameters, else 1)',
    positiveInteger,
  );
}

/**
 * Copies the options of `run` and `sweep` into the handler's option object.
 *
 * @param raw - commander's parsed options.
 * @returns the handler options.
 */
export function runOptions(raw: RawRunOptions): RunLikeOptions {
  return { ...runLikeOptions(raw), ...(raw.workers === undefined ? {} : { workers: raw.workers }) };
}

/**
 * Registers `run`.
 *
 * @param program - the program.
 * @param env - the command environment.
 * @param handler - does the work.
 */
export function registerRunCommand(
  program: Command,
  env: CommandEnv,
  handler: CommandHandler<RunCommandOptions>,
): void {
  const command = program
    .command('run')
    .summary('train and evaluate an experiment, a sweep, or a folder of them')
    .description(
      'Train and evaluate every run (experiment x seed) of an experiment file, a sweep file, or a folder of them (a comparison), with a progress bar (step, loss, steps/s, ETA) and a summary table.',
    )
    .argument('<path>', 'experiment file, sweep file, or folder of *.json experiment files');
  addWorkersOption(addRunLikeOptions(command))
    .addHelpText('after', HELP)
    .action(async (path: string, raw: RawRunOptions) => delegate(env, handler, { path, ...runOptions(raw) }));
}
