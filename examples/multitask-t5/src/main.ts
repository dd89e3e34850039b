/**
 * Multi-task T5 on the synthetic suite, end to end with today's packages:
 * - `@hyperprompt/tasks` generates three tasks (two of which share inputs but label them by
 *   different rules) and writes the suite's word-level tokenizer;
 * - `@hyperprompt/t5` loads that tokenizer, builds a tiny T5 from scratch and trains it with
 *   mixed-task batches drawn by the task sampler;
 * - every task is evaluated by rank classification over its label words, before and after.
 *
 * Usage: `npm run build && node dist/main.js [steps = 600]` (from this folder).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { createForwardContext, initBackend, Rng } from '@hyperprompt/core';
import { loadTokenizer, T5Model, t5Preset, type Tokenizer } from '@hyperprompt/t5';
import {
  accuracy,
  generateSyntheticSuite,
  pickExamples,
  TaskSampler,
  writeSyntheticTokenizer,
  type Example,
  type SyntheticTask,
} from '@hyperprompt/tasks';

const TASKS = ['syn-sentiment', 'syn-color-match', 'syn-animal-match'] as const;
const BATCH = 32;

/** Accuracy of rank classification over the task's label words, on up to `limit` examples. */
function evaluate(model: T5Model, tokenizer: Tokenizer, task: SyntheticTask, limit = 128): number {
  const examples = task.splits.validation.slice(0, limit);
  const candidates = task.labelWords.map((w) => tokenizer.encode(w));
  const predictions: number[] = [];
  for (let i = 0; i < examples.length; i += BATCH) {
    const chunk = examples.slice(i, i + BATCH);
    const scores = model.scoreCandidates(
      { inputIds: chunk.map((e) => tokenizer.encode(e.input)) },
      candidates,
    );
    for (const row of scores) predictions.push(row.indexOf(Math.max(...row)));
  }
  return accuracy(
    examples.map((e) => e.label ?? -1),
    predictions,
  );
}

async function main(): Promise<void> {
  const steps = Number(process.argv[2] ?? 600);
  await initBackend();
  const suite = generateSyntheticSuite({ tasks: [...TASKS], seed: 0 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synthetic-tokenizer-'));
  writeSyntheticTokenizer(dir);
  const tokenizer = loadTokenizer(dir);
  const model = T5Model.random(t5Preset('tiny', { vocabSize: tokenizer.vocabSize, dropoutRate: 0.1 }), 0);
  const before = suite.tasks.map((t) => evaluate(model, tokenizer, t));

  const train = suite.tasks.map((t) => t.splits.train);
  const sampler = new TaskSampler({ sizes: train.map((t) => t.length), batchSize: BATCH, seed: 0 });
  const optimizer = tf.train.adam(3e-3);
  const rng = new Rng(0);
  for (let step = 1; step <= steps; step++) {
    const batch = sampler.next();
    const examples: Example[] = pickExamples(batch, train);
    const ctx = createForwardContext({ taskIds: batch.taskIds, numTasks: TASKS.length, training: true, rng });
    const inputs = {
      inputIds: examples.map((e) => tokenizer.encode(e.input)),
      labels: examples.map((e) => tokenizer.encode(e.target)),
    };
    const loss = optimizer.minimize(
      () => model.loss(inputs, { context: ctx }),
      true,
      model.variables.trainableVariables(),
    );
    if (step % 25 === 0)
      process.stderr.write(`step ${step}/${steps} loss ${loss?.dataSync()[0].toFixed(4)}\n`);
    loss?.dispose();
    ctx.dispose();
  }
  const after = suite.tasks.map((t) => evaluate(model, tokenizer, t));
  console.log('| task | accuracy before | accuracy after |\n|---|---:|---:|');
  suite.tasks.forEach((t, i) =>
    console.log(`| ${t.name} | ${(100 * before[i]).toFixed(1)} | ${(100 * after[i]).toFixed(1)} |`),
  );
  optimizer.dispose();
  model.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
