/**
 * A diverging run through the CLI (`hyperprompt run`, tiny preset, learning rate 1e30,
 * clipping off, a few steps): a clear DivergenceError line, exit 1, a `result.json` with
 * status `diverged` and no score anywhere; reports leave it out of the scored runs and
 * `predict` refuses it.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@hyperprompt/core';
import { runCli } from '../cli/program';
import { loadResults } from '../report/load';
import { writeReport } from '../report/write-report';
import type { DivergedRunResult } from '../result';
import { runnerHandlers } from './handlers';
import { predictCommand } from './predict';

const EXPERIMENT = {
  name: 'too-hot',
  label: 'MTL-lr1e30',
  backbone: { preset: 'tiny' },
  tasks: ['syn-sentiment', 'syn-color-match'],
  sampler: { batchSize: 4 },
  optimizer: { kind: 'adam', learningRate: 1e30 },
  gradientClipNorm: 0,
  steps: 6,
  evalEvery: 1,
  evalLimit: 4,
  logEvery: 1,
  seeds: [0],
  methods: [],
};

describe('a diverging run', () => {
  let dir: string;
  beforeAll(async () => {
    await initBackend({ prefer: ['wasm'], threads: 1, log: () => undefined });
    dir = mkdtempSync(join(tmpdir(), 'diverging-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('ends with a clear divergence message, exit 1, and no score anywhere', async () => {
    const file = join(dir, 'too-hot.json');
    writeFileSync(file, JSON.stringify(EXPERIMENT));
    let stdout = '';
    let stderr = '';
    const io = { stdout: (t: string) => (stdout += t), stderr: (t: string) => (stderr += t) };
    const code = await runCli(
      ['run', file, '--results', join(dir, 'results'), '--no-progress'],
      runnerHandlers,
      io,
      dir,
    );
    expect(code).toBe(1);
    expect(stdout).toBe(''); // no table, no scores
    const [runId] = readdirSync(join(dir, 'results'));
    const folder = join(dir, 'results', runId);
    const resultFile = join(folder, 'result.json');
    const errorLine = stderr.trim().split('\n').pop() as string;
    expect(errorLine).toMatch(
      new RegExp(
        '^error: DivergenceError: training diverged at step 2: the gradient norm is NaN\\. ' +
          'Lower the learning rate or enable gradient clipping \\(gradientClipNorm\\)\\. ' +
          `The last good checkpoint is kept \\(${join(folder, 'checkpoints', 'step-00000001')}\\); ` +
          `${resultFile} records the run as diverged, with no scores\\.$`,
      ),
    );
    const text = readFileSync(resultFile, 'utf8');
    const result = JSON.parse(text) as DivergedRunResult;
    expect(result).toMatchObject({
      status: 'diverged',
      id: runId,
      label: 'MTL-lr1e30',
      divergence: { step: 2, quantity: 'gradient norm', value: 'NaN', message: errorLine.slice(24) },
      timing: { steps: 1 },
    });
    expect(result.losses.map((l) => l.step)).toEqual([1]);
    // No score anywhere: not in result.json (the evaluation after step 1 included), not on stdout.
    for (const key of ['evals', 'best', 'scores', 'average', 'metrics'])
      expect(text).not.toContain(`"${key}"`);

    // Reports separate it from scored runs.
    const diverged: string[] = [];
    expect(await loadResults(join(dir, 'results'), (f) => diverged.push(f))).toEqual([]);
    expect(diverged).toEqual([resultFile]);
    await expect(loadResults(join(dir, 'results'))).rejects.toThrow(
      /no completed run: all 1 diverged \(e\.g\. .*result\.json: step 2, gradient norm NaN\), and diverged runs have no scores/,
    );

    // The report lists it as diverged, with no score.
    const report = await writeReport(join(dir, 'results'), join(dir, 'report'));
    expect(report.table).toContain('No run finished with scores.');
    expect(report.table).toContain(
      `- MTL-lr1e30 seed 0: diverged at step 2 (gradient norm NaN), \`${runId}\``,
    );
    expect(readFileSync(report.report, 'utf8')).toContain('diverged at step 2');

    // predict refuses it rather than predicting with a diverged model.
    const quiet = { stdout: () => undefined, stderr: () => undefined };
    await expect(
      predictCommand(
        { run: folder, task: 'syn-sentiment', text: ['x'], json: false },
        { io: quiet, verbose: false, cwd: dir },
      ),
    ).rejects.toThrow(/the run diverged at step 2 \(its gradient norm was NaN\) and has no trained result/);
  });
});
