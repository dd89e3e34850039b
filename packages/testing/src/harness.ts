/**
 * Reusable pieces of the contract suite: a tiny seeded T5, a small ragged mixed-task batch, and
 * one forward or one training step of a backbone with a method module.
 *
 * Axis legend: B batch, S encoder length, T decoder length, D d_model, V vocabulary, K tasks.
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';
import { createForwardContext, Rng, type PeftModule } from '@hyperprompt/core';
import { T5Model, t5Preset, type T5Inputs } from '@hyperprompt/t5';

/** A batch of token ids with one task id per example. */
export interface MixedBatch {
  /** Ragged encoder ids and ragged labels (padded and masked by length by the backbone). */
  readonly inputs: T5Inputs;
  /** Task of each example (length B). */
  readonly taskIds: readonly number[];
  /** K, the number of tasks the batch was built for (every id is below it). */
  readonly numTasks: number;
  /** Number of real label tokens of each example (length B). */
  readonly labelLengths: readonly number[];
}

/**
 * The contract suite's backbone: the `tiny` T5 preset without dropout, seeded. The caller
 * disposes it.
 */
export function tinyBackbone(seed = 0): T5Model {
  return T5Model.random(t5Preset('tiny', { dropoutRate: 0 }), seed);
}

/**
 * A small batch whose examples cycle over tasks in a shuffled order, so that several tasks
 * are interleaved; encoder inputs and labels are ragged (lengths 2 to 6, ids in `[2, 120)`).
 *
 * @param numTasks - K; the batch holds `max(4, 2K)` examples and covers every task.
 */
export function mixedBatch(numTasks: number): MixedBatch {
  const size = Math.max(4, 2 * numTasks);
  const taskIds = Array.from({ length: size }, (_, i) => (i * (numTasks > 2 ? 2 : 1) + (i >> 1)) % numTasks);
  for (let t = 0; t < numTasks; t++) if (!taskIds.includes(t)) taskIds[t] = t;
  const inputIds = taskIds.map((_, i) =>
    Array.from({ length: 2 + ((i * 3) % 5) }, (_, j) => 2 + ((7 * i + 13 * j + 5) % 118)),
  );
  const labels = taskIds.map((_, i) =>
    Array.from({ length: 1 + ((i * 2) % 3) }, (_, j) => 2 + ((11 * i + 5 * j + 3) % 118)),
  );
  return {
    inputs: { inputIds, labels },
    taskIds,
    numTasks,
    labelLengths: labels.map((l) => l.length),
  };
}

/** The examples of `batch` at `indices`, in that order. */
export function subBatch(batch: MixedBatch, indices: readonly number[]): MixedBatch {
  const pick = <T>(rows: readonly T[]): T[] => indices.map((i) => rows[i]);
  const ids = batch.inputs.inputIds as readonly (readonly number[])[];
  const labels = batch.inputs.labels as readonly (readonly number[])[];
  return {
    inputs: { inputIds: pick(ids), labels: pick(labels) },
    taskIds: pick(batch.taskIds),
    numTasks: batch.numTasks,
    labelLengths: pick(batch.labelLengths),
  };
}

function numTasksOf(module: PeftModule | undefined, taskIds: readonly number[]): number {
  const own = (module?.config as { numTasks?: unknown } | undefined)?.numTasks;
  return typeof own === 'number' ? own : Math.max(...taskIds) + 1;
}

/**
 * Logits `[B, T, V]` of one evaluation forward of `model` with `module`'s hooks (or of the
 * plain backbone when `module` is `undefined`); only the logits survive, the caller disposes
 * them.
 *
 * @param numTasks - the context's K. @defaultValue the module's `config.numTasks`, else 1 + the largest id
 */
export function runForward(
  model: T5Model,
  module: PeftModule | undefined,
  inputs: T5Inputs,
  taskIds: readonly number[],
  numTasks = numTasksOf(module, taskIds),
): tf.Tensor3D {
  return tf.tidy(() => {
    const ctx = createForwardContext({ taskIds, numTasks, training: false });
    return model.forward(inputs, { hooks: module?.hooks(ctx) ?? {}, context: ctx }).logits;
  });
}

/**
 * One optimiser step on the mean token cross-entropy of `batch` through `module`'s hooks,
 * updating only `varList`. Leaves no tensor behind (beyond the optimiser's slots).
 */
export function trainStep(
  model: T5Model,
  module: PeftModule,
  batch: MixedBatch,
  optimizer: tf.Optimizer,
  varList: readonly tf.Variable[],
  seed = 0,
): void {
  const cost = optimizer.minimize(
    () =>
      tf.tidy(() => {
        const ctx = createForwardContext({
          taskIds: batch.taskIds,
          numTasks: numTasksOf(module, batch.taskIds),
          training: true,
          rng: new Rng(seed),
        });
        return model.loss(batch.inputs, { hooks: module.hooks(ctx), context: ctx });
      }),
    false,
    [...varList],
  );
  cost?.dispose();
}

/** The variables `module` proposes for training: the `method` freezing policy's `varList`. */
export function methodVarList(module: PeftModule): tf.Variable[] {
  return module.variables
    .entries()
    .filter((e) => e.trainable)
    .map((e) => e.variable);
}

/** A copy of every variable's values by name (for bit-exact before/after comparisons). */
export function snapshotVariables(
  entries: readonly { readonly name: string; readonly variable: tf.Variable }[],
): Map<string, Float32Array> {
  return new Map(entries.map((e) => [e.name, Float32Array.from(e.variable.dataSync())]));
}

/** Options of {@link perturbVariables}. */
export interface PerturbOptions {
  /** Noise standard deviation as a multiple of `max(RMS(v), floor)`. @defaultValue 1 */
  readonly scale?: number;
  /** Smallest scale of the noise, so that all-zero and tiny variables move too. @defaultValue 0.1 */
  readonly floor?: number;
}

/**
 * Moves every variable of `store` away from its initial value, reproducibly: adds N(0, σ²)
 * noise with `σ = scale · max(RMS(v), floor)` drawn from a generator seeded by `seed` and the
 * variable's index. A zero init (e.g. a no-op adapter) or a tiny one (generated weights at
 * init) then no longer hides what the module does, e.g. which task's parameters an example
 * reads.
 *
 * @example
 * ```ts
 * const module = method.create(model, config, 1);
 * perturbVariables(module.variables, 7); // non-initial values, same every run
 * ```
 */
export function perturbVariables(
  store: { entries(): readonly { readonly variable: tf.Variable }[] },
  seed: number,
  options: PerturbOptions = {},
): void {
  const { scale = 1, floor = 0.1 } = options;
  store.entries().forEach((e, i) => {
    const v = e.variable;
    tf.tidy(() => {
      const rms = Math.sqrt(tf.mean(tf.square(v)).dataSync()[0]);
      const std = scale * Math.max(rms, floor);
      v.assign(tf.add(v, tf.randomNormal(v.shape, 0, std, 'float32', seed * 1000 + i)));
    });
  });
}
