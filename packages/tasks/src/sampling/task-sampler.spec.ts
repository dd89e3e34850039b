import { ConfigError } from '@hyperprompt/core';
import { chiSquare } from './__fixtures__/stats';
import { EpochOrder } from './epoch-order';
import type { MixingStrategy } from './mixing';
import { pickExamples, type SampledBatch, TaskSampler, type TaskSamplerState } from './task-sampler';

const SIZES = [40, 400, 1200, 25];
const STRATEGIES: readonly MixingStrategy[] = [
  { kind: 'proportional' },
  { kind: 'proportional', cap: 300 },
  { kind: 'temperature', temperature: 2 },
  { kind: 'temperature', temperature: 10 },
  { kind: 'uniform' },
];
// 3 degrees of freedom: P(chi2 > 25) ~ 1.6e-5, so a correct sampler fails only by bad luck
// (and the seeds are fixed); a wrong one is far above.
const CHI2_LIMIT = 25;

function drawMany(sampler: TaskSampler, batches: number): SampledBatch[] {
  return Array.from({ length: batches }, () => sampler.next());
}

describe('TaskSampler distributions', () => {
  for (const mixing of STRATEGIES) {
    it(`mixed batches follow ${JSON.stringify(mixing)} per example`, () => {
      const sampler = new TaskSampler({ sizes: SIZES, batchSize: 50, mixing, seed: 11 });
      const counts = SIZES.map(() => 0);
      for (const batch of drawMany(sampler, 400)) for (const t of batch.taskIds) counts[t]++;
      expect(chiSquare(counts, sampler.probabilities)).toBeLessThan(CHI2_LIMIT);
    });

    it(`single-task batches follow ${JSON.stringify(mixing)} per batch`, () => {
      const sampler = new TaskSampler({
        sizes: SIZES,
        batchSize: 4,
        mixing,
        batchMode: 'single-task',
        seed: 12,
      });
      const counts = SIZES.map(() => 0);
      for (const batch of drawMany(sampler, 20000)) counts[batch.taskIds[0]]++;
      expect(chiSquare(counts, sampler.probabilities)).toBeLessThan(CHI2_LIMIT);
    });
  }

  it('the check has power: proportional draws are far from the uniform target', () => {
    const sampler = new TaskSampler({ sizes: SIZES, batchSize: 50, seed: 11 });
    const counts = SIZES.map(() => 0);
    for (const batch of drawMany(sampler, 100)) for (const t of batch.taskIds) counts[t]++;
    expect(chiSquare(counts, [0.25, 0.25, 0.25, 0.25])).toBeGreaterThan(1000);
  });
});

describe('TaskSampler batches', () => {
  it('single-task batches hold one task; mixed batches hold several', () => {
    const single = new TaskSampler({
      sizes: SIZES,
      batchSize: 16,
      batchMode: 'single-task',
      mixing: { kind: 'uniform' },
    });
    const mixed = new TaskSampler({ sizes: SIZES, batchSize: 16, mixing: { kind: 'uniform' } });
    for (const batch of drawMany(single, 50)) expect(new Set(batch.taskIds).size).toBe(1);
    const distinct = drawMany(mixed, 50).map((batch) => new Set(batch.taskIds).size);
    expect(Math.max(...distinct)).toBeGreaterThan(1);
    expect(distinct.every((d) => d >= 2)).toBe(true);
  });

  it('has batchSize task ids and in-range indices', () => {
    const sampler = new TaskSampler({ sizes: SIZES, batchSize: 9, seed: 3 });
    for (const { taskIds, indices } of drawMany(sampler, 30)) {
      expect(taskIds).toHaveLength(9);
      indices.forEach((index, b) => {
        expect(Number.isInteger(index)).toBe(true);
        expect(index).toBeGreaterThanOrEqual(0);
        expect(index).toBeLessThan(SIZES[taskIds[b]]);
      });
    }
    expect(sampler.batches).toBe(30);
  });

  it('is deterministic per seed and differs across seeds', () => {
    const run = (seed: number): SampledBatch[] =>
      drawMany(new TaskSampler({ sizes: SIZES, batchSize: 8, seed }), 20);
    expect(run(5)).toEqual(run(5));
    expect(run(5)).not.toEqual(run(6));
  });

  it('visits every example of a task once per epoch, reshuffled each epoch', () => {
    const sizes = [7, 13];
    const sampler = new TaskSampler({ sizes, batchSize: 3, seed: 9, mixing: { kind: 'uniform' } });
    const seen: number[][] = [[], []];
    for (const batch of drawMany(sampler, 200))
      batch.taskIds.forEach((t, b) => seen[t].push(batch.indices[b]));
    sizes.forEach((n, t) => {
      const epochs = Math.floor(seen[t].length / n);
      expect(epochs).toBeGreaterThanOrEqual(3);
      const orders = Array.from({ length: epochs }, (_, e) => seen[t].slice(e * n, (e + 1) * n));
      for (const order of orders) expect([...order].sort((a, b) => a - b)).toEqual([...Array(n).keys()]);
      expect(new Set(orders.map((o) => o.join(','))).size).toBeGreaterThan(1);
      expect(sampler.epochs()[t]).toBe(epochs);
    });
  });

  it('single-task batches larger than the task roll over into the next epoch', () => {
    const sampler = new TaskSampler({ sizes: [3], batchSize: 7, batchMode: 'single-task' });
    const { indices } = sampler.next();
    const order = new EpochOrder(3, 0, 0);
    expect(indices).toEqual(Array.from({ length: 7 }, () => order.next()));
    expect(sampler.epochs()).toEqual([2]);
  });

  it('picks the referenced examples', () => {
    const tasks = [
      ['a0', 'a1'],
      ['b0', 'b1', 'b2'],
    ];
    expect(pickExamples({ taskIds: [1, 0, 1], indices: [2, 0, 0] }, tasks)).toEqual(['b2', 'a0', 'b0']);
    expect(() => pickExamples({ taskIds: [2], indices: [0] }, tasks)).toThrow(/batch\[0\]/);
    expect(() => pickExamples({ taskIds: [0], indices: [2] }, tasks)).toThrow(ConfigError);
  });
});

