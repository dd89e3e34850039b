/**
 * `hyperprompt predict`: the predictions of a trained run for some inputs (delegated to the
 * `predict` handler).
 *
 * @packageDocumentation
 */
import type { Command } from 'commander';
import type { CommandHandler, PredictCommandOptions } from '../handlers';
import type { CommandEnv } from '../program';
import { UsageError } from '../errors';
import { delegate } from './shared';

const HELP = `
The run's last checkpoint is used (runs keep their final state).
Inputs are the task's text-to-text inputs (as printed by "hyperprompt data"); classification
tasks are predicted by rank classification over the label words, others by greedy decoding.

Examples:
  $ hyperprompt predict --run results/3f9a0c1e5b7d2a44 --task syn-sentiment --text "syn-sentiment sentence: a happy red fox"
  $ hyperprompt predict --run results/3f9a0c1e5b7d2a44 --task rte --file inputs.txt --json`;

interface RawPredictOptions {
  readonly run: string;
  readonly task: string;
  readonly text?: readonly string[];
  readonly file?: string;
  readonly json?: boolean;
}

/**
 * Registers `predict`.
 *
 * @param program - the program.
 * @param env - the command environment.
 * @param handler - does the work.
 */
export function registerPredictCommand(
  program: Command,
  env: CommandEnv,
  handler: CommandHandler<PredictCommandOptions>,
): void {
  program
    .command('predict')
    .summary('predict with a trained run')
    .description(
      'Predict target strings for inputs with a trained run (its backbone and methods, for one of its tasks).',
    )
    .requiredOption('--run <dir>', 'a finished run folder')
    .requiredOption('--task <name>', "task name (one of the run's tasks)")
    .option('--text <text...>', 'one or more inputs')
    .option('--file <path>', 'a file with one input per line')
    .option('--json', 'print one JSON line per input: {"input", "prediction"}')
    .addHelpText('after', HELP)
    .action(async (raw: RawPredictOptions) => {
      if (raw.text === undefined && raw.file === undefined)
        throw new UsageError('predict: give --text or --file');
      const { run, task, file, json } = raw;
      await delegate(env, handler, {
        run,
        task,
        text: raw.text ?? [],
        file,
        json: json === true,
      });
    });
}
