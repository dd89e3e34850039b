/**
 * Seeded shuffled epochs over one task's examples: every example once per epoch, a fresh
 * order each epoch. The order of epoch `e` depends only on the seed, the task id and `e`
 * (a forked {@link Rng}), so the state to resume is two integers, never the permutation.
 *
 * @packageDocumentation
 */
import { ConfigError, Rng } from '@hyperprompt/core';

/** Where an {@link EpochOrder} stands: JSON, part of a sampler checkpoint. */
export interface EpochCursor {
  /** The current epoch, counted from 0. */
  readonly epoch: number;
  /** How many examples of the current epoch were already handed out, in `[0, size)`. */
  readonly position: number;
}

/**
 * Hands out the indices `0 .. size-1` of one task in seeded shuffled epochs.
 *
 * @example
 * ```ts
 * const order = new EpochOrder(5, 42, 0);
 * const firstEpoch = [0, 1, 2, 3, 4].map(() => order.next()); // a permutation of 0..4
 * ```
 */
export class EpochOrder {
  /** Number of examples of the task. */
  readonly size: number;
  /** Seed of the whole sampler. */
  readonly seed: number;
  /** The task's id, mixed into the shuffling seed. */
  readonly taskId: number;
  private readonly root: Rng;
  private epochValue: number;
  private positionValue: number;
  private permutation: Int32Array | undefined;

  /**
   * @param size - number of examples, an integer ≥ 1.
   * @param seed - the sampler's seed, an integer in [0, 2^32).
   * @param taskId - the task's id (a non-negative integer).
   * @param cursor - where to resume; the start of epoch 0 by default.
   * @throws ConfigError for a bad size, seed or cursor.
   */
  constructor(size: number, seed: number, taskId: number, cursor: EpochCursor = { epoch: 0, position: 0 }) {
    if (!Number.isInteger(size) || size < 1) throw new ConfigError('size', size, 'an integer >= 1');
    if (!Number.isInteger(taskId) || taskId < 0) throw new ConfigError('taskId', taskId, 'an integer >= 0');
    checkCursor(cursor, size, `cursors[${taskId}]`);
    this.root = new Rng(seed); // validates the seed; only forked, never drawn from
    this.size = size;
    this.seed = seed;
    this.taskId = taskId;
    this.epochValue = cursor.epoch;
    this.positionValue = cursor.position;
  }

  /** The current epoch, counted from 0. */
  get epoch(): number {
    return this.epochValue;
  }

  /**
   * The permutation of epoch `epoch` (the order in which indices are handed out).
   *
   * @param epoch - an epoch number ≥ 0.
   * @returns a permutation of `0 .. size-1`.
   */
  orderOfEpoch(epoch: number): Int32Array {
    return this.root.fork(`task/${this.taskId}/epoch/${epoch}`).permutation(this.size);
  }

  /** The next example index; starts a new, reshuffled epoch after the last one. */
  next(): number {
    this.permutation ??= this.orderOfEpoch(this.epochValue);
    const index = this.permutation[this.positionValue];
    this.positionValue++;
    if (this.positionValue === this.size) {
      this.epochValue++;
      this.positionValue = 0;
      this.permutation = undefined;
    }
    return index;
  }

  /** The position to store in a checkpoint. */
  cursor(): EpochCursor {
    return { epoch: this.epochValue, position: this.positionValue };
  }
}

/**
 * Checks a cursor read from JSON.
 *
 * @param cursor - the cursor.
 * @param size - the task size it belongs to.
 * @param field - name for error messages.
 * @throws ConfigError naming the bad field.
 */
export function checkCursor(cursor: EpochCursor, size: number, field: string): void {
  const value: unknown = cursor;
  if (typeof value !== 'object' || value === null)
    throw new ConfigError(field, value, 'an {epoch, position} object');
  if (!Number.isSafeInteger(cursor.epoch) || cursor.epoch < 0) {
    throw new ConfigError(`${field}.epoch`, cursor.epoch, 'an integer >= 0');
  }
  if (!Number.isInteger(cursor.position) || cursor.position < 0 || cursor.position >= size) {
    throw new ConfigError(`${field}.position`, cursor.position, `an integer in [0, ${size})`);
  }
}
