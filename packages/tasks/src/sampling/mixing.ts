/**
 * Mixing rates of a multi-task mixture: how often each task is drawn, from the task sizes.
 *
 * - `proportional`: examples-proportional mixing, T5's default. With T5's size cap `K`
 *   (`rate_num_examples(maximum=K)`), `p_k ∝ min(n_k, K)`, so that one huge task cannot
 *   crowd out the rest.
 * - `temperature`: `p_k ∝ min(n_k, K)^(1/T)`, as HyperFormer samples tasks
 *   (`p_k ∝ (n_k / Σ n)^(1/T)`, the same distribution after normalising; T = 10 there) and
 *   as T5's `rate_num_examples(temperature=T)` does. T = 1 is proportional; as T grows the
 *   distribution tends to uniform. The cap is optional (HyperFormer has none).
 * - `uniform`: `p_k = 1/K` tasks, whatever their sizes.
 *
 * Axis legend: K tasks.
 *
 * @packageDocumentation
 */
import { ConfigError, rejectUnknownKeys, type Rng } from '@hyperprompt/core';

/** Examples-proportional mixing, optionally with T5's size cap. */
export interface ProportionalMixing {
  /** Discriminant. */
  readonly kind: 'proportional';
  /**
   * T5's size cap `K`: a task counts as `min(n_k, K)` examples. An integer ≥ 1.
   * @defaultValue no cap
   */
  readonly cap?: number;
}

/** Temperature mixing, `p_k ∝ min(n_k, cap)^(1/T)`. */
export interface TemperatureMixing {
  /** Discriminant. */
  readonly kind: 'temperature';
  /**
   * The temperature `T`, a finite number > 0 (HyperFormer uses 10; 1 is proportional; the
   * limit T → ∞ is {@link UniformMixing}, which a JSON config cannot spell as a number).
   */
  readonly temperature: number;
  /** Size cap applied before the temperature, as in T5. An integer ≥ 1. @defaultValue no cap */
  readonly cap?: number;
}

/** Every task equally often. */
export interface UniformMixing {
  /** Discriminant. */
  readonly kind: 'uniform';
}

/** How tasks are mixed: a plain JSON value, so that it can sit in an experiment file. */
export type MixingStrategy = ProportionalMixing | TemperatureMixing | UniformMixing;

/** The mixing of T5's multi-task mixtures: examples-proportional, no cap. */
export const DEFAULT_MIXING: MixingStrategy = Object.freeze({ kind: 'proportional' });

/** The kinds of {@link MixingStrategy}. */
export const MIXING_KINDS: readonly MixingStrategy['kind'][] = ['proportional', 'temperature', 'uniform'];

/** The fields each kind of {@link MixingStrategy} accepts. */
const KNOWN_FIELDS: Readonly<Record<MixingStrategy['kind'], readonly string[]>> = {
  proportional: ['kind', 'cap'],
  temperature: ['kind', 'temperature', 'cap'],
  uniform: ['kind'],
};

/**
 * Checks task sizes: a non-empty array of integers ≥ 1 (a task without examples cannot be
 * drawn from).
 *
 * @param sizes - `n_k` per task.
 * @param field - name for error messages.
 * @throws ConfigError naming the first bad entry.
 */
export function checkTaskSizes(sizes: readonly number[], field = 'sizes'): void {
  if (!Array.isArray(sizes) || sizes.length === 0) {
    throw new ConfigError(field, sizes, 'a non-empty array of task sizes');
  }
  sizes.forEach((n, k) => {
    if (!Number.isInteger(n) || n < 1) throw new ConfigError(`${field}[${k}]`, n, 'an integer >= 1');
  });
}

/**
 * Validates a mixing strategy from plain JSON (unknown fields are refused, so that e.g. a
 * `temperature` given to `proportional` mixing does not pass silently).
 *
 * @param mixing - the strategy.
 * @param field - name for error messages.
 * @returns a frozen copy.
 * @throws ConfigError naming the bad field.
 */
export function resolveMixing(mixing: MixingStrategy, field = 'mixing'): MixingStrategy {
  const value: unknown = mixing;
  if (typeof value !== 'object' || value === null) {
    throw new ConfigError(field, value, 'an object with a "kind"');
  }
  const checkCap = (cap: number | undefined): void => {
    if (cap !== undefined && !(Number.isInteger(cap) && cap >= 1)) {
      throw new ConfigError(`${field}.cap`, cap, 'an integer >= 1');
    }
  };
  if (Object.hasOwn(KNOWN_FIELDS, mixing.kind)) rejectUnknownKeys(mixing, KNOWN_FIELDS[mixing.kind], field);
  switch (mixing.kind) {
    case 'uniform':
      return Object.freeze({ kind: 'uniform' });
    case 'proportional':
      checkCap(mixing.cap);
      return Object.freeze(
        mixing.cap === undefined ? { kind: 'proportional' } : { kind: 'proportional', cap: mixing.cap },
      );
    case 'temperature': {
      const { temperature, cap } = mixing;
      if (typeof temperature !== 'number' || !Number.isFinite(temperature) || temperature <= 0) {
        throw new ConfigError(`${field}.temperature`, temperature, 'a finite number > 0');
      }
      checkCap(cap);
      return Object.freeze(
        cap === undefined ? { kind: 'temperature', temperature } : { kind: 'temperature', temperature, cap },
      );
    }
    default:
      throw new ConfigError(`${field}.kind`, (mixing as { kind: unknown }).kind, MIXING_KINDS);
  }
}

/**
 * The probability of drawing each task.
 *
 * @param sizes - `n_k`, the number of (training) examples of each task.
 * @param mixing - the strategy (default {@link DEFAULT_MIXING}).
 * @returns `p_k`, summing to 1.
 * @throws ConfigError for bad sizes or a bad strategy.
 *
 * @example
 * ```ts
 * mixingProbabilities([100, 300], { kind: 'proportional' }); // [0.25, 0.75]
 * mixingProbabilities([100, 300], { kind: 'proportional', cap: 100 }); // [0.5, 0.5]
 * mixingProbabilities([100, 10000], { kind: 'temperature', temperature: 2 }); // [1/11, 10/11]
 * ```
 */
export function mixingProbabilities(
  sizes: readonly number[],
  mixing: MixingStrategy = DEFAULT_MIXING,
): number[] {
  checkTaskSizes(sizes);
  const strategy = resolveMixing(mixing);
  const rates = sizes.map((n) => {
    if (strategy.kind === 'uniform') return 1;
    const capped = strategy.cap === undefined ? n : Math.min(n, strategy.cap);
    return strategy.kind === 'temperature' ? Math.pow(capped, 1 / strategy.temperature) : capped;
  });
  const total = rates.reduce((sum, r) => sum + r, 0);
  return rates.map((r) => r / total);
}

/**
 * Cumulative sums of probabilities, for {@link drawCategorical}; the last entry is set to
 * exactly 1 so rounding can never leave a draw unassigned.
 *
 * @param probabilities - non-negative, summing to 1.
 * @returns the cumulative distribution.
 */
export function cumulative(probabilities: readonly number[]): number[] {
  let sum = 0;
  const out = probabilities.map((p) => (sum += p));
  out[out.length - 1] = 1;
  return out;
}

/**
 * Draws an index from a categorical distribution with one uniform number (binary search).
 *
 * @param rng - the generator; consumes one `float()`.
 * @param cdf - a cumulative distribution from {@link cumulative}.
 * @returns `k` with probability `cdf[k] - cdf[k - 1]`.
 */
export function drawCategorical(rng: Rng, cdf: readonly number[]): number {
  const u = rng.float();
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (u < cdf[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
