/**
 * Real GLUE data from a local folder with a Hugging Face T5 checkpoint folder: the harness
 * reads the task folders as distributed (`glue_data/RTE/train.tsv`, ... or HF parquet/JSONL
 * exports), formats them as T5 does, fine-tunes the checkpoint on the task mixture and
 * reports the official metrics per task.
 *
 * Usage (from this folder, after `npm run build`):
 *   node dist/main.js --data ~/glue_data --checkpoint ~/models/t5-small [--tasks rte,mrpc] [--steps 1000]
 *   node dist/main.js --fixtures   # CI: the repository's GLUE fixtures and a tiny checkpoint made on the spot
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { initBackend } from '@hyperprompt/core';
import { resolveExperiment, runComparison } from '@hyperprompt/harness';
import { T5Model, t5Preset, WordLevelTokenizer } from '@hyperprompt/t5';
import { createDefaultRegistry, loadAllExamples, resolveTaskDir } from '@hyperprompt/tasks';

/** The GLUE fixtures of the tasks package (a few examples per split). */
const FIXTURES = join(
  __dirname,
  '..',
  '..',
  '..',
  'packages',
  'tasks',
  'src',
  'loaders',
  '__fixtures__',
  'glue',
);

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** A tiny random T5 with a word-level tokenizer over the fixtures' words, saved as an HF folder. */
async function fixtureCheckpoint(tasks: readonly string[]): Promise<string> {
  const registry = createDefaultRegistry();
  const words = new Set<string>();
  for (const name of tasks) {
    const task = registry.get(name);
    const dir = await resolveTaskDir(FIXTURES, task);
    for (const split of ['train' as const, ...task.evalSplits]) {
      for (const e of await loadAllExamples(task, dir, { split })) {
        for (const w of `${e.input} ${e.target}`.toLowerCase().split(/\s+/)) if (w !== '') words.add(w);
      }
    }
  }
  const tokenizer = WordLevelTokenizer.fromVocabulary([...words].sort());
  const dir = mkdtempSync(join(tmpdir(), 'tiny-t5-'));
  const model = T5Model.random(t5Preset('tiny', { vocabSize: tokenizer.vocabSize }), 0);
  model.save(dir);
  tokenizer.save(dir);
  model.dispose();
  return dir;
}

async function main(): Promise<void> {
  const fixtures = process.argv.includes('--fixtures');
  const tasks = (option('--tasks') ?? 'rte,mrpc').split(',').map((t) => `glue/${t.replace(/^glue\//, '')}`);
  const data = fixtures ? FIXTURES : option('--data');
  const checkpoint = fixtures ? await fixtureCheckpoint(tasks) : option('--checkpoint');
  if (data === undefined || checkpoint === undefined) {
    throw new Error('give --data <glue_data folder> and --checkpoint <HF T5 folder>, or --fixtures');
  }
  const steps = Number(option('--steps') ?? (fixtures ? 4 : 1000));
  const results = resolve(
    option('--results') ?? (fixtures ? mkdtempSync(join(tmpdir(), 'glue-')) : 'results-glue'),
  );
  await initBackend({ log: (line) => void process.stderr.write(`${line}\n`) });
  const config = resolveExperiment(
    {
      name: 'glue-from-folder',
      label: 'MTL',
      backbone: { checkpoint: resolve(checkpoint) },
      tasks,
      data: { dir: resolve(data) },
      optimizer: { kind: 'adafactor', learningRate: 1e-3 },
      steps,
      evalEvery: Math.max(1, Math.floor(steps / 4)),
      sampler: { batchSize: fixtures ? 4 : 16 },
      maxInputLength: 256,
      seeds: [0],
    },
    'glue-from-folder',
  );
  const { report } = await runComparison([{ config, source: 'glue-from-folder', baseDir: process.cwd() }], {
    results,
    write: (text) => void process.stderr.write(text),
    tty: process.stderr.isTTY,
    report: { title: 'GLUE from a local folder' },
  });
  if (report !== undefined) console.log(`${report.table}\nreport: ${report.report}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
