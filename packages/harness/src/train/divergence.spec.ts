/**
 * The non-finite guard on a tiny T5: a NaN or infinite loss or gradient norm stops training
 * at that step with a DivergenceError, before any variable is updated and without writing a
 * checkpoint (the last good one stays); a non-finite checkpoint tensor is refused on restore;
 * evaluation of a model with non-finite weights is a DivergenceError, never an `undefined`
 * prediction.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { CheckpointError, DivergenceError, type PeftModule, VariableStore } from '@hyperprompt/core';
import { latestCheckpoint, readTrainState, restoreModules } from './checkpoint';
import { argmaxFinite, Evaluator } from './evaluator';
import { Trainer } from './trainer';
import {
  evalTasks,
  promptModule,
  snapshot,
  tinyModel,
  tokenizer,
  trainTasks,
  useWasm,
} from './__fixtures__/setup';

/** Runs `fn` and returns what it threw (fails the test when it throws nothing). */
async function thrown(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

/**
 * A method whose forward pass is exact (it adds 0·√v with v = 0) but whose gradient is NaN
 * (0·∞): the loss stays finite and only the gradient norm catches it.
 */
function nanGradientModule(): PeftModule {
  const variables = new VariableStore(0);
  const zero = tf.zeros([1]);
  const v = variables.adopt('nan-grad/v', zero, { category: 'shared' });
  zero.dispose();
  return {
    kind: 'nan-grad',
    config: { kind: 'nan-grad' },
    variables,
    hooks: () => ({ ffnOutput: (h) => h.add(v.sqrt().mul(0)) }),
    dispose: () => variables.dispose(),
  };
}

describe('non-finite guard', () => {
  let dir: string;
  beforeAll(async () => {
    await useWasm();
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'divergence-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('learning rate 1e30 without clipping: DivergenceError at the first non-finite step, last good checkpoint kept', async () => {
    const model = tinyModel(0, 0);
    const before = tf.memory().numTensors;
    const trainer = new Trainer({
      model,
      tasks: trainTasks(),
      optimizer: { kind: 'adam' },
      schedule: { lr: 1e30 },
      settings: { steps: 10, batchSize: 4, checkpointEvery: 1, clipNorm: Infinity },
      checkpointDir: dir,
    });
    const error = await thrown(() => trainer.train());
    expect(error).toBeInstanceOf(DivergenceError);
    const { quantity, value, message } = error as DivergenceError;
    const step = (error as DivergenceError).step ?? NaN;
    expect(step).toBeGreaterThan(1);
    expect(['loss', 'gradient norm']).toContain(quantity);
    expect(Number.isFinite(value)).toBe(false);
    expect(message).toBe(
      `training diverged at step ${step}: the ${quantity} is ${String(value)}. ` +
        'Lower the learning rate or enable gradient clipping (gradientClipNorm).',
    );
    expect(trainer.step).toBe(step - 1); // the diverged step was not applied
    const latest = latestCheckpoint(dir);
    expect(latest).toBeDefined();
    expect(readTrainState(latest as string).step).toBe(step - 1);
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before); // nothing leaked by the aborted step
    model.dispose();
  });

  it('a NaN gradient norm with a finite loss stops before the update', async () => {
    const model = tinyModel(0, 0);
    const poison = nanGradientModule();
    const trainer = new Trainer({
      model,
      modules: [poison],
      tasks: trainTasks(),
      optimizer: { kind: 'adam' },
      settings: { steps: 3, batchSize: 4 },
    });
    const weights = snapshot([model, poison]);
    const error = await thrown(() => trainer.train());
    expect(error).toBeInstanceOf(DivergenceError);
    expect(error).toMatchObject({ step: 1, quantity: 'gradient norm' });
    expect((error as Error).message).toMatch(/^training diverged at step 1: the gradient norm is NaN\. /);
    expect(trainer.step).toBe(0);
    expect(snapshot([model, poison])).toEqual(weights);
    trainer.dispose();
    poison.dispose();
    model.dispose();
  });

  it('a weight that overflowed is caught before evaluating or saving', async () => {
    const model = tinyModel(0, 0);
    const trainer = new Trainer({
      model,
      tasks: trainTasks(),
      settings: { steps: 2, batchSize: 4, checkpointEvery: 1 },
      checkpointDir: dir,
      onProgress: (p) => {
        if (p.step === 2) {
          const norm = model.variables.get('encoder/final_layer_norm/weight');
          norm.assign(tf.fill(norm.shape, -Infinity));
        }
      },
    });
    const error = await thrown(() => trainer.train());
    expect(error).toMatchObject({
      step: 2,
      quantity: 'variable encoder/final_layer_norm/weight (after the update)',
    });
    expect(readTrainState(latestCheckpoint(dir) as string).step).toBe(1);
    trainer.dispose();
    model.dispose();
  });

  it('restoring a checkpoint with a NaN module variable is a CheckpointError naming file and tensor', () => {
    const model = tinyModel();
    const pt = promptModule(model);
    const trainer = new Trainer({ model, modules: [pt], tasks: trainTasks(), settings: { batchSize: 2 } });
    const [prompt] = pt.variables.entries();
    prompt.variable.assign(tf.fill(prompt.variable.shape, NaN));
    const folder = trainer.save(dir);
    const file = join(folder, 'modules.safetensors');
    const error = (() => {
      try {
        restoreModules(folder, [pt]);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(CheckpointError);
    expect(error).toMatchObject({ file, key: prompt.name });
    expect((error as Error).message).toMatch(/element 0 is NaN; .* allowNonFinite: true/);
    expect(() => restoreModules(folder, [pt], { allowNonFinite: true })).not.toThrow();
    trainer.dispose();
    pt.dispose();
    model.dispose();
  });

  it('evaluating non-finite weights is a DivergenceError naming the step, never an undefined prediction', () => {
    const model = tinyModel();
    const shared = model.variables.get('shared/weight');
    shared.assign(tf.fill(shared.shape, NaN));
    const evaluator = new Evaluator(tokenizer(), evalTasks(), { maxExamples: 2 });
    const before = tf.memory().numTensors;
    expect(() => evaluator.predict(model, [], 0)).toThrow(DivergenceError);
    expect(() => evaluator.predict(model, [], 0)).toThrow(
      /^non-finite value: the score of task syn-sentiment, example 0 of split validation is NaN\. /,
    );
    // Regression tasks decode: the non-finite logits are caught there too.
    expect(() => evaluator.predict(model, [], 1)).toThrow(/the decoder output at generation step 1 is NaN/);
    let error: unknown;
    try {
      evaluator.evaluate(model, [], 40);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ step: 40 });
    expect((error as Error).message).toMatch(
      /^training diverged at step 40: the score of task syn-sentiment/,
    );
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('argmaxFinite picks the first best score and refuses NaN and ±Infinity', () => {
    expect(argmaxFinite([-3, -1, -1, -2], 'x')).toBe(1);
    for (const bad of [NaN, Infinity, -Infinity]) {
      expect(() => argmaxFinite([-1, bad], 'task t, example 3')).toThrow(
        `non-finite value: the score of task t, example 3 is ${String(bad)}.`,
      );
    }
    expect(() => argmaxFinite([], 'x')).toThrow(/candidates of x/);
  });
});
