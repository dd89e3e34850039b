/**
 * The multi-task batch sampler: which task each example of a batch comes from, and which
 * example of that task. Tasks are drawn from a {@link MixingStrategy}; within a task,
 * examples come in seeded shuffled epochs ({@link EpochOrder}). Seeded and resumable: its
 * {@link TaskSampler.state} is plain JSON that a checkpoint stores, and
 * {@link TaskSampler.fromState} continues exactly where it stopped.
 *
 * Axis legend: B batch, K tasks.
 *
 * @packageDocumentation
 */
import { ConfigError, Rng, type RngState, rejectUnknownKeys } from '@hyperprompt/core';
import { checkCursor, type EpochCursor, EpochOrder } from './epoch-order';
import {
  checkTaskSizes,
  cumulative,
  DEFAULT_MIXING,
  drawCategorical,
  type MixingStrategy,
  mixingProbabilities,
  resolveMixing,
} from './mixing';

/**
 * How a batch is composed: `mixed` draws each example's task independently (per-example
 * task ids, as T5's mixtures do); `single-task` draws one task per batch from the same
 * distribution (as HyperFormer does).
 */
export type BatchMode = 'mixed' | 'single-task';

/** The kinds of {@link BatchMode}. */
export const BATCH_MODES: readonly BatchMode[] = ['mixed', 'single-task'];

/** Options of a {@link TaskSampler}. */
export interface TaskSamplerOptions {
  /** `n_k`: the number of training examples of each task; the task id is the index. */
  readonly sizes: readonly number[];
  /** Examples per batch, an integer ≥ 1. */
  readonly batchSize: number;
  /** How tasks are mixed. @defaultValue {@link DEFAULT_MIXING} (examples-proportional) */
  readonly mixing?: MixingStrategy;
  /** Batch composition. @defaultValue `'mixed'` */
  readonly batchMode?: BatchMode;
  /** Seed, an integer in [0, 2^32). @defaultValue `0` */
  readonly seed?: number;
}

/** {@link TaskSamplerOptions} with every default applied. */
export type ResolvedTaskSamplerOptions = Required<TaskSamplerOptions>;

/** A sampler's full state: plain JSON, stored in a checkpoint, read by {@link TaskSampler.fromState}. */
export interface TaskSamplerState {
  /** Format version of this object. */
  readonly version: 1;
  /** The options the sampler was built with. */
  readonly options: ResolvedTaskSamplerOptions;
  /** State of the generator that draws tasks. */
  readonly rng: RngState;
  /** Per task, where its epoch order stands. */
  readonly cursors: readonly EpochCursor[];
  /** Number of batches drawn so far. */
  readonly batches: number;
}

/** One batch of example references. */
export interface SampledBatch {
  /** `[B]` the task id of each example (the `taskIds` of the forward context). */
  readonly taskIds: readonly number[];
  /** `[B]` the index of each example within its task's training examples. */
  readonly indices: readonly number[];
}

const OPTION_KEYS = ['sizes', 'batchSize', 'mixing', 'batchMode', 'seed'];

/**
 * Validates sampler options and applies the defaults.
 *
 * @param options - the options, e.g. from an experiment file.
 * @returns a frozen, complete copy.
 * @throws ConfigError naming the bad field.
 */
export function resolveTaskSamplerOptions(options: TaskSamplerOptions): ResolvedTaskSamplerOptions {
  const value: unknown = options;
  if (typeof value !== 'object' || value === null)
    throw new ConfigError('sampler', value, 'an options object');
  rejectUnknownKeys(options, OPTION_KEYS, 'sampler');
  const { sizes, batchSize, mixing = DEFAULT_MIXING, batchMode = 'mixed', seed = 0 } = options;
  checkTaskSizes(sizes, 'sampler.sizes');
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new ConfigError('sampler.batchSize', batchSize, 'an integer >= 1');
  }
  if (!BATCH_MODES.includes(batchMode)) throw new ConfigError('sampler.batchMode', batchMode, BATCH_MODES);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new ConfigError('sampler.seed', seed, 'an integer in [0, 2^32)');
  }
  return Object.freeze({
    sizes: Object.freeze([...sizes]),
    batchSize,
    mixing: resolveMixing(mixing, 'sampler.mixing'),
    batchMode,
    seed,
  });
}

/**
 * Draws batches of (task id, example index) pairs from several tasks.
 *
 * @example
 * ```ts
 * const sampler = new TaskSampler({ sizes: [4000, 1000], batchSize: 32, mixing: { kind: 'temperature', temperature: 10 } });
 * const { taskIds, indices } = sampler.next();
 * const examples = pickExamples(sampler.next(), [trainA, trainB]);
 * const saved = JSON.stringify(sampler.state()); // ... later:
 * const resumed = TaskSampler.fromState(JSON.parse(saved));
 * ```
 */
export class TaskSampler {
  /** The resolved options. */
  readonly options: ResolvedTaskSamplerOptions;
  /** `[K]` the probability of drawing each task. */
  readonly probabilities: readonly number[];
  private readonly cdf: readonly number[];
  private readonly rng: Rng;
  private readonly orders: EpochOrder[];
  private batchCount: number;

