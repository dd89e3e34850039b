/**
 * Hand-made `RunResult`s for the report specs: a comparison of three labels (numbers chosen
 * so means and sample stds are easy to compute by hand) and a prompt-length sweep.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  RESULT_SCHEMA_VERSION,
  type AttentionMassRecord,
  type EvalRecord,
  type RunResult,
} from '../../result';

/** What varies between fixture runs. */
export interface FixtureRun {
  readonly label: string;
  readonly seed: number;
  /** Best score per task (reached at the last evaluation). */
  readonly best: Readonly<Record<string, number>>;
  readonly msPerStep: number;
  readonly addedPercent: number;
  readonly config?: Readonly<Record<string, unknown>>;
  readonly attention?: readonly AttentionMassRecord[];
}

const mean = (values: readonly number[]): number => values.reduce((s, v) => s + v, 0) / values.length;

/** A complete RunResult: evaluations at steps 0, 50, 100, the last one holding the best scores. */
export function makeRun(run: FixtureRun): RunResult {
  const tasks = Object.keys(run.best);
  const evals: EvalRecord[] = [0, 50, 100].map((step) => {
    const scores = Object.fromEntries(tasks.map((t) => [t, run.best[t] - (100 - step) / 10]));
    const metrics = Object.fromEntries(tasks.map((t) => [t, { accuracy: scores[t] }]));
    return { step, metrics, scores, average: mean(Object.values(scores)) };
  });
  const average = mean(Object.values(run.best));
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    id: `${run.label}-${run.seed}-${JSON.stringify(run.config ?? {})}`
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-'),
    name: 'fixture',
    label: run.label,
    seed: run.seed,
    config: { label: run.label, seed: run.seed, ...run.config },
    tasks,
    losses: [{ step: 100, loss: 0.5 }],
    evals,
    best: {
      perTask: Object.fromEntries(tasks.map((t) => [t, { step: 100, score: run.best[t] }])),
      perTaskAverage: average,
      average: { step: 100, score: average },
    },
    parameters: {
      backbone: 1000,
      added: run.addedPercent * 10,
      addedPercent: run.addedPercent,
      trainable: 1000,
      byCategory: {},
    },
    timing: { wallSeconds: 10, msPerStep: run.msPerStep, steps: 100 },
    memory: { peakBytes: 1, peakTensors: 1 },
    backend: 'cpu',
    versions: { node: 'v20' },
    ...(run.attention ? { attention: run.attention } : {}),
    finishedAt: '2026-01-01T00:00:00.000Z',
  };
}

/** Attention records: encoder and decoder, two layers, two tasks. */
function attention(base: number): AttentionMassRecord[] {
  return ['encoder', 'decoder'].flatMap((stack, s) =>
    [0, 1].flatMap((layer) =>
      ['rte', 'sst2'].map((task, t) => ({
        stack,
        layer,
        task,
        mass: base + 0.1 * layer + 0.05 * s + 0.01 * t,
      })),
    ),
  );
}

/**
 * The comparison. By hand (sample std, n - 1):
 * MTL rte 60/62/64 → 62.0 ± 2.0; sst2 80/81/85 → 82.0 ± 2.6; avg 70/71.5/74.5 → 72.0 ± 2.3;
 * ms 100/110/90 → relative 1.0/1.1/0.9 → 1.00x ± 0.10.
 * HyperPrompt-Global rte 70/74 → 72.0 ± 2.8; sst2 84/84 → 84.0 ± 0.0; avg 77/79 → 78.0 ± 1.4;
 * relative 1.04/1.06 → 1.05x ± 0.01; params 1.234 % → 1.23.
 * Prompt-Tuning (one seed, rte only): 55.0; params 0.0123 % → 0.012; 0.95x.
 */
export const COMPARISON: readonly RunResult[] = [
  makeRun({ label: 'MTL', seed: 1, best: { rte: 60, sst2: 80 }, msPerStep: 100, addedPercent: 0 }),
  makeRun({ label: 'MTL', seed: 2, best: { rte: 62, sst2: 81 }, msPerStep: 110, addedPercent: 0 }),
  makeRun({ label: 'MTL', seed: 3, best: { rte: 64, sst2: 85 }, msPerStep: 90, addedPercent: 0 }),
  makeRun({
    label: 'HyperPrompt-Global',
    seed: 1,
    best: { rte: 70, sst2: 84 },
    msPerStep: 104,
    addedPercent: 1.234,
    attention: attention(0.2),
  }),
  makeRun({
    label: 'HyperPrompt-Global',
    seed: 2,
    best: { rte: 74, sst2: 84 },
    msPerStep: 106,
    addedPercent: 1.234,
    attention: attention(0.4),
  }),
  makeRun({ label: 'Prompt-Tuning', seed: 1, best: { rte: 55 }, msPerStep: 95, addedPercent: 0.0123 }),
];

/**
 * A prompt-length sweep of one label: lengths 4, 8, 16, seeds 1 and 2; average = rte score.
 * Length 4: 60/62 → 61 ± 1.41; 8: 66/66 → 66 ± 0; 16: 70/74 → 72 ± 2.83.
 */
export const SWEEP: readonly RunResult[] = [
  [4, 60, 62],
  [8, 66, 66],
  [16, 70, 74],
].flatMap(([promptLength, a, b]) =>
  [a, b].map((score, i) =>
    makeRun({
      label: 'HyperPrompt-Global',
      seed: i + 1,
      best: { rte: score },
      msPerStep: 100,
      addedPercent: 1,
      config: { methods: [{ kind: 'hyperprompt', promptLength }], outDir: `runs/${promptLength}-${i}` },
    }),
  ),
);

/** Writes runs as `<dir>/<id>/result.json`. */
export async function writeRuns(dir: string, runs: readonly RunResult[]): Promise<void> {
  for (const run of runs) {
    await mkdir(join(dir, run.id), { recursive: true });
    await writeFile(join(dir, run.id, 'result.json'), JSON.stringify(run));
  }
}
