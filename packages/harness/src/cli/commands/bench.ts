/**
 * `hyperprompt bench`: the benchmark workloads (step time and memory of each method against
 * the plain backbone; delegated to the `bench` handler).
 *
 * @packageDocumentation
 */
import { type Command, Option } from 'commander';
import type { BenchCommandOptions, CommandHandler } from '../handlers';
import type { CommandEnv } from '../program';
import { BACKEND_CHOICES, integerAtLeast } from '../parsers';
import { delegate, positiveInteger } from './shared';

const HELP = `
Times are reported as ratios against the plain backbone measured in the same process, so
they compare across machines; absolute milliseconds are printed too.

Examples:
  $ hyperprompt bench --list
  $ hyperprompt bench
  $ hyperprompt bench t5-train-ref --steps 10 --json`;

interface RawBenchOptions {
  readonly list?: boolean;
  readonly steps: number;
  readonly warmup: number;
  readonly backend?: 'node' | 'wasm' | 'cpu';
  readonly out?: string;
  readonly json?: boolean;
}

/**
 * Registers `bench`.
 *
 * @param program - the program.
 * @param env - the command environment.
 * @param handler - does the work.
 */
export function registerBenchCommand(
  program: Command,
  env: CommandEnv,
  handler: CommandHandler<BenchCommandOptions>,
): void {
  program
    .command('bench')
    .summary('run the benchmark workloads')
    .description(
      'Run benchmark workloads: training-step and inference time and memory of each method relative to the plain backbone.',
    )
    .argument('[workloads...]', 'workload names (default: the standard set; see --list)')
    .option('--list', 'list the workloads and exit')
    .option('--steps <n>', 'timed steps per workload', positiveInteger, 5)
    .option('--warmup <n>', 'untimed warm-up steps per workload', integerAtLeast(0), 2)
    .addOption(
      new Option('--backend <name>', 'tfjs backend (default: best available)').choices(BACKEND_CHOICES),
    )
    .option('-o, --out <file>', 'also write the results as JSON to this file')
    .option('--json', 'print one JSON line per workload')
    .addHelpText('after', HELP)
    .action(async (workloads: string[], raw: RawBenchOptions) => {
      const { list, steps, warmup, backend, out, json } = raw;
      await delegate(env, handler, {
        workloads,
        list: list === true,
        steps,
        warmup,
        backend,
        out,
        json: json === true,
      });
    });
}
