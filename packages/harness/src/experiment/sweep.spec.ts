import { ConfigError } from '@hyperprompt/core';
import type { ExperimentFile } from './file-types';
import { expandSweep, setPath } from './sweep';

const base: ExperimentFile = {
  name: 'base',
  tasks: ['syn-sentiment', 'syn-nli'],
  methods: [{ kind: 'prompt-tuning', promptLength: 20 }],
  steps: 10,
};

describe('setPath', () => {
  it('replaces a value at a dotted path in a copy, creating missing objects', () => {
    const root = { methods: [{ kind: 'x', n: 1 }], sampler: undefined };
    const copy = setPath(root, 'methods.0.n', 5);
    expect(copy).toEqual({ methods: [{ kind: 'x', n: 5 }] });
    expect(root.methods[0].n).toBe(1);
    expect(setPath({}, 'sampler.batchSize', 8)).toEqual({ sampler: { batchSize: 8 } });
  });

  it('rejects paths through missing array entries and scalars', () => {
    expect(() => setPath({ methods: [] }, 'methods.0.n', 1)).toThrow(ConfigError);
    expect(() => setPath({ methods: [] }, 'methods.0.n', 1)).toThrow(
      'grid.methods.0.n: got "methods.0", expected an index in [0, 0)',
    );
    expect(() => setPath({ steps: 3 }, 'steps.x', 1)).toThrow('a path through objects and arrays only');
    expect(() => setPath({}, 'a..b', 1)).toThrow('a dotted path');
  });
});

describe('expandSweep', () => {
  it('expands the cartesian product (first path slowest), naming and labelling each point', () => {
    const points = expandSweep({
      name: 'ablation',
      base,
      grid: { 'methods.0.promptLength': [4, 8, 16], 'sampler.batchMode': ['mixed', 'single-task'] },
    });
    expect(points.map((p) => p.experiment.name)).toEqual([
      'ablation/promptLength=4,batchMode=mixed',
      'ablation/promptLength=4,batchMode=single-task',
      'ablation/promptLength=8,batchMode=mixed',
      'ablation/promptLength=8,batchMode=single-task',
      'ablation/promptLength=16,batchMode=mixed',
      'ablation/promptLength=16,batchMode=single-task',
    ]);
    expect(points[3].values).toEqual({ 'methods.0.promptLength': 8, 'sampler.batchMode': 'single-task' });
    expect(points[3].experiment.methods[0]).toMatchObject({ promptLength: 8 });
    expect(points[3].experiment.sampler.batchMode).toBe('single-task');
    expect(points[3].experiment.label).toBe('Prompt-Tuning'); // reports label points by the swept fields
    expect(points[0].experiment.steps).toBe(10);
  });

  it('uses whole paths when last segments collide, and keeps a label the grid sets', () => {
    const points = expandSweep({
      name: 's',
      base: { ...base, methods: [...(base.methods ?? []), { kind: 'prompt-tuning', shared: true }] },
      grid: { 'methods.0.promptLength': [2], 'methods.1.promptLength': [3], label: ['mine'] },
    });
    expect(points[0].experiment.name).toBe('s/methods.0.promptLength=2,methods.1.promptLength=3,label=mine');
    expect(points[0].experiment.label).toBe('mine');
  });

  it('names the sweep point and field of a bad value', () => {
    expect(() =>
      expandSweep({ name: 's', base, grid: { 'methods.0.promptLength': [4, 0] } }, 's.json'),
    ).toThrow('s.json [s/promptLength=0]: methods.0.promptLength: got 0, expected a positive integer');
    expect(() => expandSweep({ name: 's', base, grid: { 'sampler.batchSizes': [4] } }, 's.json')).toThrow(
      's.json [s/batchSizes=4]: sampler.batchSizes: got "unknown field"',
    );
    expect(() => expandSweep({ name: 's', base, grid: { steps: [] } })).toThrow(
      'grid.steps: got [], expected a non-empty list',
    );
    expect(() => expandSweep({ name: 's', base, grid: {} })).toThrow('at least one field path');
    expect(() => expandSweep({ name: 's', base: 'base.json', grid: { steps: [1] } })).toThrow(
      'use loadSweep',
    );
  });
});
