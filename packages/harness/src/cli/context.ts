/**
 * What every command action receives: where to write (so tests capture output in-process)
 * and the global flags.
 *
 * @packageDocumentation
 */

/** Output sinks of the CLI. */
export interface CliIO {
  /** Writes to standard output (results: tables, JSON lines). */
  readonly stdout: (text: string) => void;
  /** Writes to standard error (progress, warnings, errors). */
  readonly stderr: (text: string) => void;
  /** Whether standard error is a terminal (progress bars only draw on one). @defaultValue false */
  readonly isTTY?: boolean;
}

/** The context of one command invocation. */
export interface CliContext {
  /** Output sinks. */
  readonly io: CliIO;
  /** `--verbose`: print stack traces and extra detail. */
  readonly verbose: boolean;
  /** Working folder relative paths are resolved against. */
  readonly cwd: string;
}

/** The process's standard streams. */
export const PROCESS_IO: CliIO = Object.freeze({
  stdout: (text: string) => void process.stdout.write(text),
  stderr: (text: string) => void process.stderr.write(text),
  isTTY: process.stderr.isTTY,
});

/**
 * Writes one line (a newline is appended).
 *
 * @param write - a sink of {@link CliIO}.
 * @param text - the line.
 */
export function writeLine(write: (text: string) => void, text: string): void {
  write(`${text}\n`);
}
