/**
 * The default comparison with the backbone frozen. Stage 1 trains one task-blind backbone
 * (multi-task, no task prefix) on the comparison's tasks; stage 2 runs every row of
 * `examples/compare-methods/experiments` from that backbone: method rows freeze it (the
 * `method+norms` policy: only the method's parameters and the backbone's norm weights train,
 * as in HyperFormer++), so each shows how far its own parameters can condition a shared model
 * that never saw a task signal; the two rows without a method (MTL with the task prefix, and
 * the control without) fine-tune the whole backbone as references.
 *
 * Usage (from the repository root, after `npm run build`):
 * `node examples/frozen-backbone/dist/main.js [--quick] [--results <dir>] [--workers <n>]`.
 * `--quick` runs a few steps of one seed into a temporary folder (a smoke test for CI).
 * Finished runs are skipped, so an interrupted comparison continues where it stopped.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  type LoadedExperiment,
  loadExperiments,
  resolveExperiment,
  runComparison,
} from '@hyperprompt/harness';

/** Stage 1: the task-blind backbone. */
const STAGE1 = join(__dirname, '..', 'experiments', 'blind-backbone.json');
/** Stage 2: the rows of the default comparison, read from its folder. */
const ROWS = join(__dirname, '..', '..', 'compare-methods', 'experiments');
/** Steps of every stage-2 row (the backbone already knows the tasks' inputs). */
const STAGE2_STEPS = 800;

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** A row of the default comparison moved onto the frozen backbone of a finished run. */
function frozenRow(file: string, backboneRun: string): LoadedExperiment {
  const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const row = {
    ...json,
    name: `frozen-${String(json.name)}`,
    backbone: { run: backboneRun },
    // Rows without a method fine-tune the whole backbone (the references); method rows freeze it.
    policy: Array.isArray(json.methods) && json.methods.length > 0 ? 'method+norms' : 'all',
    steps: STAGE2_STEPS,
    evalEvery: STAGE2_STEPS / 4,
  };
  return { config: resolveExperiment(row, file), source: file, baseDir: ROWS };
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const results = resolve(
    option('--results') ?? (quick ? mkdtempSync(join(tmpdir(), 'frozen-')) : 'results-frozen'),
  );
  const workersOption = option('--workers');
  const workers = workersOption === undefined ? undefined : Number(workersOption);
  const write = (text: string): void => void process.stderr.write(text);
  const common = { quick, write, tty: process.stderr.isTTY, workers, backend: { threads: 1 } };

  write('stage 1: the task-blind backbone\n');
  const stage1 = await runComparison(await loadExperiments(STAGE1), {
    ...common,
    results: join(results, 'stage1'),
    report: { title: 'Stage 1: task-blind backbone' },
  });
  const blind = stage1.outcomes.find((o) => o.status === 'ran' || o.status === 'skipped');
  if (blind === undefined) throw new Error('stage 1 did not finish; rerun to resume it');

  write(`stage 2: every row on the frozen backbone of ${blind.planned.folder}\n`);
  const files = readdirSync(ROWS)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(ROWS, f));
  const { report } = await runComparison(
    files.map((f) => frozenRow(f, blind.planned.folder)),
    {
      ...common,
      results: join(results, 'stage2'),
      report: { title: 'The default comparison on a frozen task-blind backbone' },
    },
  );
  if (report === undefined) return;
  console.log(report.table);
  console.log(`\nreport: ${report.report}\nplots: ${report.plots.join(', ')}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
