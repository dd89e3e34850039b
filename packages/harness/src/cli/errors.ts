/**
 * How the CLI reports errors: one line on standard error, naming the error class (e.g.
 * `ConfigError: tasks.0: got "nope", expected one of ...`), and an exit code: 2 for usage and
 * configuration errors (the command line or a config file is wrong), 1 for failures (bad data,
 * a missing checkpoint, a crash). Stack traces only with `--verbose`.
 *
 * @packageDocumentation
 */
import { ConfigError, HyperPromptError } from '@hyperprompt/core';
import { CommanderError } from 'commander';

/** Exit code of a successful command. */
export const EXIT_OK = 0;
/** Exit code of a failure (bad data, missing files, errors while running). */
export const EXIT_FAILURE = 1;
/** Exit code of a usage or configuration error. */
export const EXIT_USAGE = 2;

/** The command line is wrong in a way commander does not detect (e.g. two exclusive options). */
export class UsageError extends HyperPromptError {}

/**
 * The exit code an error maps to.
 *
 * @param error - anything thrown.
 * @returns {@link EXIT_USAGE} for usage and config errors, else {@link EXIT_FAILURE}.
 */
export function exitCodeOf(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
  if (error instanceof UsageError || error instanceof ConfigError) return EXIT_USAGE;
  return EXIT_FAILURE;
}

/**
 * The one-line message of an error (plus its stack when verbose).
 *
 * @param error - anything thrown.
 * @param verbose - include the stack trace.
 * @returns the text to print, without a trailing newline.
 */
export function formatError(error: unknown, verbose: boolean): string {
  if (!(error instanceof Error)) return `error: ${String(error)}`;
  const name = error.name === 'Error' ? '' : `${error.name}: `;
  const line = `error: ${name}${error.message.split('\n')[0]}`;
  return verbose && error.stack !== undefined ? `${line}\n${error.stack}` : line;
}
