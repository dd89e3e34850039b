/**
 * Placeholder handlers for the delegated commands until the runner, reports, prediction and
 * benchmarks are wired in `main.ts`.
 *
 * @packageDocumentation
 */
import { writeLine } from './context';
import { EXIT_FAILURE } from './errors';
import type { CommandHandler, CommandHandlers } from './handlers';

function notImplemented(name: string): CommandHandler<unknown> {
  return (_options, { io }) => {
    writeLine(io.stderr, `error: hyperprompt ${name} is not implemented yet`);
    return Promise.resolve(EXIT_FAILURE);
  };
}

/** Handlers that print `not implemented yet` and exit with code 1. */
export const notImplementedHandlers: CommandHandlers = Object.freeze({
  run: notImplemented('run'),
  sweep: notImplemented('sweep'),
  report: notImplemented('report'),
  predict: notImplemented('predict'),
  bench: notImplemented('bench'),
});
