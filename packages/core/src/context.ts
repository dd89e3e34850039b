/**
 * The per-forward context: built once per forward pass by the caller (trainer, evaluator,
 * user) and passed explicitly to the backbone and to every method's `hooks(ctx)`. No
 * globals, no thread-locals.
 *
 * Tasks are per example: a batch may mix tasks, in training and in inference. A method
 * computes what depends only on the task once per forward for {@link ForwardContext.tasksPresent}
 * and gathers rows per example with {@link ForwardContext.taskRows}.
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError, ShapeError } from './errors';
import { Rng } from './rng';

/** Facts about one forward call. */
export interface ForwardContext {
  /** Training mode: dropout is active. */
  readonly training: boolean;
  /** B, the number of examples in the batch. */
  readonly batchSize: number;
  /** Number of tasks the model knows (task ids are in `[0, numTasks)`). */
  readonly numTasks: number;
  /** `[B]` int32: the task of each example. */
  readonly taskIds: tf.Tensor1D;
  /** The same task ids as a JS array (length B). */
  readonly taskIdList: readonly number[];
  /** Sorted distinct task ids of the batch (length K' ≤ numTasks). */
  readonly tasksPresent: readonly number[];
  /** `[B]` int32: for each example, the index of its task in {@link tasksPresent}. */
  readonly taskRows: tf.Tensor1D;
  /** Seeded generator for dropout masks and other randomness of this forward. */
  readonly rng: Rng;
  /** Frees the context's tensors (idempotent). Not needed when created inside `tf.tidy`. */
  dispose(): void;
}

/** Options of {@link createForwardContext}. */
export interface ForwardContextOptions {
  /**
   * Task of each example: a JS array, an `Int32Array`, or an int32 `[B]` tensor (read once).
   * @defaultValue all zeros (single task), which then requires `batchSize`.
   */
  readonly taskIds?: readonly number[] | Int32Array | tf.Tensor1D;
  /** B; checked against `taskIds` when both are given. */
  readonly batchSize?: number;
  /**
   * Number of tasks the model knows; every task id must be below it.
   * @defaultValue 1 + the largest task id
   */
  readonly numTasks?: number;
  /** Training mode (dropout on). @defaultValue false */
  readonly training?: boolean;
  /** Generator for dropout. @defaultValue `new Rng(0)` */
  readonly rng?: Rng;
}

function readTaskIds(taskIds: ForwardContextOptions['taskIds'], batchSize?: number): number[] {
  if (taskIds === undefined) {
    if (batchSize === undefined) {
      throw new ConfigError('batchSize', undefined, 'a positive integer when taskIds is omitted');
    }
    return new Array<number>(batchSize).fill(0);
  }
  if (taskIds instanceof tf.Tensor) {
    if (taskIds.rank !== 1) throw new ShapeError('taskIds', '[B]', taskIds.shape);
    if (taskIds.dtype !== 'int32') {
      throw new ConfigError('taskIds.dtype', taskIds.dtype, ['int32']);
    }
    return Array.from(taskIds.dataSync());
  }
  return Array.from(taskIds);
}

/**
 * Builds and validates a {@link ForwardContext}.
 *
 * @throws {@link ConfigError} when a task id is not an integer in `[0, numTasks)`.
 * @throws {@link ShapeError} when `taskIds` has the wrong rank or length.
 *
 * @example
 * ```ts
 * const ctx = createForwardContext({ taskIds: [0, 2, 2, 1], numTasks: 3, training: true, rng: new Rng(7) });
 * ctx.tasksPresent; // [0, 1, 2]
 * ctx.dispose();
 * ```
 */
export function createForwardContext(options: ForwardContextOptions): ForwardContext {
  const { batchSize, training = false, rng = new Rng(0) } = options;
  if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1)) {
    throw new ConfigError('batchSize', batchSize, 'a positive integer');
  }
  const ids = readTaskIds(options.taskIds, batchSize);
  if (ids.length === 0) throw new ShapeError('taskIds', '[B] with B ≥ 1', [0]);
  if (batchSize !== undefined && ids.length !== batchSize) {
    throw new ShapeError('taskIds', `[${batchSize}] (one task id per example)`, [ids.length]);
  }
  const bad = ids.findIndex((t) => !Number.isInteger(t) || t < 0);
  if (bad >= 0) throw new ConfigError(`taskIds[${bad}]`, ids[bad], 'a non-negative integer');
  const numTasks = options.numTasks ?? Math.max(...ids) + 1;
  if (!Number.isInteger(numTasks) || numTasks < 1) {
    throw new ConfigError('numTasks', numTasks, 'a positive integer');
  }
  const outOfRange = ids.findIndex((t) => t >= numTasks);
  if (outOfRange >= 0) {
    throw new ConfigError(`taskIds[${outOfRange}]`, ids[outOfRange], `a task id in [0, ${numTasks})`);
  }
  const tasksPresent = [...new Set(ids)].sort((a, b) => a - b);
  const rowOf = new Map(tasksPresent.map((t, row) => [t, row]));
  const taskIds = tf.tensor1d(ids, 'int32');
  const taskRows = tf.tensor1d(
    ids.map((t) => rowOf.get(t) ?? 0),
    'int32',
  );
  return {
    training,
    batchSize: ids.length,
    numTasks,
    taskIds,
    taskIdList: ids,
    tasksPresent,
    taskRows,
    rng,
    dispose() {
      if (!taskIds.isDisposed) taskIds.dispose();
      if (!taskRows.isDisposed) taskRows.dispose();
    },
  };
}

/**
 * Throws a {@link ConfigError} if the context carries a task id a module does not know;
 * methods call it at the top of `hooks(ctx)`.
 *
 * @param ctx - the forward context.
 * @param numTasks - number of tasks the module was created for.
 * @param who - the module kind, for the message.
 */
export function assertKnownTasks(ctx: ForwardContext, numTasks: number, who: string): void {
  const last = ctx.tasksPresent[ctx.tasksPresent.length - 1];
  if (last >= numTasks) {
    throw new ConfigError(`${who}: taskIds`, last, `a task id in [0, ${numTasks}) (the module's numTasks)`);
  }
}
