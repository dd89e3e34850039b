/**
 * `hyperprompt score`: a task's official metrics from files of predicted and reference
 * target strings, as one JSON object of metric name to value (0-100).
 *
 * @packageDocumentation
 */
import type { Command } from 'commander';
import type { Example } from '@hyperprompt/tasks';
import { resolve } from 'node:path';
import { writeLine } from '../context';
import { UsageError } from '../errors';
import { integerAtLeast } from '../parsers';
import type { CommandEnv } from '../program';
import { readLinesFile, scoreExamples, scoreTargets } from '../scoring';
import { taskExamples } from '../task-data';

const HELP = `
Files hold one target string per line (UTF-8; a final newline is optional). Classification
references must be label words (e.g. entailment / not_entailment); a prediction that is not
a label word counts as wrong, as in T5. STS-B references and predictions are numbers.

Limitation: MultiRC (F1a, exact match per question), ReCoRD (max over all gold answers per
query) and WSC (whether each candidate is the referent) cannot be scored from target strings
alone: give the task's data with --data-dir and --split instead of --references (the
predictions file then has one line per example of "hyperprompt data" for that split).

Examples:
  $ hyperprompt score --task rte --predictions preds.txt --references refs.txt --json
  $ hyperprompt score --task multirc --predictions preds.txt --data-dir SuperGLUE/MultiRC --split validation`;

interface RawScoreOptions {
  readonly task: string;
  readonly predictions: string;
  readonly references?: string;
  readonly dataDir?: string;
  readonly split?: string;
  readonly seed: number;
  readonly json?: boolean;
}

/**
 * Registers `score`.
 *
 * @param program - the program.
 * @param env - the command environment.
 */
export function registerScoreCommand(program: Command, env: CommandEnv): void {
  program
    .command('score')
    .summary("a task's official metrics from predicted and reference strings")
    .description(
      "Compute a task's official metrics (0-100, as T5 reports them) from a file of predicted target strings.",
    )
    .requiredOption('-t, --task <name>', 'task name (see "hyperprompt data --help")')
    .requiredOption('-p, --predictions <file>', 'predicted target strings, one per line')
    .option('-r, --references <file>', 'reference target strings, one per line')
    .option('-d, --data-dir <dir>', "instead of --references: the task's folder (gold examples read from it)")
    .option('-s, --split <split>', 'with --data-dir (or for syn-* tasks): the split the predictions are for')
    .option(
      '--seed <n>',
      'seed of the data of an embedded task (syn-*, wn-* with --split)',
      integerAtLeast(0),
      0,
    )
    .option('--json', 'print one JSON object {metric: value}')
    .addHelpText('after', HELP)
    .action(async (raw: RawScoreOptions) => {
      const { io, cwd } = env.context();
      const predictions = await readLinesFile(resolve(cwd, raw.predictions));
      let metrics: Record<string, number>;
      if (raw.references !== undefined) {
        if (raw.split !== undefined || raw.dataDir !== undefined) {
          throw new UsageError('score: give either --references or --split (with --data-dir), not both');
        }
        const file = resolve(cwd, raw.references);
        metrics = scoreTargets(raw.task, predictions, await readLinesFile(file), file);
      } else if (raw.split !== undefined) {
        const examples: Example[] = [];
        const dataDir = raw.dataDir === undefined ? undefined : resolve(cwd, raw.dataDir);
        for await (const e of taskExamples(raw.task, { split: raw.split, dataDir, seed: raw.seed }))
          examples.push(e);
        metrics = scoreExamples(raw.task, predictions, examples);
      } else {
        throw new UsageError('score: give --references <file>, or --split <split> (and --data-dir <dir>)');
      }
      if (raw.json === true) writeLine(io.stdout, JSON.stringify(metrics));
      else
        for (const [name, value] of Object.entries(metrics))
          writeLine(io.stdout, `${name}: ${value.toFixed(2)}`);
    });
}
