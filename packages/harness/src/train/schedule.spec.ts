/** Learning-rate schedules and global-norm clipping. */
import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '@hyperprompt/core';
import { expectNoTensorLeak } from '@hyperprompt/core/testing';
import { clipByGlobalNorm, globalNorm } from './schedule';
import { createSchedule, resolveSchedule } from './schedule';

describe('createSchedule', () => {
  it('constant and warmup-constant', () => {
    expect([1, 10, 1000].map(createSchedule({ lr: 1e-3 }))).toEqual([1e-3, 1e-3, 1e-3]);
    const warm = createSchedule({ kind: 'warmup-constant', lr: 1, warmupSteps: 4 });
    expect([1, 2, 4, 5, 100].map(warm)).toEqual([0.25, 0.5, 1, 1, 1]);
  });

  it('linear warm-up then linear decay to 0 at totalSteps (HF get_linear_schedule_with_warmup)', () => {
    const lr = createSchedule({ kind: 'linear', lr: 2, warmupSteps: 4, totalSteps: 12 });
    expect([1, 2, 4, 8, 11, 12, 13].map(lr)).toEqual([0.5, 1, 2, 1, 0.25, 0, 0]);
    const noWarmup = createSchedule({ kind: 'linear', lr: 1, totalSteps: 10 });
    expect([1, 5, 10].map(noWarmup)).toEqual([0.9, 0.5, 0]);
  });

  it('inverse square root: lr / sqrt(max(step, warmup)), T5 relative step with lr 1', () => {
    const lr = createSchedule({ kind: 'inverse-sqrt', lr: 1, warmupSteps: 10000 });
    expect(lr(1)).toBeCloseTo(1e-2, 12);
    expect(lr(10000)).toBeCloseTo(1e-2, 12);
    expect(lr(40000)).toBeCloseTo(5e-3, 12);
    expect(createSchedule({ kind: 'inverse-sqrt', lr: 1 })(4)).toBe(0.5);
  });

  it('rejects bad configs and steps', () => {
    expect(() => resolveSchedule({ kind: 'cosine' as never })).toThrow(/schedule.kind/);
    expect(() => resolveSchedule({ lr: 0 })).toThrow(/schedule.lr/);
    expect(() => resolveSchedule({ kind: 'linear', warmupSteps: 5, totalSteps: 5 })).toThrow(/totalSteps/);
    expect(() => resolveSchedule({ warmup: 3 } as never)).toThrow(ConfigError);
    expect(() => createSchedule()(0)).toThrow(/step/);
  });
});

describe('clipByGlobalNorm', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('scales all gradients by maxNorm / norm when the global norm is larger', async () => {
    const grads = [tf.tensor1d([3, 0]), tf.tensor2d([[0, 4]])]; // global norm 5
    expect(globalNorm(grads)).toBeCloseTo(5, 6);
    const out = await expectNoTensorLeak(() => {
      const r = clipByGlobalNorm(grads, 1);
      const values = r.grads.map((g) => Array.from(g.dataSync()));
      tf.dispose(r.grads);
      return { ...r, values };
    }, 'clipping');
    expect(out.clipped).toBe(true);
    expect(out.norm).toBeCloseTo(5, 6);
    expect(out.values[0][0]).toBeCloseTo(0.6, 5);
    expect(out.values[1][1]).toBeCloseTo(0.8, 5);
    tf.dispose(grads);
  });

  it('leaves gradients alone under the limit or with Infinity, and rejects a bad limit', () => {
    const grads = [tf.tensor1d([0.3, 0.4])];
    const under = clipByGlobalNorm(grads, 1);
    expect(under.clipped).toBe(false);
    expect(under.grads[0]).toBe(grads[0]);
    expect(clipByGlobalNorm(grads, Infinity).clipped).toBe(false);
    expect(() => clipByGlobalNorm(grads, 0)).toThrow(/clipNorm/);
    expect(globalNorm([])).toBe(0);
    tf.dispose(grads);
  });
});
