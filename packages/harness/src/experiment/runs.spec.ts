import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveExperiment } from './resolve';
import { expandRuns, isDone, RUN_ID_LENGTH, runFolder, runId } from './runs';

describe('runs', () => {
  const experiment = resolveExperiment({ name: 'mtl', tasks: ['syn-nli'], seeds: [0, 1], steps: 5 });

  it('expands seeds into runs with distinct ids that do not contain the seed list', () => {
    const runs = expandRuns(experiment);
    expect(runs.map((r) => r.seed)).toEqual([0, 1]);
    expect(runs[0].id).toMatch(new RegExp(`^[0-9a-f]{${RUN_ID_LENGTH}}$`));
    expect(runs[0].id).not.toBe(runs[1].id);
    expect(runs[0].config).not.toHaveProperty('seeds');
    expect(runs[0].config.seed).toBe(0);
    expect(runs[0].id).toBe(runId(runs[0].config));
  });

  it('gives a run the same id whatever the key order, the other seeds, or the spelling of defaults', () => {
    const [a] = expandRuns(experiment);
    const reordered = resolveExperiment({
      steps: 5,
      seeds: [0],
      tasks: ['syn-nli'],
      name: 'mtl',
      optimizer: { kind: 'adafactor' },
    });
    expect(expandRuns(reordered)[0].id).toBe(a.id);
    const changed = resolveExperiment({ name: 'mtl', tasks: ['syn-nli'], seeds: [0], steps: 6 });
    expect(expandRuns(changed)[0].id).not.toBe(a.id);
  });

  it('locates run folders and tells finished runs by their result.json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hp-runs-'));
    try {
      const [run] = expandRuns(experiment);
      const folder = runFolder(dir, run);
      expect(folder).toBe(join(dir, run.id));
      expect(runFolder(dir, run.id)).toBe(folder);
      expect(isDone(folder)).toBe(false);
      mkdirSync(folder);
      expect(isDone(folder)).toBe(false);
      writeFileSync(join(folder, 'result.json'), '{}');
      expect(isDone(folder)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
