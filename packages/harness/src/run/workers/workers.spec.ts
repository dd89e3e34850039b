/**
 * Runs in worker processes (tiny T5, synthetic tasks, a few steps): the same result files as
 * one after the other in this process, a failing run that does not stop the others, and an
 * interrupt that stops the active runs with checkpoints that a rerun resumes. Under jest the
 * workers run the TypeScript sources (register-ts.js), so no build is needed.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@hyperprompt/core';
import { type LoadedExperiment, type PlannedRun, planRuns, resolveExperiment } from '../../experiment';
import { RUN_CHECKPOINT_DIR } from '../execute-run';
import { runPlan } from '../run-plan';
import { defaultWorkers } from './parallelism';

const TASKS = ['syn-sentiment', 'syn-color-match'];

function experiment(
  name: string,
  methods: unknown[],
  options: { seeds?: number[]; steps?: number; evalEvery?: number; tasks?: string[]; data?: unknown } = {},
): LoadedExperiment {
  const sizes = Object.fromEntries(TASKS.map((t) => [t, { train: 64, validation: 8, test: 4 }]));
  const config = resolveExperiment({
    name,
    methods,
    tasks: options.tasks ?? TASKS,
    data: options.data ?? { embedded: { synthetic: { seed: 0, sizes } } },
    sampler: { batchSize: 8 },
    optimizer: { kind: 'adam', learningRate: 0.003 },
    // Dropout on: the runs' random streams must match too, not only their arithmetic.
    dropout: 0.1,
    steps: options.steps ?? 4,
    evalEvery: options.evalEvery ?? 2,
    logEvery: 1,
    seeds: options.seeds ?? [0],
  });
  return { config, source: `${name}.json`, baseDir: '.' };
}

const EXPERIMENTS = [
  experiment('mtl', [], { seeds: [0, 1] }),
  experiment('pt', [{ kind: 'prompt-tuning', promptLength: 2 }]),
  experiment('hp', [{ kind: 'hyperprompt', variant: 'global', promptLength: 2 }]),
];

/** A run's result.json without what legitimately differs between two executions. */
function scores(planned: PlannedRun): string {
  const result = JSON.parse(readFileSync(join(planned.folder, 'result.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  delete result.timing;
  delete result.finishedAt;
  return JSON.stringify(result);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// Each test starts worker processes that load tfjs and compile the sources: minutes on a
// loaded 2-core machine.
jest.setTimeout(300_000);

describe('runPlan in worker processes', () => {
  let dir: string;
  beforeAll(async () => {
    await initBackend({ prefer: ['wasm'], threads: 1, log: () => undefined });
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'workers-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the same result files as one after the other in this process, bit for bit', async () => {
    const sequential = planRuns(EXPERIMENTS, join(dir, 'sequential'));
    const parallel = planRuns(EXPERIMENTS, join(dir, 'parallel'));
    expect(parallel).toHaveLength(4);
    const inProcess = await runPlan(sequential, { workers: 1 });
    const lines: string[] = [];
    const inWorkers = await runPlan(parallel, {
      workers: 2,
      backend: { prefer: ['wasm'] },
      write: (text) => lines.push(text),
    });
    expect(inProcess.map((o) => o.status)).toEqual(['ran', 'ran', 'ran', 'ran']);
    expect(inWorkers.map((o) => [o.planned.run.id, o.status])).toEqual(
      parallel.map((p) => [p.run.id, 'ran']),
    );
    // Two worker processes shared the runs, and both have exited.
    const pids = new Set(inWorkers.map((o) => o.pid));
    expect(pids.size).toBe(2);
    expect(pids.has(process.pid)).toBe(false);
    for (const pid of pids) expect(alive(pid ?? 0)).toBe(false);
    for (const [i, planned] of parallel.entries()) {
      expect(planned.run.id).toBe(sequential[i].run.id);
      expect(JSON.parse(scores(planned))).toEqual(JSON.parse(scores(sequential[i])));
      expect(scores(planned)).toBe(scores(sequential[i]));
      expect(inWorkers[i].result?.evals).toEqual(inProcess[i].result?.evals);
    }
    expect(lines.join('')).toMatch(/^\[1\/4\] MTL seed 0: average \d/m);
  });

  it('reports a failing run with its id and finishes the others', async () => {
    const broken = experiment('broken', [], { tasks: ['rte'], data: { dir: join(dir, 'no-such-data') } });
    const plan = planRuns([broken, experiment('mtl', [])], join(dir, 'results'));
    const lines: string[] = [];
    const outcomes = await runPlan(plan, { workers: 2, write: (text) => lines.push(text) });
    expect(outcomes.map((o) => o.status)).toEqual(['failed', 'ran']);
    expect(outcomes[0].error).toMatch(/^ConfigError: backbone: .*tokenizer/);
    expect(lines.join('')).toContain(`[1/2] MTL seed 0: run ${plan[0].run.id} failed: `);
    expect(existsSync(join(plan[1].folder, 'result.json'))).toBe(true);
  });

  it('an interrupt stops the active runs with checkpoints; a rerun resumes them', async () => {
    const long = [experiment('mtl', [], { seeds: [0, 1, 2], steps: 12, evalEvery: 4 })];
    const straight = planRuns(long, join(dir, 'straight'));
    await runPlan(straight, { workers: 1 });
    const controller = new AbortController();
    const started = new Set<string>();
    const plan = planRuns(long, join(dir, 'interrupted'));
    const first = await runPlan(plan, {
      workers: 2,
      signal: controller.signal,
      write: (text) => {
        // Once both workers are training, interrupt.
        const stepping = /^(\[\d\/3\]) MTL seed \d step \d+\/12 /.exec(text);
        if (stepping !== null) started.add(stepping[1]);
        if (started.size === 2) controller.abort();
      },
    });
    // The third run never started; the two active ones stopped with a checkpoint.
    expect(first.map((o) => o.status)).toEqual(['aborted', 'aborted']);
    for (const o of first) {
      expect(existsSync(join(o.planned.folder, RUN_CHECKPOINT_DIR, 'latest.json'))).toBe(true);
      expect(existsSync(join(o.planned.folder, 'result.json'))).toBe(false);
      expect(alive(o.pid ?? 0)).toBe(false);
    }
    const lines: string[] = [];
    const again = await runPlan(planRuns(long, join(dir, 'interrupted')), {
      workers: 2,
      write: (text) => lines.push(text),
    });
    expect(again.map((o) => o.status)).toEqual(['ran', 'ran', 'ran']);
    for (const o of first)
      expect(lines.join('')).toMatch(new RegExp(`resuming ${o.planned.run.id} at step \\d`));
    for (const [i, planned] of plan.entries()) expect(scores(planned)).toBe(scores(straight[i]));
  });

  it('defaults to one worker per core for small backbones, at most one per pending run', async () => {
    const plan = planRuns(EXPERIMENTS, dir);
    expect(await defaultWorkers(plan, { cores: 2, env: {} })).toBe(2);
    expect(await defaultWorkers(plan, { cores: 8, env: {} })).toBe(4);
    expect(await defaultWorkers(plan.slice(0, 1), { cores: 8, env: {} })).toBe(1);
    expect(await defaultWorkers(plan, { cores: 8, env: { HYPERPROMPT_THREADS: '2' } })).toBe(1);
    expect(await defaultWorkers(plan, { cores: 8, env: {}, backend: { threads: 2 } })).toBe(1);
    expect(await defaultWorkers(plan, { cores: 8, env: {}, backend: { prefer: ['tensorflow'] } })).toBe(1);
    const big = experiment('big', []);
    const t5Small = {
      ...big,
      config: { ...big.config, backbone: { preset: 't5-small' } },
    } as LoadedExperiment;
    expect(await defaultWorkers(planRuns([t5Small, ...EXPERIMENTS], dir), { cores: 8, env: {} })).toBe(1);
    // A task registered in this process only (workers start from the default registry).
    const own = { ...big, config: { ...big.config, tasks: ['my/own-task'] } } as LoadedExperiment;
    expect(await defaultWorkers(planRuns([own, ...EXPERIMENTS], dir), { cores: 8, env: {} })).toBe(1);
  });
});
