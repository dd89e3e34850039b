/**
 * Trains the example method ({@link taskScaling}) together with plain multi-task T5 on two
 * conflicting tasks of the synthetic suite, and prints its parameter accounting.
 *
 * Usage: `npm run build && node dist/main.js [steps = 200]` (from this folder).
 */
import * as tf from '@tensorflow/tfjs';
import {
  composeHooks,
  createForwardContext,
  formatParameterTable,
  initBackend,
  parameterTable,
  Rng,
} from '@hyperprompt/core';
import { T5Model, t5Preset, WordLevelTokenizer } from '@hyperprompt/t5';
import { generateSyntheticSuite, pickExamples, syntheticVocabulary, TaskSampler } from '@hyperprompt/tasks';
import { taskScaling } from './task-scaling';

const TASKS = ['syn-color-match', 'syn-animal-match'] as const;

async function main(): Promise<void> {
  const steps = Number(process.argv[2] ?? 200);
  await initBackend();
  const suite = generateSyntheticSuite({ tasks: [...TASKS], seed: 0 });
  const tokenizer = WordLevelTokenizer.fromVocabulary(syntheticVocabulary().words);
  const model = T5Model.random(t5Preset('tiny', { vocabSize: tokenizer.vocabSize }), 0);
  const config = taskScaling.resolve({}, model.spec, { numTasks: TASKS.length });
  const module = taskScaling.create(model, config, 1);
  const table = parameterTable(model.parameterCount(), [
    { component: 'task-scaling', parameters: taskScaling.countParameters(config, model.spec) },
  ]);
  console.log(formatParameterTable(table));

  const train = suite.tasks.map((t) => t.splits.train);
  const sampler = new TaskSampler({ sizes: train.map((t) => t.length), batchSize: 16, seed: 0 });
  const optimizer = tf.train.adam(3e-3);
  const varList = [
    ...model.variables.trainableVariables(),
    ...module.variables.entries().map((e) => e.variable),
  ];
  const rng = new Rng(0);
  for (let step = 1; step <= steps; step++) {
    const batch = sampler.next();
    const examples = pickExamples(batch, train);
    const ctx = createForwardContext({ taskIds: batch.taskIds, numTasks: TASKS.length, training: true, rng });
    const inputs = {
      inputIds: examples.map((e) => tokenizer.encode(e.input)),
      labels: examples.map((e) => tokenizer.encode(e.target)),
    };
    const loss = optimizer.minimize(
      () => model.loss(inputs, { context: ctx, hooks: composeHooks([module.hooks(ctx)]) }),
      true,
      varList,
    );
    if (step % 50 === 0 || step === steps)
      console.log(`step ${step}/${steps} loss ${loss?.dataSync()[0].toFixed(4)}`);
    loss?.dispose();
    ctx.dispose();
  }
  optimizer.dispose();
  module.dispose();
  model.dispose();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
