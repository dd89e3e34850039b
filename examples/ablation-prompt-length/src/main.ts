/**
 * An ablation as data: `sweep.json` is a base HyperPrompt-Global experiment and a grid over
 * its prompt length. The harness expands it into one run per value (and seed), skips runs
 * that are done, and the report draws the ablation curve (score vs prompt length) next to the
 * table and learning curves.
 *
 * Usage (from this folder): `npm run build && node dist/main.js [--quick] [--results <dir>]`;
 * the same with the CLI: `hyperprompt sweep sweep.json --results results`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { initBackend } from '@hyperprompt/core';
import { loadSweep, runComparison } from '@hyperprompt/harness';

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const at = process.argv.indexOf('--results');
  const results = resolve(
    at >= 0 ? process.argv[at + 1] : quick ? mkdtempSync(join(tmpdir(), 'ablation-')) : 'results',
  );
  await initBackend({ threads: 1 }); // a tiny model: one wasm thread is as fast and never spin-waits
  const points = await loadSweep(join(__dirname, '..', 'sweep.json'));
  const { report } = await runComparison(points, {
    results,
    quick,
    write: (text) => void process.stderr.write(text),
    tty: process.stderr.isTTY,
    report: { title: 'Ablation: HyperPrompt-Global prompt length' },
  });
  if (report === undefined) return;
  console.log(report.table);
  console.log(`\nplots:\n${report.plots.join('\n')}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
