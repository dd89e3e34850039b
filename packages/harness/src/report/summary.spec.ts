import { COMPARISON, makeRun } from './__fixtures__/runs';
import { buildSummary, collectTasks, orderLabels, selectedScores } from './summary';

describe('orderLabels', () => {
  const labels = ['Prompt-Tuning', 'HyperPrompt-Share', 'MTL', 'Adapters', 'P (len=16)', 'P (len=4)'];

  it('puts MTL first, then sorts alphabetically with numbers by value', () => {
    expect(orderLabels(labels)).toEqual([
      'MTL',
      'Adapters',
      'HyperPrompt-Share',
      'P (len=4)',
      'P (len=16)',
      'Prompt-Tuning',
    ]);
  });

  it('follows a given order first, dropping absent labels', () => {
    expect(orderLabels(labels, ['Prompt-Tuning', 'Nope', 'MTL'])).toEqual([
      'Prompt-Tuning',
      'MTL',
      'Adapters',
      'HyperPrompt-Share',
      'P (len=4)',
      'P (len=16)',
    ]);
  });
});

describe('buildSummary', () => {
  const summary = buildSummary(COMPARISON);
  const row = (label: string) => summary.rows.find((r) => r.label === label)!;

  it('has one row per label, MTL first, and the tasks of every run', () => {
    expect(summary.rows.map((r) => r.label)).toEqual(['MTL', 'HyperPrompt-Global', 'Prompt-Tuning']);
    expect(summary.tasks).toEqual(['rte', 'sst2']);
    expect(collectTasks(COMPARISON.slice(5))).toEqual(['rte']);
    expect(summary.runs).toBe(6);
    expect(summary.referenceLabel).toBe('MTL');
  });

  it('aggregates the best per-task scores over seeds (hand-computed)', () => {
    const mtl = row('MTL');
    expect(mtl.seeds).toEqual([1, 2, 3]);
    expect(mtl.scores.rte).toEqual({ mean: 62, std: 2, n: 3 }); // 60, 62, 64
    expect(mtl.scores.sst2.mean).toBe(82); // 80, 81, 85
    expect(mtl.scores.sst2.std).toBeCloseTo(Math.sqrt(7), 12); // (4 + 1 + 9) / 2
    expect(mtl.average.mean).toBe(72); // 70, 71.5, 74.5
    expect(mtl.average.std).toBeCloseTo(Math.sqrt(5.25), 12); // (4 + 0.25 + 6.25) / 2
    const hp = row('HyperPrompt-Global');
    expect(hp.scores.rte.std).toBeCloseTo(Math.sqrt(8), 12); // 70, 74
    expect(hp.scores.sst2).toEqual({ mean: 84, std: 0, n: 2 });
    expect(hp.addedPercent).toEqual({ mean: 1.234, std: 0, n: 2 });
  });

  it('leaves out tasks a label did not train and has no std for one seed', () => {
    const pt = row('Prompt-Tuning');
    expect(Object.keys(pt.scores)).toEqual(['rte']);
    expect(pt.average).toEqual({ mean: 55, std: null, n: 1 });
  });

  it('divides each run’s ms/step by the reference label’s mean', () => {
    const mtl = row('MTL').relativeStepTime; // 100, 110, 90 over a mean of 100
    expect(mtl.mean).toBeCloseTo(1, 12);
    expect(mtl.std).toBeCloseTo(0.1, 12);
    const hp = row('HyperPrompt-Global').relativeStepTime; // 104, 106
    expect(hp.mean).toBeCloseTo(1.05, 12);
    expect(hp.std).toBeCloseTo(Math.SQRT2 / 100, 12);
    expect(row('Prompt-Tuning').relativeStepTime.mean).toBeCloseTo(0.95, 12);
  });

  it('uses another reference label, or the first row when the reference is absent', () => {
    const byPt = buildSummary(COMPARISON, { referenceLabel: 'Prompt-Tuning' });
    expect(byPt.rows[0].label).toBe('Prompt-Tuning');
    expect(byPt.rows[0].relativeStepTime.mean).toBe(1);
    const noMtl = buildSummary(COMPARISON.slice(3), { order: ['Prompt-Tuning'] });
    expect(noMtl.referenceLabel).toBe('Prompt-Tuning');
    expect(noMtl.rows.map((r) => r.label)).toEqual(['Prompt-Tuning', 'HyperPrompt-Global']);
  });

  it('refuses an empty list of runs', () => {
    expect(() => buildSummary([])).toThrow(RangeError);
    expect(
      buildSummary([makeRun({ label: 'A', seed: 1, best: { x: 1 }, msPerStep: 2, addedPercent: 0 })]).rows,
    ).toHaveLength(1);
  });
});

describe('selectedScores', () => {
  // Per-task bests at different steps: a peaks at step 50, b at step 100.
  const run = (() => {
    const base = makeRun({ label: 'X', seed: 0, best: { a: 80, b: 60 }, msPerStep: 1, addedPercent: 0 });
    const evals = [
      { step: 50, metrics: {}, scores: { a: 80, b: 40 }, average: 60 },
      { step: 100, metrics: {}, scores: { a: 70, b: 60 }, average: 65 },
      { step: 150, metrics: {}, scores: { a: 60, b: 50 }, average: 55 },
    ];
    const best = {
      perTask: { a: { step: 50, score: 80 }, b: { step: 100, score: 60 } },
      perTaskAverage: 70,
      average: { step: 100, score: 65 },
    };
    return { ...base, evals, best };
  })();

  it('takes each task’s best (T5 convention), the best-average evaluation, or the last one', () => {
    expect(selectedScores(run, 'best-per-task')).toEqual({ scores: { a: 80, b: 60 }, average: 70 });
    expect(selectedScores(run, 'best-average')).toEqual({ scores: { a: 70, b: 60 }, average: 65 });
    expect(selectedScores(run, 'last')).toEqual({ scores: { a: 60, b: 50 }, average: 55 });
  });

  it('feeds the summary rows', () => {
    const row = buildSummary([run], { select: 'last' }).rows[0];
    expect(row.scores.a.mean).toBe(60);
    expect(row.average.mean).toBe(55);
  });
});
