/**
 * `hyperprompt data`: prints how a task split will be fed to the model, one JSON line per
 * example `{"task", "idx", "inputs", "targets"}` and a last line `{"count": N}`.
 *
 * @packageDocumentation
 */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { shortTaskName, taskRegistry } from '../../experiment';
import { writeLine } from '../context';
import { integerAtLeast } from '../parsers';
import type { CommandEnv } from '../program';
import { checkTaskSplit, taskExamples } from '../task-data';

/** The registered tasks by benchmark, one line each (short names). */
function taskLines(): string {
  const registry = taskRegistry();
  return registry
    .benchmarks()
    .map(
      (b) =>
        `  ${b.padEnd(10)} ${registry
          .list(b)
          .map((t) => registry.shortName(t.name))
          .join(' ')}`,
    )
    .join('\n');
}

const HELP = (): string => `
Tasks:
${taskLines()}
  (also the canonical names glue/<task> and super_glue/<task>; superglue-rte is super_glue/rte)

<dir> is the folder holding the task's files as distributed: glue_data/RTE (GLUE TSVs),
SuperGLUE/BoolQ (JSONL), or a folder of Hugging Face parquet/JSONL exports
(<split>.parquet, <split>-00000-of-00001.parquet, <split>.jsonl); the layout is detected.
Embedded tasks (synthetic syn-*, WordNet wn-*) need no folder: their data ships with the
library, drawn with --seed and the family's defaults (as an experiment with
"data": {"embedded": {"<family>": {"seed": <seed>}}} sees them).

Splits: train, validation, test; MNLI has validation_matched, validation_mismatched,
test_matched, test_mismatched. Test targets are "<unk>" (unlabelled).

"idx" is the example's position in the stream (0-based); one record can give several
examples (MultiRC: one per answer; ReCoRD in training: one per answer).

Examples:
  $ hyperprompt data --task rte --data-dir glue_data/RTE --split validation --limit 3 --json
  $ hyperprompt data --task mnli --data-dir hf/glue-mnli --split validation_matched --json
  $ hyperprompt data --task syn-nli --split train --limit 5`;

interface RawDataOptions {
  readonly task: string;
  readonly dataDir?: string;
  readonly split: string;
  readonly limit?: number;
  readonly seed: number;
  readonly json?: boolean;
}

/**
 * Registers `data`.
 *
 * @param program - the program.
 * @param env - the command environment.
 */
export function registerDataCommand(program: Command, env: CommandEnv): void {
  program
    .command('data')
    .summary('print the T5-formatted examples of a task split')
    .description('Print how a task split will be fed to the model: its T5 text-to-text inputs and targets.')
    .requiredOption('-t, --task <name>', 'task name')
    .option(
      '-d, --data-dir <dir>',
      "the task's folder (GLUE TSV, SuperGLUE JSONL, or HF parquet/JSONL export)",
    )
    .requiredOption('-s, --split <split>', 'split name')
    .option('-l, --limit <n>', 'print at most n examples', integerAtLeast(0))
    .option('--seed <n>', 'seed of the data of an embedded task (syn-*, wn-*)', integerAtLeast(0), 0)
    .option('--json', 'print JSON lines {"task","idx","inputs","targets"} and a last line {"count": N}')
    .addHelpText('after', HELP())
    .action(async (raw: RawDataOptions) => {
      const { io, cwd } = env.context();
      const task = shortTaskName(checkTaskSplit(raw.task, raw.split));
      const dataDir = raw.dataDir === undefined ? undefined : resolve(cwd, raw.dataDir);
      const limit = raw.limit ?? Infinity;
      let count = 0;
      if (limit > 0) {
        for await (const example of taskExamples(raw.task, { split: raw.split, dataDir, seed: raw.seed })) {
          const idx = count++;
          if (raw.json === true) {
            writeLine(
              io.stdout,
              JSON.stringify({ task, idx, inputs: example.input, targets: example.target }),
            );
          } else {
            writeLine(io.stdout, `[${idx}] ${example.input}\n  -> ${example.target}`);
          }
          if (count >= limit) break;
        }
      }
      writeLine(
        io.stdout,
        raw.json === true ? JSON.stringify({ count }) : `${count} example${count === 1 ? '' : 's'}`,
      );
    });
}
