import { DataError } from '@hyperprompt/core';
import { COMPARISON, SWEEP } from './__fixtures__/runs';
import { ablationRows, attentionRows, learningCurveRows } from './plot-data';
import { findVaryingFields, getConfigField, labelByFields } from './sweep';

describe('learningCurveRows', () => {
  it('averages the benchmark average over seeds at each step, with a ± std band', () => {
    const rows = learningCurveRows(COMPARISON, false);
    const mtl = rows.filter((r) => r.label === 'MTL');
    // Fixture evals: score at step s = best - (100 - s) / 10, so MTL's average at step 0 is 72 - 10.
    expect(mtl.map((r) => [r.task, r.step, r.score, r.seeds])).toEqual([
      ['average', 0, 62, 3],
      ['average', 50, 67, 3],
      ['average', 100, 72, 3],
    ]);
    expect(mtl[2].upper - mtl[2].score).toBeCloseTo(Math.sqrt(5.25), 12);
    expect(mtl[2].score - mtl[2].lower).toBeCloseTo(Math.sqrt(5.25), 12);
    const pt = rows.filter((r) => r.label === 'Prompt-Tuning');
    expect(pt.map((r) => [r.lower, r.upper])).toEqual([
      [45, 45],
      [50, 50],
      [55, 55],
    ]);
  });

  it('gives one series per label and task, grouped by task then step', () => {
    const rows = learningCurveRows(COMPARISON, true).filter((r) => r.label === 'HyperPrompt-Global');
    expect(rows.map((r) => `${r.task}@${r.step}=${r.score}`)).toEqual([
      'rte@0=62',
      'rte@50=67',
      'rte@100=72',
      'sst2@0=74',
      'sst2@50=79',
      'sst2@100=84',
    ]);
  });
});

describe('ablationRows', () => {
  it('plots the best average against the swept field, averaged over seeds', () => {
    const rows = ablationRows(SWEEP, 'methods.0.promptLength');
    expect(rows.map((r) => [r.value, r.group, r.score, r.seeds])).toEqual([
      [4, 'HyperPrompt-Global', 61, 2],
      [8, 'HyperPrompt-Global', 66, 2],
      [16, 'HyperPrompt-Global', 72, 2],
    ]);
    expect(rows[0].upper - rows[0].score).toBeCloseTo(Math.SQRT2, 12); // 60, 62
  });

  it('groups by a config field and scores one task when asked', () => {
    const rows = ablationRows(SWEEP, 'methods.0.promptLength', { groupBy: 'methods.0.kind', metric: 'rte' });
    expect(new Set(rows.map((r) => r.group))).toEqual(new Set(['hyperprompt']));
    expect(rows.map((r) => r.score)).toEqual([61, 66, 72]);
  });

  it('leaves out runs without the field and names what is missing', () => {
    expect(ablationRows([...COMPARISON, ...SWEEP], 'methods.0.promptLength')).toHaveLength(3);
    expect(() => ablationRows(COMPARISON, 'methods.0.promptLength')).toThrow(DataError);
    expect(() => ablationRows(SWEEP, 'methods.0.promptLength', { metric: 'cola' })).toThrow(
      'best.perTask has no task "cola"',
    );
    expect(() => ablationRows(SWEEP, 'methods.0.promptLength', { groupBy: 'nope' })).toThrow(
      'config has no field "nope"',
    );
  });
});

describe('attentionRows', () => {
  it('averages attention mass over tasks and seeds per label, stack and layer', () => {
    const rows = attentionRows(COMPARISON);
    expect(new Set(rows.map((r) => r.label))).toEqual(new Set(['HyperPrompt-Global']));
    expect(rows).toHaveLength(4);
    // mass = base + 0.1 layer + 0.05 (decoder) + 0.01 (sst2); bases 0.2 and 0.4 → mean 0.3, tasks → + 0.005
    const decoder1 = rows.find((r) => r.stack === 'decoder' && r.layer === 1)!;
    expect(decoder1.mass).toBeCloseTo(0.3 + 0.1 + 0.05 + 0.005, 12);
    const encoder0 = rows.find((r) => r.stack === 'encoder' && r.layer === 0)!;
    expect(encoder0.mass).toBeCloseTo(0.305, 12);
  });

  it('is empty when no run measured attention', () => {
    expect(attentionRows(SWEEP)).toEqual([]);
  });
});

describe('getConfigField', () => {
  it('follows dotted paths through objects and arrays', () => {
    const config = { methods: [{ kind: 'hyperprompt', promptLength: 8 }], seed: 1 };
    expect(getConfigField(config, 'methods.0.promptLength')).toBe(8);
    expect(getConfigField(config, 'methods.1.kind')).toBeUndefined();
    expect(getConfigField(config, 'seed.x')).toBeUndefined();
  });
});

describe('findVaryingFields', () => {
  it('finds what a sweep varies, ignoring seeds and output folders', () => {
    expect(findVaryingFields(SWEEP)).toEqual(['methods.0.promptLength']);
  });

  it('finds nothing in a comparison that only varies seeds', () => {
    expect(findVaryingFields(COMPARISON)).toEqual([]);
  });
});

describe('labelByFields', () => {
  it('gives each sweep point its own label and leaves other runs alone', () => {
    const labels = labelByFields([...SWEEP.slice(0, 3), COMPARISON[0]], ['methods.0.promptLength']).map(
      (r) => r.label,
    );
    expect(labels).toEqual([
      'HyperPrompt-Global (promptLength=4)',
      'HyperPrompt-Global (promptLength=4)',
      'HyperPrompt-Global (promptLength=8)',
      'MTL',
    ]);
    expect(SWEEP[0].label).toBe('HyperPrompt-Global');
    expect(labelByFields(SWEEP, [])).toEqual(SWEEP);
  });
});
