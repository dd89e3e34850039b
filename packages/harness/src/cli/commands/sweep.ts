/**
 * `hyperprompt sweep <sweep.json>`: runs every point of a sweep grid (delegated to the
 * `sweep` handler).
 *
 * @packageDocumentation
 */
import type { Command } from 'commander';
import type { CommandHandler, SweepCommandOptions } from '../handlers';
import type { CommandEnv } from '../program';
import { addWorkersOption, type RawRunOptions, runOptions } from './run';
import { addRunLikeOptions, delegate } from './shared';

const HELP = `
A sweep file is a base experiment plus a grid over dotted field paths; the points are the
cartesian product of the values, each named <sweep>/<field>=<value>,...:

  {
    "name": "prompt-length",
    "base": "base.json",
    "grid": { "methods.0.promptLength": [4, 8, 16], "seeds": [[0, 1]] }
  }

Examples:
  $ hyperprompt sweep sweeps/prompt-length.json --dry-run
  $ hyperprompt sweep sweeps/prompt-length.json --results results/ablation
  $ hyperprompt report results/ablation`;

/**
 * Registers `sweep`.
 *
 * @param program - the program.
 * @param env - the command environment.
 * @param handler - does the work.
 */
export function registerSweepCommand(
  program: Command,
  env: CommandEnv,
  handler: CommandHandler<SweepCommandOptions>,
): void {
  const command = program
    .command('sweep')
    .summary('run every point of a sweep grid')
    .description(
      'Expand a sweep file (base experiment + grid over fields) and run every point and seed; existing results are skipped.',
    )
    .argument('<sweep.json>', 'the sweep file');
  addWorkersOption(addRunLikeOptions(command))
    .addHelpText('after', HELP)
    .action(async (file: string, raw: RawRunOptions) => delegate(env, handler, { file, ...runOptions(raw) }));
}
