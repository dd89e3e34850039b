import { COMPARISON, makeRun, PAIRED } from './__fixtures__/runs';
import { INTERVALS, type ReferenceInterval, type ReferencePaired } from './__fixtures__/scipy-reference';
import type { PairedDifference } from './stats';
import {
  buildSummary,
  collectTasks,
  MAJORITY_LABEL,
  orderLabels,
  secondarySelection,
  selectedScores,
  type SeedStats,
} from './summary';

/** t_{0.975, 2} and t_{0.975, 1} (SciPy, t-quantiles.json). */
const T2 = 4.302652729749462;
const T1 = 12.706204736174694;

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
    // 60, 62, 64: mean 62, s = 2, half-width t × 2 / √3
    expect(mtl.scores.rte).toMatchObject({
      mean: 62,
      std: 2,
      n: 3,
      t: expect.closeTo(T2, 12),
      confidence: 0.95,
    });
    expect(mtl.scores.rte).toMatchObject({ seeds: [1, 2, 3], values: [60, 62, 64] });
    expect(mtl.scores.rte.halfWidth).toBeCloseTo((T2 * 2) / Math.sqrt(3), 12);
    expect(mtl.scores.sst2.mean).toBe(82); // 80, 81, 85
    expect(mtl.scores.sst2.std).toBeCloseTo(Math.sqrt(7), 12); // (4 + 1 + 9) / 2
    expect(mtl.scores.sst2.halfWidth).toBeCloseTo((T2 * Math.sqrt(7)) / Math.sqrt(3), 12);
    expect(mtl.average.mean).toBe(72); // 70, 71.5, 74.5
    expect(mtl.average.values).toEqual([70, 71.5, 74.5]);
    expect(mtl.average.std).toBeCloseTo(Math.sqrt(5.25), 12); // (4 + 0.25 + 6.25) / 2
    expect(mtl.average.halfWidth).toBeCloseTo((T2 * Math.sqrt(5.25)) / Math.sqrt(3), 12);
    const hp = row('HyperPrompt-Global');
    expect(hp.scores.rte.std).toBeCloseTo(Math.sqrt(8), 12); // 70, 74
    expect(hp.scores.rte.halfWidth).toBeCloseTo((T1 * Math.sqrt(8)) / Math.SQRT2, 12);
    expect(hp.scores.sst2).toEqual({
      mean: 84,
      std: 0,
      n: 2,
      confidence: 0.95,
      t: expect.closeTo(T1, 12),
      halfWidth: 0,
      seeds: [1, 2],
      values: [84, 84],
    });
    expect(hp.addedPercent).toEqual({
      mean: 1.234,
      std: 0,
      n: 2,
      confidence: 0.95,
      t: expect.closeTo(T1, 12),
      halfWidth: 0,
    });
  });

  it('leaves out tasks a label did not train and has no interval for one seed', () => {
    const pt = row('Prompt-Tuning');
    expect(Object.keys(pt.scores)).toEqual(['rte']);
    expect(pt.average).toEqual({
      mean: 55,
      std: null,
      n: 1,
      confidence: 0.95,
      t: null,
      halfWidth: null,
      seeds: [1],
      values: [55],
    });
  });

  it('does not compare averages over different task sets, but pairs the common task', () => {
    const differences = row('Prompt-Tuning').differences;
    expect(differences?.seeds).toEqual([1]);
    expect(differences?.average).toBeNull(); // rte only vs rte + sst2
    expect(differences?.scores.rte).toMatchObject({ seeds: [1], differences: [-5], n: 1, halfWidth: null });
    expect(differences?.scores.sst2).toBeUndefined();
  });

  it('has no majority row when no run recorded baselines', () => {
    expect(summary.majority).toBeNull();
    expect(summary.select).toBe('best-per-task');
    expect(summary.secondarySelect).toBe('last');
    expect(summary.confidence).toBe(0.95);
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

describe('buildSummary with three seeds, a reference and majority baselines (against SciPy)', () => {
  const summary = buildSummary(PAIRED);
  const rows = [...summary.rows, ...(summary.majority ? [summary.majority] : [])];
  const row = (label: string) => rows.find((r) => r.label === label)!;

  const expectInterval = (actual: SeedStats, expected: ReferenceInterval): void => {
    expect(actual.values).toHaveLength(expected.values.length);
    actual.values.forEach((v, i) => expect(v).toBeCloseTo(expected.values[i], 12));
    expect(actual.n).toBe(expected.n);
    expect(actual.mean).toBeCloseTo(expected.mean, 12);
    if (expected.std === null) expect(actual).toMatchObject({ std: null, t: null, halfWidth: null });
    else {
      expect(actual.std).toBeCloseTo(expected.std, 12);
      expect(actual.t).toBeCloseTo(expected.t as number, 12);
      expect(actual.halfWidth).toBeCloseTo(expected.halfWidth as number, 11);
    }
  };
  const expectPaired = (actual: PairedDifference | null | undefined, expected: ReferencePaired): void => {
    expect(actual).toBeDefined();
    const d = actual as PairedDifference;
    expect(d.n).toBe(expected.n);
    d.differences.forEach((v, i) => expect(v).toBeCloseTo(expected.differences[i], 12));
    expect(d.mean).toBeCloseTo(expected.mean, 12);
    expect(d.resolved).toBe(expected.resolved);
    if (expected.halfWidth === null) expect(d.halfWidth).toBeNull();
    else expect(d.halfWidth).toBeCloseTo(expected.halfWidth, 11);
  };

  it('orders rows with the reference first and the majority row apart', () => {
    expect(summary.rows.map((r) => r.label)).toEqual([
      'MTL',
      'Adapters',
      'HyperPrompt-Global',
      'Prompt-Tuning',
    ]);
    expect(summary.majority?.label).toBe(MAJORITY_LABEL);
    expect(Object.keys(INTERVALS.rows).sort()).toEqual(rows.map((r) => r.label).sort());
  });

  it('has the per-task and per-seed-average intervals SciPy computes', () => {
    for (const [label, expected] of Object.entries(INTERVALS.rows)) {
      const actual = row(label);
      expect({ label, seeds: actual.average.seeds }).toEqual({ label, seeds: expected.seeds });
      for (const task of summary.tasks) expectInterval(actual.scores[task], expected.scores[task]);
      expectInterval(actual.average, expected.average);
    }
  });

  it('has the paired differences to MTL that ttest_rel gives, over the common seeds only', () => {
    for (const [label, expected] of Object.entries(INTERVALS.rows)) {
      const actual = row(label).differences;
      if (expected.differences === undefined) {
        expect(actual).toBeNull(); // the reference itself
        continue;
      }
      expect(actual?.reference).toBe('MTL');
      expect({ label, seeds: actual?.seeds }).toEqual({ label, seeds: expected.differences.seeds });
      for (const task of summary.tasks) expectPaired(actual?.scores[task], expected.differences.scores[task]);
      expectPaired(actual?.average, expected.differences.average);
    }
  });

  it('pairs a row lacking one of the reference seeds (and having another) over the common seeds', () => {
    const hp = row('HyperPrompt-Global');
    expect(hp.seeds).toEqual([2, 3, 4]);
    expect(hp.differences?.seeds).toEqual([2, 3]);
    expect(hp.differences?.average?.differences).toEqual([71 - 72.5, 77 - 76.5]);
    expect(hp.differences?.average?.resolved).toBe(false);
    expect(row('Adapters').differences?.average?.resolved).toBe(true);
  });

  it('survives a one-seed row: the mean only, one unresolved pair', () => {
    const pt = row('Prompt-Tuning');
    expect(pt.average).toMatchObject({ n: 1, mean: 66.5, halfWidth: null, t: null });
    expect(pt.differences?.average).toMatchObject({ n: 1, mean: -3.5, halfWidth: null, resolved: false });
  });

  it('keeps the last evaluation beside the best, with its own intervals', () => {
    const mtl = summary.rows[0];
    expect(mtl.secondary.select).toBe('last');
    const expected = INTERVALS.rows.MTL.last!;
    for (const task of summary.tasks) expectInterval(mtl.secondary.scores[task], expected.scores[task]);
    expectInterval(mtl.secondary.average, expected.average);
    expect(summary.rows[1].secondary.average.mean).toBe(summary.rows[1].average.mean); // last = best
  });

  it('builds the majority row from the runs’ baselines, one value per seed', () => {
    const majority = summary.majority!;
    expect(majority.seeds).toEqual([1, 2, 3, 4]);
    expect(majority.scores.rte.values).toEqual([52.7, 53.1, 52.0, 52.7]);
    expect(majority.labels).toEqual({ rte: ['not_entailment', 'entailment'], sst2: ['positive'] });
  });

  it('takes the paired reference from the options, and swaps the selections for select: last', () => {
    const byAdapters = buildSummary(PAIRED, { referenceLabel: 'Adapters' });
    expect(byAdapters.rows[0].label).toBe('Adapters');
    const mtl = byAdapters.rows.find((r) => r.label === 'MTL')!;
    expect(mtl.differences?.reference).toBe('Adapters');
    expect(mtl.differences?.average?.differences).toEqual([-4.5, -3.5, -4]);
    const last = buildSummary(PAIRED, { select: 'last' });
    expect(last.secondarySelect).toBe('best-per-task');
    expect(last.rows[0].average.values).toEqual([69, 71, 75.5]);
    expect(last.rows[0].secondary.average.values).toEqual([70, 72.5, 76.5]);
    expect(secondarySelection('best-average')).toBe('last');
  });

  it('pairs a repeated seed with the mean of its runs', () => {
    const runs = [
      ...PAIRED.slice(0, 3),
      makeRun({ label: 'X', seed: 1, best: { rte: 60, sst2: 84 }, msPerStep: 1, addedPercent: 0 }), // avg 72
      makeRun({ label: 'X', seed: 1, best: { rte: 64, sst2: 84 }, msPerStep: 1, addedPercent: 0 }), // avg 74
    ];
    const x = buildSummary(runs).rows.find((r) => r.label === 'X')!;
    expect(x.seeds).toEqual([1, 1]);
    expect(x.average.n).toBe(2);
    expect(x.differences?.average).toMatchObject({ seeds: [1], differences: [73 - 70], n: 1 });
  });

  it('serialises to JSON with every number summary.json needs', () => {
    const json = JSON.parse(JSON.stringify(summary)) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual([
      'tasks',
      'referenceLabel',
      'runs',
      'select',
      'secondarySelect',
      'confidence',
      'rows',
      'majority',
    ]);
    const adapters = (json.rows as Record<string, unknown>[])[1];
    expect(Object.keys(adapters)).toEqual([
      'label',
      'seeds',
      'scores',
      'average',
      'differences',
      'secondary',
      'addedPercent',
      'msPerStep',
      'relativeStepTime',
    ]);
    expect(Object.keys(adapters.average as object)).toEqual([
      'mean',
      'std',
      'n',
      'confidence',
      't',
      'halfWidth',
      'seeds',
      'values',
    ]);
    const difference = (adapters.differences as { average: object }).average;
    expect(Object.keys(difference)).toEqual([
      'mean',
      'std',
      'n',
      'confidence',
      't',
      'halfWidth',
      'seeds',
      'differences',
      'resolved',
    ]);
  });
});
