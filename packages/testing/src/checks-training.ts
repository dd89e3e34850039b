/**
 * Contract checks (1) freezing under the `method` policy and (4) tensor hygiene across
 * forward, training, save and load.
 *
 * @packageDocumentation
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadModuleBundle, saveModuleBundle, type MethodConfig } from '@hyperprompt/core';
import { expectNoTensorLeak } from '@hyperprompt/core/testing';
import { ensure, firstDifference, withModule, type ContractFixture } from './contract-case';
import { methodVarList, runForward, snapshotVariables, trainStep } from './harness';

/** Task names for a bundle of a module serving `numTasks` tasks. */
export function taskNames(numTasks: number): string[] {
  return Array.from({ length: numTasks }, (_, i) => `task_${i}`);
}

/** Runs `body` with a fresh temporary directory, removed afterwards. */
export async function withTempDir<R>(body: (dir: string) => R | Promise<R>): Promise<R> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyperprompt-contract-'));
  try {
    return await body(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Check (1): one Adam step with `varList` = the module's trainable variables changes at least
 * one module variable and leaves every backbone variable bit-identical.
 */
export async function checkFreezing<C extends MethodConfig>(fixture: ContractFixture<C>): Promise<void> {
  const { model, batch } = fixture;
  await withModule(fixture, (module) => {
    const varList = methodVarList(module);
    ensure(fixture, varList.length > 0, 'the module proposes no trainable variable');
    const backboneBefore = snapshotVariables(model.variables.entries());
    const moduleBefore = snapshotVariables(module.variables.entries());
    const optimizer = tf.train.adam(fixture.learningRate);
    try {
      trainStep(model, module, batch, optimizer, varList, fixture.seed);
    } finally {
      optimizer.dispose();
    }
    for (const e of model.variables.entries()) {
      const at = firstDifference(e.variable.dataSync(), backboneBefore.get(e.name) ?? []);
      ensure(fixture, at < 0, `backbone variable ${e.name} changed at flat index ${at}`);
    }
    const changed = module.variables
      .entries()
      .filter((e) => firstDifference(e.variable.dataSync(), moduleBefore.get(e.name) ?? []) >= 0);
    ensure(fixture, changed.length > 0, 'no module variable changed after an optimiser step');
  });
}

/**
 * Check (4): no tensor leaks across a forward, a training step (after a warm-up step that
 * creates the optimiser's slots), a bundle save, a bundle load plus dispose; and
 * `module.dispose()` frees exactly the module's variables.
 */
export async function checkNoLeaks<C extends MethodConfig>(fixture: ContractFixture<C>): Promise<void> {
  const { model, batch, method } = fixture;
  const label = (what: string): string => `${method.kind} [${fixture.testCase.name}]: ${what}`;
  const module = method.create(model, fixture.config, fixture.seed);
  const optimizer = tf.train.adam(fixture.learningRate);
  try {
    const varList = methodVarList(module);
    await expectNoTensorLeak(() => {
      runForward(model, module, batch.inputs, batch.taskIds).dispose();
    }, label('a forward'));
    if (varList.length > 0) {
      trainStep(model, module, batch, optimizer, varList, fixture.seed);
      await expectNoTensorLeak(() => {
        trainStep(model, module, batch, optimizer, varList, fixture.seed + 1);
      }, label('a training step'));
    }
    await withTempDir(async (dir) => {
      await expectNoTensorLeak(() => {
        saveModuleBundle(dir, module, model, { tasks: taskNames(batch.numTasks) });
      }, label('saveModuleBundle'));
      await expectNoTensorLeak(() => {
        loadModuleBundle(dir, method, model).module.dispose();
      }, label('loadModuleBundle + dispose'));
    });
  } catch (error) {
    module.dispose();
    throw error;
  } finally {
    optimizer.dispose();
  }
  const entries = module.variables.entries();
  const before = tf.memory().numTensors;
  module.dispose();
  const freed = before - tf.memory().numTensors;
  ensure(
    fixture,
    freed === entries.length && entries.every((e) => e.variable.isDisposed),
    `module.dispose() freed ${freed} tensor(s), expected its ${entries.length} variable(s)`,
  );
  module.dispose();
  ensure(fixture, tf.memory().numTensors === before - freed, 'a second module.dispose() freed more tensors');
}
