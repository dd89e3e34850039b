#!/usr/bin/env node
/**
 * The `hyperprompt` executable (the package's `bin`): wires the delegated commands to their
 * handlers and runs the CLI on the process's arguments.
 *
 * @packageDocumentation
 */
import { runnerHandlers } from '../run/handlers';
import { runCli } from './program';

void runCli(process.argv.slice(2), runnerHandlers).then((code) => {
  process.exitCode = code;
});
