/**
 * Test helpers: run the CLI in-process with captured output and recording fake handlers.
 */
import { join } from 'node:path';
import type { CliContext } from '../context';
import type { CommandHandlers } from '../handlers';
import { runCli } from '../program';

/** The tasks package's loader fixtures (GLUE TSV, SuperGLUE JSONL, HF exports). */
export const TASK_FIXTURES = join(
  __dirname,
  '..',
  '..',
  '..',
  '..',
  'tasks',
  'src',
  'loaders',
  '__fixtures__',
);

/** One recorded handler call. */
export interface Call {
  readonly command: keyof CommandHandlers;
  readonly options: unknown;
  readonly context: CliContext;
}

/** Output and exit code of one CLI invocation. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly calls: readonly Call[];
}

/** Fake handlers that record their calls and return `code` (or run `impl`). */
export function fakeHandlers(
  calls: Call[],
  impl: (command: keyof CommandHandlers) => Promise<number | undefined> = () => Promise.resolve(0),
): CommandHandlers {
  const make =
    (command: keyof CommandHandlers) =>
    (options: unknown, context: CliContext): Promise<number | undefined> => {
      calls.push({ command, options, context });
      return impl(command);
    };
  return {
    run: make('run'),
    sweep: make('sweep'),
    report: make('report'),
    predict: make('predict'),
    bench: make('bench'),
  };
}

/** Runs the CLI in-process and captures everything. */
export async function cli(
  argv: readonly string[],
  options: { handlers?: CommandHandlers; cwd?: string; calls?: Call[] } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const calls = options.calls ?? [];
  const handlers = options.handlers ?? fakeHandlers(calls);
  const code = await runCli(
    argv,
    handlers,
    { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) },
    options.cwd ?? process.cwd(),
  );
  return { code, stdout, stderr, calls };
}

/** Parses JSON lines. */
export function jsonLines(text: string): unknown[] {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as unknown);
}
