/**
 * Contract checks (6) seeding, (7) no-op init and (8) mixed-task batches.
 *
 * Axis legend: B batch, T decoder length, V vocabulary.
 *
 * @packageDocumentation
 */
import type * as tf from '@tensorflow/tfjs';
import type { MethodConfig } from '@hyperprompt/core';
import { expectClose } from '@hyperprompt/core/testing';
import { ensure, firstDifference, withModule, type ContractFixture } from './contract-case';
import { runForward, snapshotVariables, subBatch } from './harness';

/** Reads logits `[B, T, V]` into nested arrays and disposes them. */
function readLogits(logits: tf.Tensor3D): number[][][] {
  const values = logits.arraySync();
  logits.dispose();
  return values;
}

/**
 * Check (6): two modules created with the same seed have identical variables and give
 * identical logits; a different seed gives different variables unless the row declares
 * `deterministicInit`.
 */
export async function checkSeeding<C extends MethodConfig>(fixture: ContractFixture<C>): Promise<void> {
  const { model, batch, seed } = fixture;
  const first = await withModule(fixture, (module) => ({
    values: snapshotVariables(module.variables.entries()),
    logits: runForward(model, module, batch.inputs, batch.taskIds),
  }));
  try {
    await withModule(fixture, (module) => {
      for (const e of module.variables.entries()) {
        const at = firstDifference(e.variable.dataSync(), first.values.get(e.name) ?? []);
        ensure(fixture, at < 0, `same seed, variable ${e.name} differs at flat index ${at}`);
      }
      ensure(fixture, module.variables.size === first.values.size, 'same seed, different variable sets');
      const logits = runForward(model, module, batch.inputs, batch.taskIds);
      const at = firstDifference(logits.dataSync(), first.logits.dataSync());
      logits.dispose();
      ensure(fixture, at < 0, `same seed, logits differ at flat index ${at}`);
    });
  } finally {
    first.logits.dispose();
  }
  if (fixture.testCase.deterministicInit) return;
  await withModule(
    fixture,
    (module) => {
      const differs = module.variables
        .entries()
        .some((e) => firstDifference(e.variable.dataSync(), first.values.get(e.name) ?? []) >= 0);
      ensure(fixture, differs, `seeds ${seed} and ${seed + 1} gave identical variables`);
    },
    seed + 1,
  );
}

/** Check (7): for a row with a no-op init, logits equal the plain backbone's (within 1e-6). */
export async function checkNoOpInit<C extends MethodConfig>(fixture: ContractFixture<C>): Promise<void> {
  const { model, batch } = fixture;
  if (!fixture.testCase.noOpInit) return;
  await withModule(fixture, (module) => {
    const plain = readLogits(runForward(model, undefined, batch.inputs, batch.taskIds, batch.numTasks));
    const hooked = readLogits(runForward(model, module, batch.inputs, batch.taskIds));
    expectClose(hooked, plain, 1e-6);
  });
}

/**
 * Check (8): each example of a mixed-task batch gets the same logits (within 1e-5, over its
 * real label positions) as in a batch holding only the examples of its task.
 */
export async function checkMixedBatch<C extends MethodConfig>(fixture: ContractFixture<C>): Promise<void> {
  const { model, batch } = fixture;
  const present = [...new Set(batch.taskIds)].sort((a, b) => a - b);
  ensure(fixture, present.length > 1 || batch.numTasks === 1, 'the batch does not mix tasks');
  await withModule(fixture, (module) => {
    const mixed = readLogits(runForward(model, module, batch.inputs, batch.taskIds));
    for (const task of present) {
      const indices = batch.taskIds.flatMap((t, i) => (t === task ? [i] : []));
      const alone = subBatch(batch, indices);
      const own = readLogits(runForward(model, module, alone.inputs, alone.taskIds));
      indices.forEach((example, row) => {
        const length = batch.labelLengths[example];
        try {
          expectClose(own[row].slice(0, length), mixed[example].slice(0, length), 1e-5);
        } catch (error) {
          const why = error instanceof Error ? error.message : String(error);
          ensure(
            fixture,
            false,
            `example ${example} (task ${task}) differs from its task-only batch: ${why}`,
          );
        }
      });
    }
  });
}
