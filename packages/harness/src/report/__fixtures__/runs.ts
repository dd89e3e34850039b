/**
 * Hand-made `RunResult`s for the report specs: a comparison of three labels (numbers chosen
 * so means and sample stds are easy to compute by hand), a prompt-length sweep, and a paired
 * comparison with three seeds, majority baselines and last evaluations below the best (its
 * intervals are checked against SciPy: intervals.py writes intervals.json).
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
  /** Scores of an extra, last evaluation at step 150 (each at most the best). */
  readonly last?: Readonly<Record<string, number>>;
  /** Majority-class baselines: task → [label, score]. */
  readonly majority?: Readonly<Record<string, readonly [string, number]>>;
}

const mean = (values: readonly number[]): number => values.reduce((s, v) => s + v, 0) / values.length;

/**
 * A complete RunResult: evaluations at steps 0, 50, 100, the one at 100 holding the best
 * scores, and one at 150 when `last` is given.
 */
export function makeRun(run: FixtureRun): RunResult {
  const tasks = Object.keys(run.best);
  const record = (step: number, scores: Record<string, number>): EvalRecord => {
    const metrics = Object.fromEntries(tasks.map((t) => [t, { accuracy: scores[t] }]));
    return { step, metrics, scores, average: mean(Object.values(scores)) };
  };
  const evals: EvalRecord[] = [0, 50, 100].map((step) =>
    record(step, Object.fromEntries(tasks.map((t) => [t, run.best[t] - (100 - step) / 10]))),
  );
  if (run.last) evals.push(record(150, { ...run.last }));
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
    ...(run.majority
      ? {
          baselines: Object.fromEntries(
            Object.entries(run.majority).map(([task, [label, score]]) => [
              task,
              { majority: { label, score, metrics: { accuracy: score } } },
            ]),
          ),
        }
      : {}),
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

/** Majority baselines per seed (as if each seed re-split the data). */
const MAJORITY: Readonly<Record<number, Readonly<Record<string, readonly [string, number]>>>> = {
  1: { rte: ['not_entailment', 52.7], sst2: ['positive', 50.9] },
  2: { rte: ['not_entailment', 53.1], sst2: ['positive', 50.9] },
  3: { rte: ['entailment', 52.0], sst2: ['positive', 51.2] },
  4: { rte: ['not_entailment', 52.7], sst2: ['positive', 50.5] },
};

/**
 * A paired comparison, reference MTL with seeds 1, 2, 3 (every number below is mirrored in
 * intervals.py, which computes the expected intervals with SciPy):
 * MTL rte 60/63/66, sst2 80/82/87 (avg 70/72.5/76.5); last evaluation rte 58/62/66,
 * sst2 80/80/85 (avg 69/71/75.5).
 * Adapters seeds 1, 2, 3: rte 64/66/71, sst2 85/86/90 (avg 74.5/76/80.5; Δ avg 4.5/3.5/4).
 * HyperPrompt-Global seeds 2, 3, 4 (pairs with MTL on 2 and 3 only): rte 61/70/75,
 * sst2 81/84/88 (avg 71/77/81.5; Δ avg -1.5/0.5).
 * Prompt-Tuning seed 1 only: rte 55, sst2 78 (avg 66.5; Δ avg -3.5, one pair).
 * Every run carries its seed's majority baselines ({@link MAJORITY}).
 */
export const PAIRED: readonly RunResult[] = (
  [
    ['MTL', 1, 60, 80, 100, [58, 80]],
    ['MTL', 2, 63, 82, 100, [62, 80]],
    ['MTL', 3, 66, 87, 100, [66, 85]],
    ['Adapters', 1, 64, 85, 150],
    ['Adapters', 2, 66, 86, 150],
    ['Adapters', 3, 71, 90, 150],
    ['HyperPrompt-Global', 2, 61, 81, 120],
    ['HyperPrompt-Global', 3, 70, 84, 120],
    ['HyperPrompt-Global', 4, 75, 88, 120],
    ['Prompt-Tuning', 1, 55, 78, 90],
  ] as const
).map(([label, seed, rte, sst2, msPerStep, last]) =>
  makeRun({
    label,
    seed,
    best: { rte, sst2 },
    msPerStep,
    addedPercent: label === 'MTL' ? 0 : 1.5,
    ...(last ? { last: { rte: last[0], sst2: last[1] } } : {}),
    majority: MAJORITY[seed],
  }),
);

/** Writes runs as `<dir>/<id>/result.json`. */
export async function writeRuns(dir: string, runs: readonly RunResult[]): Promise<void> {
  for (const run of runs) {
    await mkdir(join(dir, run.id), { recursive: true });
    await writeFile(join(dir, run.id, 'result.json'), JSON.stringify(run));
  }
}
