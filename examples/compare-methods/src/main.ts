/**
 * The default comparison (what `npm start` runs): multi-task T5 with the task prefix, the same
 * without any task signal (the control), Prompt-Tuning, vanilla adapters, HyperFormer++ and
 * HyperPrompt-Share, -Sep and -Global (no task prefix: only the method conditions on the
 * task), each trained with its backbone (the paper's `all` policy) from scratch on a
 * conflicting synthetic group and two WordNet tasks, three seeds each; then the table with 95 %
 * intervals and paired differences to MTL, and SVG plots.
 *
 * Usage (from the repository root): `npm start`, or
 * `node examples/compare-methods/dist/main.js [--quick] [--results <dir>] [--workers <n>]`.
 * `--quick` runs 4 steps of one seed into a temporary folder (a smoke test for CI).
 * `--workers` sets how many runs train at the same time, each in its own process on one
 * wasm thread (default: one per core; 1 trains them one after the other in this process).
 * Finished runs are skipped, so an interrupted comparison (Ctrl-C saves a checkpoint of the
 * active runs) continues where it stopped.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadExperiments, runComparison } from '@hyperprompt/harness';

/** The experiment files of the comparison, one per method. */
const EXPERIMENTS = join(__dirname, '..', 'experiments');

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const started = Date.now();
  const quick = process.argv.includes('--quick');
  const results = resolve(
    option('--results') ?? (quick ? mkdtempSync(join(tmpdir(), 'compare-')) : 'results'),
  );
  const workers = option('--workers');
  if (workers !== undefined && !/^[1-9]\d*$/.test(workers)) {
    throw new Error(`--workers: expected a positive integer, got ${workers}`);
  }
  const write = (text: string): void => void process.stderr.write(text);
  const { outcomes, report } = await runComparison(await loadExperiments(EXPERIMENTS), {
    results,
    quick,
    write,
    tty: process.stderr.isTTY,
    report: { title: 'Default comparison: a conflicting synthetic group and two WordNet tasks' },
    // One wasm thread per process: at this model size a second thread gains nothing and its
    // spin-waiting costs up to 4x when the other core is busy (HYPERPROMPT_THREADS overrides).
    // The other cores train other runs at the same time (workers).
    backend: { threads: 1 },
    ...(workers === undefined ? {} : { workers: Number(workers) }),
  });
  if (outcomes.some((o) => o.status === 'failed' || o.status === 'aborted')) process.exitCode = 1;
  if (report === undefined) return;
  console.log(report.table);
  console.log(`\nreport: ${report.report}\nplots: ${report.plots.join(', ')}`);
  const seconds = Math.round((Date.now() - started) / 1000);
  write(`wall time: ${Math.floor(seconds / 60)} min ${seconds % 60} s\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
