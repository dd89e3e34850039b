/**
 * The `hyperprompt` program: a commander tree with one file per command
 * (`commands/*.ts`), `--help` on every command, errors as one line with exit code 2 (usage,
 * config) or 1 (failures), stack traces only with `--verbose`. {@link runCli} runs it
 * in-process and returns the exit code, which is how the tests drive it.
 *
 * @packageDocumentation
 */
import { Command, CommanderError } from 'commander';
import { LIBRARY_VERSION } from '@hyperprompt/core';
import { registerBenchCommand } from './commands/bench';
import { registerDataCommand } from './commands/data';
import { registerParamsCommand } from './commands/params';
import { registerPredictCommand } from './commands/predict';
import { registerReportCommand } from './commands/report';
import { registerRunCommand } from './commands/run';
import { registerScoreCommand } from './commands/score';
import { registerSweepCommand } from './commands/sweep';
import { type CliContext, type CliIO, PROCESS_IO, writeLine } from './context';
import { EXIT_OK, exitCodeOf, formatError } from './errors';
import type { CommandHandlers } from './handlers';

/** How commands reach their context and report their exit code. */
export interface CommandEnv {
  /** The context of the current invocation (global flags read at action time). */
  readonly context: () => CliContext;
  /** Records the exit code of the action. */
  readonly exit: (code: number) => void;
}

const DESCRIPTION =
  'HyperPrompt and its baselines (multi-task T5, Prompt-Tuning, adapters, HyperFormer++) on TensorFlow.js: run experiments described as JSON, sweeps and reports, and the data, scoring and parameter tools behind them.';

const EPILOGUE = `
Run "hyperprompt <command> --help" for a command's options and examples.

Exit codes: 0 success; 1 failure (bad data, missing files, errors while running);
2 usage or configuration error (the command line or a config file is wrong).
Errors print as one line; --verbose adds the stack trace.`;

/** A built program and the exit code of its last action. */
export interface BuiltProgram {
  /** The commander program (call `parseAsync`). */
  readonly program: Command;
  /** Exit code the last action recorded (0 until one runs). */
  readonly exitCode: () => number;
}

/**
 * Builds the program. Commands: `run`, `sweep`, `report`, `predict`, `bench` (delegated to
 * `handlers`), `data`, `score`, `params` (implemented here).
 *
 * @param handlers - the delegated commands.
 * @param io - output sinks (default: the process's streams).
 * @param cwd - folder relative paths are resolved against (default: `process.cwd()`).
 * @returns the program and a getter of the last action's exit code.
 */
export function buildProgram(
  handlers: CommandHandlers,
  io: CliIO = PROCESS_IO,
  cwd: string = process.cwd(),
): BuiltProgram {
  let code = EXIT_OK;
  const program = new Command('hyperprompt')
    .description(DESCRIPTION)
    .version(LIBRARY_VERSION, '-V, --version', 'print the version')
    .option('--verbose', 'print stack traces and extra detail on errors')
    .helpOption('-h, --help', 'show help for a command')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
    });
  program.helpCommand('help [command]', 'show help for a command');
  program.addHelpText('after', EPILOGUE);
  const env: CommandEnv = {
    context: () => ({ io, cwd, verbose: program.opts<{ verbose?: boolean }>().verbose === true }),
    exit: (c) => (code = c),
  };
  registerRunCommand(program, env, handlers.run);
  registerSweepCommand(program, env, handlers.sweep);
  registerReportCommand(program, env, handlers.report);
  registerPredictCommand(program, env, handlers.predict);
  registerBenchCommand(program, env, handlers.bench);
  registerDataCommand(program, env);
  registerScoreCommand(program, env);
  registerParamsCommand(program, env);
  return { program, exitCode: () => code };
}

/**
 * Runs the CLI in-process.
 *
 * @example
 * ```ts
 * const code = await runCli(['data', '--task', 'rte', '--data-dir', 'glue_data/RTE', '--split', 'validation', '--json'], handlers);
 * ```
 *
 * @param argv - the arguments after the program name.
 * @param handlers - the delegated commands.
 * @param io - output sinks (default: the process's streams).
 * @param cwd - folder relative paths are resolved against.
 * @returns the exit code (0, 1 or 2).
 */
export async function runCli(
  argv: readonly string[],
  handlers: CommandHandlers,
  io: CliIO = PROCESS_IO,
  cwd: string = process.cwd(),
): Promise<number> {
  const { program, exitCode } = buildProgram(handlers, io, cwd);
  const verbose = argv.includes('--verbose');
  try {
    if (argv.length === 0) {
      program.outputHelp({ error: true });
      return exitCodeOf(new CommanderError(2, 'commander.help', ''));
    }
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode();
  } catch (error) {
    // Commander has already printed its own message (usage errors) or the help.
    if (!(error instanceof CommanderError)) writeLine(io.stderr, formatError(error, verbose));
    return exitCodeOf(error);
  }
}
