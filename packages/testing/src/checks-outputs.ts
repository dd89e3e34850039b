/**
 * Contract checks (6) seeding, (7) no-op init and (8) mixed-task batches (at init and with
 * perturbed variables).
 *
 * Axis legend: B batch, T decoder length, V vocabulary.
 *
 * @packageDocumentation
 */
import type * as tf from '@tensorflow/tfjs';
import type { MethodConfig, PeftModule } from '@hyperprompt/core';
import { expectClose } from '@hyperprompt/core/testing';
import { ensure, firstDifference, withModule, type ContractFixture } from './contract-case';
import { perturbVariables, runForward, snapshotVariables, subBatch } from './harness';

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

/** Tolerance of check (8): mixed and task-only logits agree within it. */
const MIXED_BATCH_TOLERANCE = 1e-5;

/**
 * Smallest change of an example's logits, when it is given another task's id, for check (8)
 * to count as able to see a task mix-up: 100 times its tolerance.
 */
const TASK_SENSITIVITY = 100 * MIXED_BATCH_TOLERANCE;

/** Seed of the perturbation of check (8) (added to the fixture's module seed). */
const PERTURBATION_SEED = 1009;

/** Each example of the batch against a batch of only its task's examples (within the tolerance). */
function compareWithTaskBatches<C extends MethodConfig>(
  fixture: ContractFixture<C>,
  module: PeftModule<C>,
  when: string,
): number[][][] {
  const { model, batch } = fixture;
  const mixed = readLogits(runForward(model, module, batch.inputs, batch.taskIds));
  for (const task of [...new Set(batch.taskIds)].sort((a, b) => a - b)) {
    const indices = batch.taskIds.flatMap((t, i) => (t === task ? [i] : []));
    const alone = subBatch(batch, indices);
    const own = readLogits(runForward(model, module, alone.inputs, alone.taskIds));
    indices.forEach((example, row) => {
      const length = batch.labelLengths[example];
      try {
        expectClose(own[row].slice(0, length), mixed[example].slice(0, length), MIXED_BATCH_TOLERANCE);
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        ensure(
          fixture,
          false,
          `${when}: example ${example} (task ${task}) differs from its task-only batch: ${why}`,
        );
      }
    });
  }
  return mixed;
}

/** Largest absolute difference over an example's real label positions. */
function largestChange(a: number[][], b: number[][], length: number): number {
  let worst = 0;
  for (let t = 0; t < length; t++) {
    for (let v = 0; v < a[t].length; v++) worst = Math.max(worst, Math.abs(a[t][v] - b[t][v]));
  }
  return worst;
}

/**
 * Check (8): each example of a mixed-task batch gets the same logits (within 1e-5, over its
 * real label positions) as in a batch holding only the examples of its task; first at init,
 * then with every module variable perturbed ({@link perturbVariables}), because an init can
 * hide a mix-up of tasks (zero init, or generated weights too small to matter). With the
 * perturbed variables, every example's logits must also move by more than 1e-3 when each
 * example is given the next task's id (skipped for one task and for rows declaring
 * `taskIndependent`), so that the comparison could have seen a mix-up.
 */
export async function checkMixedBatch<C extends MethodConfig>(fixture: ContractFixture<C>): Promise<void> {
  const { model, batch } = fixture;
  const present = [...new Set(batch.taskIds)];
  ensure(fixture, present.length > 1 || batch.numTasks === 1, 'the batch does not mix tasks');
  await withModule(fixture, (module) => {
    compareWithTaskBatches(fixture, module, 'at init');
    perturbVariables(module.variables, fixture.seed + PERTURBATION_SEED);
    const mixed = compareWithTaskBatches(fixture, module, 'with perturbed variables');
    if (present.length < 2 || fixture.testCase.taskIndependent) return;
    const shifted = batch.taskIds.map((t) => (t + 1) % batch.numTasks);
    const other = readLogits(runForward(model, module, batch.inputs, shifted));
    batch.taskIds.forEach((task, example) => {
      const change = largestChange(other[example], mixed[example], batch.labelLengths[example]);
      ensure(
        fixture,
        change > TASK_SENSITIVITY,
        `with perturbed variables, example ${example} given task ${shifted[example]} instead of ${task} ` +
          `changes its logits by only ${change.toExponential(2)} (<= ${TASK_SENSITIVITY}): the comparison ` +
          'cannot see a mix-up of tasks (rows whose method ignores task ids declare taskIndependent)',
      );
    });
  });
}
