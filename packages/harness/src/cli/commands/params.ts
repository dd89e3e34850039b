/**
 * `hyperprompt params`: paper-style parameter accounting of a backbone and methods, computed
 * in closed form (nothing is allocated, so `t5-11b` is instant).
 *
 * @packageDocumentation
 */
import type { Command } from 'commander';
import { dirname, resolve } from 'node:path';
import { formatParameterTable, parameterTableToJSON } from '@hyperprompt/core';
import type { MethodSpec } from '../../experiment';
import { writeLine } from '../context';
import { UsageError } from '../errors';
import {
  type BackboneRow,
  experimentBackbone,
  parameterAccounting,
  readBackboneOption,
  readMethodFile,
} from '../parameters';
import { integerAtLeast } from '../parsers';
import type { CommandEnv } from '../program';

const HELP = `
--method takes a JSON file holding one method entry ({"kind": "prompt-tuning",
"promptLength": 20}), an array of entries (a composition), or an experiment file (its
methods, its number of tasks and, without --backbone, its backbone).

Per-task parameters grow with the number of tasks K (--num-tasks; default: the experiment's
task count, else 1).

Examples:
  $ hyperprompt params --backbone t5-base --method prompt-tuning.json --num-tasks 8
  $ hyperprompt params --backbone path/to/t5-checkpoint --method methods.json --json
  $ hyperprompt params --method experiments/hyperprompt.json`;

interface RawParamsOptions {
  readonly backbone?: string;
  readonly method?: string;
  readonly numTasks?: number;
  readonly json?: boolean;
}

/**
 * Registers `params`.
 *
 * @param program - the program.
 * @param env - the command environment.
 */
export function registerParamsCommand(program: Command, env: CommandEnv): void {
  program
    .command('params')
    .summary('parameter accounting of a backbone and methods')
    .description(
      'Paper-style parameter accounting: backbone size, parameters each method adds by category, and their share of the backbone.',
    )
    .option(
      '-b, --backbone <preset|dir>',
      'a T5 preset (tiny, t5-small, t5-base, ...) or a checkpoint/run folder with config.json',
    )
    .option('-m, --method <config.json>', 'method entry, array of entries, or experiment file')
    .option('-k, --num-tasks <K>', "number of tasks (default: the experiment's, else 1)", integerAtLeast(1))
    .option('--json', 'print the table as JSON')
    .addHelpText('after', HELP)
    .action(async (raw: RawParamsOptions) => {
      const { io, cwd } = env.context();
      const methodFile = raw.method === undefined ? undefined : resolve(cwd, raw.method);
      const file = methodFile === undefined ? undefined : await readMethodFile(methodFile);
      let backbone: BackboneRow;
      if (raw.backbone !== undefined) backbone = await readBackboneOption(raw.backbone, cwd);
      else if (file?.experiment !== undefined && methodFile !== undefined) {
        backbone = await experimentBackbone(file.experiment.backbone, dirname(methodFile));
      } else throw new UsageError('params: give --backbone (or an experiment file as --method)');
      const { name, t5 } = backbone;
      const methods: readonly MethodSpec[] = file?.methods ?? [];
      const numTasks = raw.numTasks ?? file?.numTasks ?? 1;
      const table = parameterAccounting({ backboneName: name, t5, methods, numTasks });
      if (raw.json === true)
        writeLine(io.stdout, JSON.stringify({ numTasks, ...parameterTableToJSON(table) }));
      else
        writeLine(
          io.stdout,
          `K = ${numTasks} task${numTasks === 1 ? '' : 's'}\n\n${formatParameterTable(table)}`,
        );
    });
}
