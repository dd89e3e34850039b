/**
 * One benchmark configuration, run in its own process: the backend and its thread count are
 * fixed when the backend initialises, so every configuration gets a fresh process. The
 * backend comes from `HYPERPROMPT_BACKEND` / `HYPERPROMPT_THREADS`, set by the parent.
 * Progress goes to stderr; the result is one JSON line on stdout.
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend, type BackendInfo } from '@hyperprompt/core';
import { kernelCases } from './cases';
import { FULL_SIZES, QUICK_SIZES, type BenchSizes } from './sizes';
import { createStepModel, FAST_KERNELS, NAIVE_KERNELS, stepFlops } from './t5-step';
import { measure } from './timing';

/** The measurement of one variant of one case. */
export interface VariantResult {
  /** Variant label; the first of a case is the baseline. */
  readonly variant: string;
  /** Median ms. */
  readonly ms: number;
  /** GFLOP/s at the median, when the case has a FLOP count. */
  readonly gflops: number | undefined;
  /** Every timed run, in ms. */
  readonly samplesMs: readonly number[];
  /** Tensors leaked by the timed runs (should be 0). */
  readonly leakedTensors: number;
}

/** One case: its variants, baseline first. */
export interface CaseResult {
  /** What is computed, with sizes. */
  readonly name: string;
  /** FLOPs of one run, when meaningful. */
  readonly flops: number | undefined;
  /** Variants, baseline first. */
  readonly variants: readonly VariantResult[];
}

/** Everything one configuration measured. */
export interface ConfigResult {
  /** Configuration id, e.g. `wasm-2`. */
  readonly id: string;
  /** The backend as selected. */
  readonly backend: BackendInfo;
  /** Size preset used. */
  readonly sizes: BenchSizes['name'];
  /** Results per case. */
  readonly cases: readonly CaseResult[];
  /** Initial loss of the naive and the fast model (must agree). */
  readonly initialLoss: { readonly naive: number; readonly fast: number };
}

function progress(id: string, text: string): void {
  process.stderr.write(`[bench ${id}] ${text}\n`);
}

const gflops = (flops: number | undefined, ms: number): number | undefined =>
  flops === undefined ? undefined : flops / ms / 1e6;

async function runKernelCases(id: string, sizes: BenchSizes): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const benchCase of kernelCases(sizes)) {
    const variants: VariantResult[] = [];
    for (const variant of benchCase.variants) {
      const m = await measure(variant.run, sizes.warmup, sizes.reps);
      variants.push({
        variant: variant.name,
        ms: m.ms,
        gflops: gflops(benchCase.flops, m.ms),
        samplesMs: m.samplesMs,
        leakedTensors: m.leakedTensors,
      });
      progress(id, `${benchCase.name}: ${variant.name} ${m.ms.toFixed(2)} ms`);
    }
    benchCase.dispose();
    results.push({ name: benchCase.name, flops: benchCase.flops, variants });
  }
  return results;
}

async function runTrainingStep(
  id: string,
  sizes: BenchSizes,
): Promise<{ result: CaseResult; initialLoss: ConfigResult['initialLoss'] }> {
  const m = sizes.model;
  const flops = stepFlops(m);
  const variants: VariantResult[] = [];
  const initial: number[] = [];
  for (const [name, kernels] of [
    ['naive', NAIVE_KERNELS],
    ['fast (core kernels)', FAST_KERNELS],
  ] as const) {
    const model = createStepModel(m, kernels);
    const loss = model.loss();
    initial.push((await loss.data())[0]);
    loss.dispose();
    const timing = await measure(model.step, 2, sizes.steps);
    model.dispose();
    variants.push({
      variant: name,
      ms: timing.ms,
      gflops: gflops(flops, timing.ms),
      samplesMs: timing.samplesMs,
      leakedTensors: timing.leakedTensors,
    });
    progress(id, `training step ${name}: ${timing.ms.toFixed(1)} ms`);
  }
  const name = `T5-like training step: ${m.layers} layers, B=${m.batch} T=${m.length} D=${m.dModel} N=${m.heads} F=${m.dFF} V=${m.vocab}, Adam`;
  return { result: { name, flops, variants }, initialLoss: { naive: initial[0], fast: initial[1] } };
}

/**
 * Initialises the backend from the environment, runs every case and returns the results.
 *
 * @param id - configuration id, for progress lines.
 * @param quick - use the quick sizes (always used on cpu).
 */
export async function runConfig(id: string, quick: boolean): Promise<ConfigResult> {
  const backend = await initBackend({ log: (line) => progress(id, line) });
  const sizes = quick || backend.name === 'cpu' ? QUICK_SIZES : FULL_SIZES;
  const cases = await runKernelCases(id, sizes);
  const step = await runTrainingStep(id, sizes);
  progress(id, `done; ${tf.memory().numTensors} tensors alive`);
  return { id, backend, sizes: sizes.name, cases: [...cases, step.result], initialLoss: step.initialLoss };
}
