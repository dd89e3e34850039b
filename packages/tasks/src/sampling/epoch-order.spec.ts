import { ConfigError } from '@hyperprompt/core';
import { EpochOrder } from './epoch-order';

describe('EpochOrder', () => {
  it('hands out a permutation per epoch and reshuffles', () => {
    const order = new EpochOrder(10, 1, 0);
    const epochs = Array.from({ length: 4 }, () => Array.from({ length: 10 }, () => order.next()));
    for (const e of epochs) expect([...e].sort((a, b) => a - b)).toEqual([...Array(10).keys()]);
    expect(new Set(epochs.map((e) => e.join(','))).size).toBe(4);
    expect(order.epoch).toBe(4);
    expect(Array.from(order.orderOfEpoch(2))).toEqual(epochs[2]);
  });

  it('depends on seed and task id', () => {
    const first = (seed: number, task: number): number[] =>
      Array.from(new EpochOrder(20, seed, task).orderOfEpoch(0));
    expect(first(1, 0)).toEqual(first(1, 0));
    expect(first(1, 0)).not.toEqual(first(2, 0));
    expect(first(1, 0)).not.toEqual(first(1, 1));
  });

  it('resumes from a cursor', () => {
    const a = new EpochOrder(6, 3, 2);
    for (let i = 0; i < 9; i++) a.next();
    expect(a.cursor()).toEqual({ epoch: 1, position: 3 });
    const b = new EpochOrder(6, 3, 2, a.cursor());
    expect(Array.from({ length: 10 }, () => b.next())).toEqual(Array.from({ length: 10 }, () => a.next()));
  });

  it('rejects bad arguments', () => {
    expect(() => new EpochOrder(0, 1, 0)).toThrow(ConfigError);
    expect(() => new EpochOrder(3, -1, 0)).toThrow(/seed/);
    expect(() => new EpochOrder(3, 1, 0, { epoch: 0, position: 3 })).toThrow(/position/);
    expect(() => new EpochOrder(3, 1, 0, { epoch: -1, position: 0 })).toThrow(/epoch/);
  });
});
