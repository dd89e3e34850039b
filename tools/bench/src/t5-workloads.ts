/**
 * Named T5 workloads (`npm run bench -- t5-train-ref t5-forward-ref ...`): each prints one
 * JSON line with `workload`, `backend`, `threads`, `msPerStep` (median of the timed steps
 * after warm-up) and `tokensPerSecond`. The model is a T5 v1.0 layout (d_model 256, d_ff
 * 1024 ReLU, 4 heads x d_kv 64, 4 + 4 layers, vocab 4096, tied embeddings); batch 16, input
 * length 64, target length 8. `t5-train-ref-hyperprompt` is `t5-train-ref` with
 * HyperPrompt-Global (its defaults: l = 16, b = 32, t = 32; 8 tasks, mixed batches) trained
 * together with the backbone, as in the paper: compare its `msPerStep` with `t5-train-ref`'s
 * from the same invocation.
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';
import { createForwardContext, initBackend, Rng } from '@hyperprompt/core';
import { hyperPrompt } from '@hyperprompt/hyperprompt';
import { benchBackboneConfig } from '@hyperprompt/harness';
import { T5Model, type T5Inputs } from '@hyperprompt/t5';
import { median } from './timing';

/** Workload names accepted on the command line. */
export const T5_WORKLOADS = [
  't5-train-ref',
  't5-train-ref-hyperprompt',
  't5-forward-ref',
  't5-generate-ref-cached',
  't5-generate-ref-uncached',
] as const;

/** One of {@link T5_WORKLOADS}. */
export type T5Workload = (typeof T5_WORKLOADS)[number];

/** One result line. */
export interface T5WorkloadResult {
  readonly workload: T5Workload;
  readonly backend: string;
  readonly threads: number;
  readonly msPerStep: number;
  readonly tokensPerSecond: number;
  readonly samplesMs: readonly number[];
  readonly batch: number;
  readonly inputLength: number;
  readonly targetLength: number;
  readonly parameters: number;
}

/** The reference T5 of every workload (shared with `hyperprompt bench`). */
const REFERENCE = benchBackboneConfig();
const BATCH = 16;
const INPUT = 64;
const TARGET = 8;
const TASKS = 8;

function batchOf(rng: Rng, length: number): number[][] {
  return Array.from({ length: BATCH }, () => [
    ...Array.from({ length: length - 1 }, () => 2 + rng.int(REFERENCE.vocabSize - 2)),
    1,
  ]);
}

async function timeSteps(step: () => void, warmup: number, timed: number): Promise<number[]> {
  for (let i = 0; i < warmup; i++) step();
  const samples: number[] = [];
  for (let i = 0; i < timed; i++) {
    const start = performance.now();
    step();
    samples.push(performance.now() - start);
    await Promise.resolve();
  }
  return samples;
}

/** Runs one workload on the backend chosen by `initBackend` (env overrides apply). */
export async function runT5Workload(workload: T5Workload, timed = 5): Promise<T5WorkloadResult> {
  const backend = await initBackend();
  const rng = new Rng(1);
  const model = T5Model.random(REFERENCE, 0);
  const inputs: T5Inputs = { inputIds: batchOf(rng, INPUT), labels: batchOf(rng, TARGET) };
  const optimizer = tf.train.adam(1e-4);
  let tokens: number;
  let step: () => void;
  const method =
    workload === 't5-train-ref-hyperprompt'
      ? hyperPrompt.create(model, hyperPrompt.resolve({}, model.spec, { numTasks: TASKS }), 0)
      : undefined;
  if (workload === 't5-train-ref' || method) {
    tokens = BATCH * (INPUT + TARGET);
    const variables = [
      ...model.variables.trainableVariables(),
      ...(method?.variables.entries() ?? []).map((e) => e.variable),
    ];
    const taskIds = Array.from({ length: BATCH }, (_, i) => i % TASKS);
    step = () => {
      const ctx = createForwardContext({ taskIds, numTasks: TASKS, training: true, rng });
      const loss = optimizer.minimize(
        () => model.loss(inputs, { context: ctx, hooks: method?.hooks(ctx) }),
        true,
        variables,
      );
      loss?.dataSync();
      loss?.dispose();
      ctx.dispose();
    };
  } else if (workload === 't5-forward-ref') {
    tokens = BATCH * (INPUT + TARGET);
    step = () => {
      const out = model.forward(inputs);
      out.logits.dataSync();
      tf.dispose([out.logits, out.encoderHiddenState, out.encoderMask]);
    };
  } else {
    tokens = BATCH * TARGET;
    const useCache = workload === 't5-generate-ref-cached';
    step = () => {
      model.generate({ inputIds: inputs.inputIds }, { maxNewTokens: TARGET, useCache });
    };
  }
  const samplesMs = await timeSteps(step, 2, timed);
  const msPerStep = median(samplesMs);
  const result: T5WorkloadResult = {
    workload,
    backend: backend.name,
    threads: backend.threads,
    msPerStep: Math.round(msPerStep * 10) / 10,
    tokensPerSecond: Math.round((tokens / msPerStep) * 1000),
    samplesMs: samplesMs.map((s) => Math.round(s)),
    batch: BATCH,
    inputLength: INPUT,
    targetLength: TARGET,
    parameters: model.parameterCount(),
  };
  optimizer.dispose();
  method?.dispose();
  model.dispose();
  return result;
}
