/**
 * Step-time benchmark of the methods against plain multi-task T5 on one reference workload,
 * in one process, interleaved round by round so machine noise hits every method alike; the
 * result is each method's median ms/step and its ratio to MTL's (the goal:
 * HyperPrompt-Global ≤ 1.05x, HyperFormer++ ≤ 1.15x).
 *
 * The workload (`t5-train-ref`): a T5 v1.0 layout with d_model 256, d_ff 1024, 4 heads x
 * d_kv 64, 4 + 4 layers, vocabulary 4096; batch 16 of 8 tasks (mixed), input 64, target 8
 * tokens; one training step of every variable (the paper's `all` policy) with Adam.
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';
import { createForwardContext, type PeftModule, Rng } from '@hyperprompt/core';
import { T5Model, t5Preset } from '@hyperprompt/t5';
import { type MethodSpec, resolveMethods } from '../experiment';

/** One benchmarked configuration: a label and the methods composed on the backbone. */
export interface BenchWorkload {
  /** Name on the command line, e.g. `hyperprompt-global`. */
  readonly name: string;
  /** Method entries, as in an experiment file (`[]`: plain MTL). */
  readonly methods: readonly MethodSpec[];
}

/** The workloads `hyperprompt bench` knows, MTL first (the reference). */
export const BENCH_WORKLOADS: readonly BenchWorkload[] = Object.freeze([
  { name: 'mtl', methods: [] },
  { name: 'prompt-tuning', methods: [{ kind: 'prompt-tuning', promptLength: 16 }] },
  { name: 'adapters', methods: [{ kind: 'adapters' }] },
  { name: 'hyperformer-pp', methods: [{ kind: 'hyperformer-pp' }] },
  { name: 'hyperprompt-share', methods: [{ kind: 'hyperprompt', variant: 'share', promptLength: 16 }] },
  { name: 'hyperprompt-sep', methods: [{ kind: 'hyperprompt', variant: 'sep', promptLength: 16 }] },
  { name: 'hyperprompt-global', methods: [{ kind: 'hyperprompt', variant: 'global', promptLength: 16 }] },
]);

/** Shape of a benchmark workload. */
export interface BenchShape {
  /** Examples per batch. */
  readonly batch: number;
  /** Encoder tokens per example. */
  readonly inputLength: number;
  /** Target tokens per example. */
  readonly targetLength: number;
  /** Tasks mixed in each batch. */
  readonly tasks: number;
}

/** Shape of the reference workload. */
export const BENCH_SHAPE: BenchShape = Object.freeze({
  batch: 16,
  inputLength: 64,
  targetLength: 8,
  tasks: 8,
});

/** The backbone of the reference workload. */
export function benchBackboneConfig(): ReturnType<typeof t5Preset> {
  return t5Preset('t5-small', {
    dModel: 256,
    dFF: 1024,
    numHeads: 4,
    dKv: 64,
    numLayers: 4,
    numDecoderLayers: 4,
    vocabSize: 4096,
    feedForwardProj: 'relu',
    tieWordEmbeddings: true,
    dropoutRate: 0.1,
  });
}

/** One workload's timing. */
export interface BenchResult {
  /** Workload name. */
  readonly workload: string;
  /** Median ms per training step. */
  readonly msPerStep: number;
  /** `msPerStep` over MTL's (1 for MTL itself; NaN when MTL was not run). */
  readonly ratioToMtl: number;
  /** Every timed step, ms. */
  readonly samplesMs: readonly number[];
  /** Parameters the methods add. */
  readonly addedParameters: number;
}

/** Options of {@link runMethodBench}. */
export interface MethodBenchOptions {
  /** Workload names (from {@link BENCH_WORKLOADS}); MTL is always added as the reference. */
  readonly workloads?: readonly string[];
  /** Timed rounds (one step of every workload per round). @defaultValue 5 */
  readonly steps?: number;
  /** Untimed warm-up steps per workload. @defaultValue 2 */
  readonly warmup?: number;
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function tokens(rng: Rng, length: number, vocab: number): number[][] {
  return Array.from({ length: BENCH_SHAPE.batch }, () => [
    ...Array.from({ length: length - 1 }, () => 2 + rng.int(vocab - 2)),
    1,
  ]);
}

/**
 * Times a training step of each workload on the current tfjs backend.
 *
 * @param options - which workloads, how many rounds.
 * @returns one result per workload, MTL first.
 */
export async function runMethodBench(options: MethodBenchOptions = {}): Promise<BenchResult[]> {
  const names = [
    'mtl',
    ...(options.workloads ?? BENCH_WORKLOADS.map((w) => w.name)).filter((n) => n !== 'mtl'),
  ];
  const chosen = names.map((name) => {
    const found = BENCH_WORKLOADS.find((w) => w.name === name);
    if (found === undefined)
      throw new RangeError(`unknown workload ${name}: ${BENCH_WORKLOADS.map((w) => w.name).join(', ')}`);
    return found;
  });
  const config = benchBackboneConfig();
  const model = T5Model.random(config, 0);
  const rng = new Rng(1);
  const inputs = {
    inputIds: tokens(rng, BENCH_SHAPE.inputLength, config.vocabSize),
    labels: tokens(rng, BENCH_SHAPE.targetLength, config.vocabSize),
  };
  const taskIds = Array.from({ length: BENCH_SHAPE.batch }, (_, i) => i % BENCH_SHAPE.tasks);
  const runs = chosen.map((w) => {
    const modules: PeftModule[] = resolveMethods(w.methods, model.spec, BENCH_SHAPE.tasks).map((m, i) =>
      m.method.create(model, m.config, i + 1),
    );
    const variables = [
      ...model.variables.trainableVariables(),
      ...modules.flatMap((m) => m.variables.entries().map((e) => e.variable)),
    ];
    const optimizer = tf.train.adam(1e-5);
    const step = (): number => {
      const ctx = createForwardContext({ taskIds, numTasks: BENCH_SHAPE.tasks, training: true, rng });
      const start = performance.now();
      const loss = optimizer.minimize(
        () => model.loss(inputs, { context: ctx, hooks: modules.map((m) => m.hooks(ctx)) }),
        true,
        variables,
      );
      loss?.dataSync();
      const ms = performance.now() - start;
      loss?.dispose();
      ctx.dispose();
      return ms;
    };
    const added = modules.reduce((n, m) => n + m.variables.parameterCount(), 0);
    return { w, modules, optimizer, step, samples: [] as number[], added };
  });
  try {
    for (const r of runs) for (let i = 0; i < (options.warmup ?? 2); i++) r.step();
    for (let round = 0; round < (options.steps ?? 5); round++) {
      for (const r of runs) {
        r.samples.push(r.step());
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
    const mtl = median(runs[0].samples);
    return runs.map((r) => ({
      workload: r.w.name,
      msPerStep: median(r.samples),
      ratioToMtl: median(r.samples) / mtl,
      samplesMs: r.samples.map((s) => Math.round(s)),
      addedParameters: r.added,
    }));
  } finally {
    for (const r of runs) {
      r.optimizer.dispose();
      for (const m of r.modules) m.dispose();
    }
    model.dispose();
  }
}
