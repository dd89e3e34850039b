/**
 * Wall-clock measurement of tfjs work: each run is timed up to the moment its results are
 * read back, results are disposed, and the median of the timed runs is reported.
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';

/** One measured variant. */
export interface Measurement {
  /** Median wall time of the timed runs, in ms. */
  readonly ms: number;
  /** Every timed run, in ms. */
  readonly samplesMs: readonly number[];
  /** Tensors left alive by the timed runs (should be 0). */
  readonly leakedTensors: number;
}

/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Work to time: returns the tensors to read back. */
export type Work = () => tf.Tensor | tf.Tensor[];

async function timeOnce(run: Work): Promise<number> {
  const start = performance.now();
  const out = tf.tidy(run);
  const tensors = Array.isArray(out) ? out : [out];
  for (const t of tensors) await t.data();
  const ms = performance.now() - start;
  tf.dispose(tensors);
  return ms;
}

/**
 * Runs `run` up to `warmup` times untimed, then up to `reps` times timed. Slow work gets
 * fewer runs: when the first run already takes a good part of `budgetMs`, warm-up stops
 * after it and only as many timed runs as fit the budget are made (at least 3).
 *
 * @param run - the work; everything it creates is tidied, what it returns is read and disposed.
 * @param warmup - untimed runs first (kernel set-up, operator caches, optimizer slots), >= 1.
 * @param reps - timed runs at most.
 * @param budgetMs - rough time budget of the timed runs.
 */
export async function measure(
  run: Work,
  warmup: number,
  reps: number,
  budgetMs = 4000,
): Promise<Measurement> {
  const first = await timeOnce(run);
  for (let i = 1; i < warmup && first < budgetMs / 8; i++) await timeOnce(run);
  const timedReps = Math.max(3, Math.min(reps, Math.floor(budgetMs / first)));
  const before = tf.memory().numTensors;
  const samplesMs: number[] = [];
  for (let i = 0; i < timedReps; i++) samplesMs.push(await timeOnce(run));
  return { ms: median(samplesMs), samplesMs, leakedTensors: tf.memory().numTensors - before };
}
