/**
 * `hyperprompt report <results>`: the paper-style table and the plots of a results folder
 * (delegated to the `report` handler).
 *
 * @packageDocumentation
 */
import { type Command, Option } from 'commander';
import type { CommandHandler, ReportCommandOptions, ReportSelection } from '../handlers';
import type { CommandEnv } from '../program';
import { delegate } from './shared';

const SELECTIONS: readonly ReportSelection[] = ['best-per-task', 'best-average', 'last'];

const HELP = `
The table has one row per label (mean ± 95 % confidence interval over seeds), one column per
task, the average (best and last evaluation), the paired difference to the reference row,
a majority-class row, the extra parameters (% of the backbone) and the step time relative to
the reference row. Plots: learning curves (per task and average), ablation curves of sweeps,
and the attention mass on hyper-prompts per layer when runs measured it.

Examples:
  $ hyperprompt report results
  $ hyperprompt report results --out docs/results --reference MTL
  $ hyperprompt report results --json > table.json`;

interface RawReportOptions {
  readonly out?: string;
  readonly select: ReportSelection;
  readonly baseline?: string;
  readonly reference?: string;
  readonly plots: boolean;
  readonly json?: boolean;
}

/**
 * Registers `report`.
 *
 * @param program - the program.
 * @param env - the command environment.
 * @param handler - does the work.
 */
export function registerReportCommand(
  program: Command,
  env: CommandEnv,
  handler: CommandHandler<ReportCommandOptions>,
): void {
  program
    .command('report')
    .summary('Markdown table and SVG plots of a results folder')
    .description(
      'Aggregate the result.json files of a results folder into a paper-style Markdown table (report.md) and SVG plots.',
    )
    .argument('<results>', 'results folder (run folders with result.json)')
    .option('-o, --out <dir>', 'folder for report.md and the plots (default: the results folder)')
    .addOption(
      new Option('--select <which>', 'which evaluation the table shows (the paper: best checkpoint per task)')
        .choices(SELECTIONS)
        .default('best-per-task'),
    )
    .option(
      '--reference <label>',
      'reference row of paired differences and relative step times (default: MTL if present, else the first row)',
    )
    .option('--baseline <label>', 'same as --reference')
    .option('--no-plots', 'do not write SVG plots')
    .option('--json', 'print the table as JSON on stdout instead of Markdown')
    .addHelpText('after', HELP)
    .action(async (results: string, raw: RawReportOptions) =>
      delegate(env, handler, {
        results,
        out: raw.out,
        select: raw.select,
        baseline: raw.reference ?? raw.baseline,
        plots: raw.plots,
        json: raw.json === true,
      }),
    );
}