  /**
   * @param options - see {@link TaskSamplerOptions}.
   * @param resume - internal: generator, cursors and count to continue from (use {@link TaskSampler.fromState}).
   * @throws ConfigError for bad options.
   */
  constructor(
    options: TaskSamplerOptions,
    resume?: { readonly rng: RngState; readonly cursors: readonly EpochCursor[]; readonly batches: number },
  ) {
    this.options = resolveTaskSamplerOptions(options);
    const { sizes, mixing, seed } = this.options;
    this.probabilities = Object.freeze(mixingProbabilities(sizes, mixing));
    this.cdf = cumulative(this.probabilities);
    this.rng = resume ? Rng.fromState(resume.rng) : new Rng(seed).fork('task-draws');
    this.orders = sizes.map((n, k) => new EpochOrder(n, seed, k, resume?.cursors[k]));
    this.batchCount = resume?.batches ?? 0;
  }

  /**
   * Rebuilds a sampler from {@link TaskSampler.state}; it then draws exactly the batches the
   * original would have drawn.
   *
   * @param state - a state object (e.g. parsed from a checkpoint).
   * @param expected - when given, the options the caller is about to train with; a state
   *   saved with other options (other tasks, sizes, batch size, mixing, seed) is refused.
   * @returns the sampler.
   * @throws ConfigError naming the malformed or mismatched field.
   */
  static fromState(state: TaskSamplerState, expected?: TaskSamplerOptions): TaskSampler {
    const value: unknown = state;
    if (typeof value !== 'object' || value === null)
      throw new ConfigError('state', value, 'a sampler state object');
    const version: unknown = state.version;
    if (version !== 1) throw new ConfigError('state.version', version, [1]);
    const options = resolveTaskSamplerOptions(state.options);
    if (expected !== undefined) {
      const wanted = resolveTaskSamplerOptions(expected);
      for (const key of OPTION_KEYS as (keyof ResolvedTaskSamplerOptions)[]) {
        if (JSON.stringify(wanted[key]) !== JSON.stringify(options[key])) {
          throw new ConfigError(
            `state.options.${key}`,
            options[key],
            `the expected ${JSON.stringify(wanted[key])}`,
          );
        }
      }
    }
    const { cursors, batches, rng } = state;
    const cursorsValue: unknown = cursors;
    if (!Array.isArray(cursorsValue) || cursors.length !== options.sizes.length) {
      throw new ConfigError('state.cursors', cursors, `an array of ${options.sizes.length} cursors`);
    }
    cursors.forEach((c, k) => checkCursor(c, options.sizes[k], `state.cursors[${k}]`));
    if (!Number.isSafeInteger(batches) || batches < 0)
      throw new ConfigError('state.batches', batches, 'an integer >= 0');
    const rngValue: unknown = rng;
    const words: unknown = typeof rngValue === 'object' && rngValue !== null ? rng.words : undefined;
    if (!Array.isArray(words) || words.length !== 4) {
      throw new ConfigError('state.rng', rngValue, 'an Rng state {seed, words: [4 integers]}');
    }
    return new TaskSampler(options, { rng, cursors, batches });
  }

  /** Number of batches drawn so far. */
  get batches(): number {
    return this.batchCount;
  }

  /**
   * The epoch each task's example order is in (how many full passes over the task were
   * completed).
   *
   * @returns `[K]` epochs.
   */
  epochs(): number[] {
    return this.orders.map((order) => order.epoch);
  }

  /** Draws one task id from the mixture. */
  private drawTask(): number {
    return drawCategorical(this.rng, this.cdf);
  }

  /**
   * Draws the next batch.
   *
   * @returns `B` task ids and example indices.
   */
  next(): SampledBatch {
    const { batchSize, batchMode } = this.options;
    const taskIds = new Array<number>(batchSize);
    const indices = new Array<number>(batchSize);
    const single = batchMode === 'single-task' ? this.drawTask() : -1;
    for (let b = 0; b < batchSize; b++) {
      const task = single >= 0 ? single : this.drawTask();
      taskIds[b] = task;
      indices[b] = this.orders[task].next();
    }
    this.batchCount++;
    return { taskIds, indices };
  }

  /** The state to store in a checkpoint (a fresh JSON-serialisable object). */
  state(): TaskSamplerState {
    return {
      version: 1,
      options: JSON.parse(JSON.stringify(this.options)) as ResolvedTaskSamplerOptions,
      rng: this.rng.state(),
      cursors: this.orders.map((order) => order.cursor()),
      batches: this.batchCount,
    };
  }
}

/**
 * The examples a batch refers to.
 *
 * @param batch - from {@link TaskSampler.next}.
 * @param tasks - per task id, its training examples (as sized in the sampler's options).
 * @returns `[B]` the examples, in batch order.
 * @throws ConfigError when a task id or index has no example.
 */
export function pickExamples<E>(batch: SampledBatch, tasks: readonly (readonly E[])[]): E[] {
  return batch.taskIds.map((task, b) => {
    const examples = tasks[task] as readonly E[] | undefined;
    const index = batch.indices[b];
    if (examples === undefined || index >= examples.length) {
      throw new ConfigError(`batch[${b}]`, { task, index }, 'a task id and index within the given tasks');
    }
    return examples[index];
  });
}
