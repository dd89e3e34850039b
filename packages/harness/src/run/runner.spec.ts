/**
 * The runner end to end on a tiny T5 and two synthetic tasks: result files, skipping finished
 * runs, resuming an interrupted run to the same result, the attention analysis and `predict`.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@hyperprompt/core';
import { type LoadedExperiment, planRuns, resolveExperiment } from '../experiment';
import type { RunResult } from '../result';
import { executeRun, RUN_CHECKPOINT_DIR } from './execute-run';
import { predictCommand } from './predict';
import { runPlan } from './run-plan';

const TASKS = ['syn-sentiment', 'syn-color-match'];

function experiment(name: string, methods: unknown[]): LoadedExperiment {
  const sizes = Object.fromEntries(TASKS.map((t) => [t, { train: 64, validation: 8, test: 4 }]));
  const config = resolveExperiment({
    name,
    methods,
    tasks: TASKS,
    data: { embedded: { synthetic: { seed: 0, sizes } } },
    sampler: { batchSize: 8 },
    optimizer: { kind: 'adam', learningRate: 0.003 },
    steps: 4,
    evalEvery: 2,
    logEvery: 1,
    seeds: [0],
  });
  return { config, source: `${name}.json`, baseDir: '.' };
}

const HYPERPROMPT = [{ kind: 'hyperprompt', variant: 'global', promptLength: 2 }];

describe('runner', () => {
  let dir: string;
  beforeAll(async () => {
    await initBackend({ prefer: ['wasm'], log: () => undefined });
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'runner-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a complete result.json, measures attention mass and leaks no tensor', async () => {
    const [planned] = planRuns([experiment('hp', HYPERPROMPT)], dir);
    const before = tf.memory().numTensors;
    const result = await executeRun(planned, { checkpoints: false });
    expect(tf.memory().numTensors).toBe(before);
    expect(result).toBeDefined();
    const saved = JSON.parse(readFileSync(join(planned.folder, 'result.json'), 'utf8')) as RunResult;
    expect(saved.id).toBe(planned.run.id);
    expect(saved.label).toBe('HyperPrompt-Global');
    expect(saved.evals.map((e) => e.step)).toEqual([2, 4]);
    expect(Object.keys(saved.best.perTask)).toEqual(TASKS);
    expect(saved.losses.map((l) => l.step)).toEqual([1, 2, 3, 4]);
    expect(saved.parameters.added).toBeGreaterThan(0);
    expect(saved.parameters.trainable).toBe(saved.parameters.backbone + saved.parameters.added);
    expect(saved.timing.steps).toBe(4);
    // Tiny T5 has 2 encoder and 2 decoder blocks, all prompted by default, for each task.
    expect(saved.attention).toHaveLength(2 * 4);
    for (const a of saved.attention ?? []) {
      expect(a.mass).toBeGreaterThan(0);
      expect(a.mass).toBeLessThan(1);
    }
  });

  it('skips finished runs and reruns them when forced', async () => {
    const plan = planRuns([experiment('mtl', [])], dir);
    const first = await runPlan(plan);
    expect(first.map((o) => o.status)).toEqual(['ran']);
    expect(first[0].result?.attention).toBeUndefined();
    const again = await runPlan(planRuns([experiment('mtl', [])], dir));
    expect(again.map((o) => o.status)).toEqual(['skipped']);
    const forced = await runPlan(planRuns([experiment('mtl', [])], dir), { force: true });
    expect(forced.map((o) => o.status)).toEqual(['ran']);
    expect(forced[0].result?.losses).toEqual(first[0].result?.losses);
  });

  it('an interrupted run resumes from its checkpoint and ends as an uninterrupted one', async () => {
    const straight = await executeRun(planRuns([experiment('hp', HYPERPROMPT)], join(dir, 'a'))[0]);
    const [planned] = planRuns([experiment('hp', HYPERPROMPT)], join(dir, 'b'));
    const controller = new AbortController();
    const stopped = await executeRun(planned, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.step === 2) controller.abort();
      },
    });
    expect(stopped).toBeUndefined();
    expect(existsSync(join(planned.folder, 'result.json'))).toBe(false);
    expect(existsSync(join(planned.folder, RUN_CHECKPOINT_DIR, 'latest.json'))).toBe(true);
    const lines: string[] = [];
    let firstStep: number | undefined;
    const resumed = await executeRun(planned, {
      log: (line) => lines.push(line),
      onProgress: (p) => (firstStep ??= p.step),
    });
    expect(lines).toContain(`resuming ${planned.run.id} at step 2`);
    expect(firstStep).toBe(3); // steps 1-2 were not run again
    expect(resumed?.losses).toEqual(straight?.losses);
    expect(resumed?.evals).toEqual(straight?.evals);
  });

  it('predict answers with label words from the run folder alone', async () => {
    const [planned] = planRuns([experiment('hp', HYPERPROMPT)], dir);
    await executeRun(planned);
    let out = '';
    const code = await predictCommand(
      {
        run: planned.folder,
        task: 'syn-sentiment',
        text: ['syn-sentiment sentence: a happy fox'],
        json: true,
      },
      { io: { stdout: (t) => (out += t), stderr: () => undefined }, verbose: false, cwd: dir },
    );
    expect(code).toBe(0);
    const line = JSON.parse(out) as { input: string; prediction: string };
    expect(['negative', 'positive']).toContain(line.prediction);
    await expect(
      predictCommand(
        { run: planned.folder, task: 'syn-nli', text: ['x'], json: false },
        { io: { stdout: () => undefined, stderr: () => undefined }, verbose: false, cwd: dir },
      ),
    ).rejects.toThrow(/--task/);
  });
});