describe('TaskSampler resumption', () => {
  for (const batchMode of ['mixed', 'single-task'] as const) {
    it(`continues identically from a JSON snapshot (${batchMode})`, () => {
      const options = {
        sizes: SIZES,
        batchSize: 6,
        batchMode,
        mixing: { kind: 'temperature', temperature: 3 },
        seed: 21,
      } as const;
      const original = new TaskSampler(options);
      drawMany(original, 137); // N batches, crossing epochs of the small tasks
      const snapshot = JSON.stringify(original.state());
      const continued = drawMany(original, 60); // M more
      const restored = TaskSampler.fromState(JSON.parse(snapshot) as TaskSamplerState, options);
      expect(restored.batches).toBe(137);
      expect(drawMany(restored, 60)).toEqual(continued);
      expect(restored.state()).toEqual(original.state());
    });
  }

  it('state is plain JSON', () => {
    const sampler = new TaskSampler({
      sizes: [5, 6],
      batchSize: 2,
      mixing: { kind: 'proportional', cap: 5 },
    });
    sampler.next();
    const state = sampler.state();
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
    expect(state.options).toEqual({
      sizes: [5, 6],
      batchSize: 2,
      mixing: { kind: 'proportional', cap: 5 },
      batchMode: 'mixed',
      seed: 0,
    });
  });

  it('refuses a state saved with other options, or malformed', () => {
    const sampler = new TaskSampler({ sizes: [5, 6], batchSize: 2 });
    const state = sampler.state();
    expect(() => TaskSampler.fromState(state, { sizes: [5, 7], batchSize: 2 })).toThrow(
      /state\.options\.sizes/,
    );
    expect(() => TaskSampler.fromState(state, { sizes: [5, 6], batchSize: 2, seed: 1 })).toThrow(
      /state\.options\.seed/,
    );
    expect(() => TaskSampler.fromState({ ...state, version: 2 } as unknown as TaskSamplerState)).toThrow(
      /state\.version/,
    );
    expect(() => TaskSampler.fromState({ ...state, cursors: [state.cursors[0]] })).toThrow(/state\.cursors/);
    expect(() =>
      TaskSampler.fromState({ ...state, cursors: [{ epoch: 0, position: 5 }, state.cursors[1]] }),
    ).toThrow(/state\.cursors\[0\]\.position/);
    expect(() => TaskSampler.fromState({ ...state, batches: -1 })).toThrow(/state\.batches/);
    expect(() =>
      TaskSampler.fromState({ ...state, rng: { seed: 1 } } as unknown as TaskSamplerState),
    ).toThrow(/state\.rng/);
  });

  it('validates options, naming the field', () => {
    expect(() => new TaskSampler({ sizes: [3], batchSize: 0 })).toThrow(/sampler\.batchSize/);
    expect(() => new TaskSampler({ sizes: [], batchSize: 1 })).toThrow(/sampler\.sizes/);
    expect(() => new TaskSampler({ sizes: [3], batchSize: 1, seed: -1 })).toThrow(/sampler\.seed/);
    expect(() => new TaskSampler({ sizes: [3], batchSize: 1, batchMode: 'per-task' as 'mixed' })).toThrow(
      /sampler\.batchMode/,
    );
    expect(
      () =>
        new TaskSampler({ sizes: [3], batchSize: 1, batch: 2 } as unknown as {
          sizes: number[];
          batchSize: number;
        }),
    ).toThrow(/sampler\.batch/);
  });
});
