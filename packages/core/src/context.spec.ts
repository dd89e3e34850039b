import * as tf from '@tensorflow/tfjs';
import { assertKnownTasks, createForwardContext } from './context';
import { ConfigError, ShapeError } from './errors';
import { Rng } from './rng';

describe('createForwardContext', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('keeps per-example task ids and lists the tasks present', () => {
    const ctx = createForwardContext({
      taskIds: [2, 0, 2, 1, 0],
      numTasks: 4,
      training: true,
      rng: new Rng(1),
    });
    expect(ctx.batchSize).toBe(5);
    expect(ctx.training).toBe(true);
    expect(ctx.taskIds.dtype).toBe('int32');
    expect(Array.from(ctx.taskIds.dataSync())).toEqual([2, 0, 2, 1, 0]);
    expect(ctx.tasksPresent).toEqual([0, 1, 2]);
    expect(Array.from(ctx.taskRows.dataSync())).toEqual([2, 0, 2, 1, 0]);
    ctx.dispose();
  });

  it('maps examples to rows of the tasks present when some tasks are absent', () => {
    const ctx = createForwardContext({ taskIds: Int32Array.from([5, 3, 5]), numTasks: 6 });
    expect(ctx.tasksPresent).toEqual([3, 5]);
    expect(Array.from(ctx.taskRows.dataSync())).toEqual([1, 0, 1]);
    ctx.dispose();
  });

  it('accepts an int32 tensor and defaults to a single task', () => {
    const ids = tf.tensor1d([1, 1], 'int32');
    const ctx = createForwardContext({ taskIds: ids });
    expect(ctx.numTasks).toBe(2);
    ids.dispose();
    ctx.dispose();
    const single = createForwardContext({ batchSize: 3 });
    expect(single.taskIdList).toEqual([0, 0, 0]);
    expect(single.numTasks).toBe(1);
    expect(single.training).toBe(false);
    single.dispose();
  });

  it('rejects invalid task ids, naming the example', () => {
    expect(() => createForwardContext({ taskIds: [0, 3], numTasks: 3 })).toThrow(ConfigError);
    expect(() => createForwardContext({ taskIds: [0, 3], numTasks: 3 })).toThrow(/taskIds\[1\]: got 3/);
    expect(() => createForwardContext({ taskIds: [0, -1] })).toThrow(/taskIds\[1\]/);
    expect(() => createForwardContext({ taskIds: [0.5] })).toThrow(/taskIds\[0\]/);
    expect(() => createForwardContext({ taskIds: [] })).toThrow(ShapeError);
    expect(() => createForwardContext({ taskIds: [0, 1], batchSize: 3 })).toThrow(
      /\[3\] \(one task id per example\)/,
    );
    expect(() => createForwardContext({})).toThrow(/batchSize/);
    expect(() => createForwardContext({ taskIds: [0], numTasks: 0 })).toThrow(/numTasks/);
  });

  it('rejects float or rank-2 tensors of task ids', () => {
    const f = tf.tensor1d([0, 1], 'float32');
    const m = tf.tensor2d([[0, 1]], [1, 2], 'int32');
    expect(() => createForwardContext({ taskIds: f })).toThrow(/taskIds.dtype/);
    expect(() => createForwardContext({ taskIds: m as unknown as tf.Tensor1D })).toThrow(ShapeError);
    f.dispose();
    m.dispose();
  });

  it('disposes its tensors idempotently', () => {
    const before = tf.memory().numTensors;
    const ctx = createForwardContext({ taskIds: [0, 1] });
    expect(tf.memory().numTensors).toBe(before + 2);
    ctx.dispose();
    ctx.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('lets a module refuse task ids it was not created for', () => {
    const ctx = createForwardContext({ taskIds: [0, 4], numTasks: 5 });
    expect(() => assertKnownTasks(ctx, 5, 'hyperprompt')).not.toThrow();
    expect(() => assertKnownTasks(ctx, 4, 'hyperprompt')).toThrow(/hyperprompt: taskIds: got 4/);
    ctx.dispose();
  });
});
