import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoadedExperiment } from './files';
import { formatRunPlan, planRuns } from './plan';
import { resolveExperiment } from './resolve';

const loaded = (name: string, seeds: number[]): LoadedExperiment => ({
  config: resolveExperiment({ name, tasks: ['syn-nli'], seeds }),
  source: `${name}.json`,
  baseDir: '.',
});

describe('planRuns', () => {
  const experiments = [loaded('a', [0, 1, 2]), loaded('b', [0, 1])];

  it('lists every run in order, filters seeds, and shards round-robin without overlap', () => {
    const all = planRuns(experiments, 'results');
    expect(all.map((p) => `${p.run.experiment.name}:${p.run.seed}`)).toEqual([
      'a:0',
      'a:1',
      'a:2',
      'b:0',
      'b:1',
    ]);
    expect(planRuns(experiments, 'results', { seeds: [1, 7] }).map((p) => p.run.seed)).toEqual([1, 1]);
    const shards = [0, 1].map((index) => planRuns(experiments, 'results', { shard: { index, count: 2 } }));
    expect(shards.map((s) => s.length)).toEqual([3, 2]);
    expect(new Set([...shards[0], ...shards[1]].map((p) => p.run.id)).size).toBe(5);
  });

  it('marks runs with a result.json as done and prints the plan', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hp-plan-'));
    try {
      const [first] = planRuns(experiments, dir);
      mkdirSync(first.folder);
      writeFileSync(join(first.folder, 'result.json'), '{}');
      const plan = planRuns(experiments, dir);
      expect(plan.map((p) => p.done)).toEqual([true, false, false, false, false]);
      const text = formatRunPlan(plan);
      expect(text.split('\n')[0]).toBe(`run id${' '.repeat(10)}  seed  status   experiment`);
      expect(text).toContain(`${first.run.id}  0     done     a`);
      expect(text.endsWith('5 runs, 4 pending')).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
