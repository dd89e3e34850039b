/**
 * Learning-rate schedules: pure functions of the 1-based step about to be taken, so a
 * resumed run gets exactly the rate it would have had.
 *
 * - `constant`: `lr` (T5 fine-tuning: 1e-3 with Adafactor).
 * - `warmup-constant`: `lr · min(1, step / warmupSteps)`.
 * - `linear`: linear warm-up to `lr` over `warmupSteps`, then linear decay to 0 at
 *   `totalSteps` (Hugging Face `get_linear_schedule_with_warmup`, HyperFormer's recipe).
 * - `inverse-sqrt`: `lr / √max(step, warmupSteps)` (T5 pre-training's "rsqrt decay"; with
 *   `lr = 1` and 10,000 warm-up steps it is `min(1e-2, 1/√step)`).
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError, rejectUnknownKeys } from '@hyperprompt/core';

/** Names of the schedules. */
export type ScheduleKind = 'constant' | 'warmup-constant' | 'linear' | 'inverse-sqrt';

/** Every schedule kind. */
export const SCHEDULE_KINDS: readonly ScheduleKind[] = [
  'constant',
  'warmup-constant',
  'linear',
  'inverse-sqrt',
];

/** A learning-rate schedule as data. */
export interface ScheduleConfig {
  /** The shape of the schedule. @defaultValue `'constant'` */
  readonly kind: ScheduleKind;
  /** Peak (or constant) learning rate. @defaultValue 1e-3 */
  readonly lr: number;
  /** Warm-up steps (`warmup-constant`, `linear`, `inverse-sqrt`). @defaultValue 0 */
  readonly warmupSteps: number;
  /** Step at which `linear` reaches 0; required for `linear`. @defaultValue 0 (unset) */
  readonly totalSteps: number;
}

/** Defaults of {@link ScheduleConfig}: T5's constant 1e-3. */
export const DEFAULT_SCHEDULE: ScheduleConfig = Object.freeze({
  kind: 'constant',
  lr: 1e-3,
  warmupSteps: 0,
  totalSteps: 0,
});

/** Learning rate for the 1-based step about to be taken. */
export type Schedule = (step: number) => number;

/**
 * Fills defaults and validates.
 * @throws `ConfigError` naming the field.
 */
export function resolveSchedule(options: Partial<ScheduleConfig> = {}): ScheduleConfig {
  rejectUnknownKeys(options, Object.keys(DEFAULT_SCHEDULE), 'schedule');
  const c = { ...DEFAULT_SCHEDULE, ...options };
  if (!SCHEDULE_KINDS.includes(c.kind)) throw new ConfigError('schedule.kind', c.kind, SCHEDULE_KINDS);
  if (!(c.lr > 0 && Number.isFinite(c.lr))) throw new ConfigError('schedule.lr', c.lr, 'a positive number');
  if (!Number.isInteger(c.warmupSteps) || c.warmupSteps < 0)
    throw new ConfigError('schedule.warmupSteps', c.warmupSteps, 'an integer >= 0');
  if (!Number.isInteger(c.totalSteps) || c.totalSteps < 0)
    throw new ConfigError('schedule.totalSteps', c.totalSteps, 'an integer >= 0');
  if (c.kind === 'linear' && c.totalSteps <= c.warmupSteps)
    throw new ConfigError('schedule.totalSteps', c.totalSteps, `an integer > warmupSteps (${c.warmupSteps})`);
  return Object.freeze(c);
}

/**
 * Builds the schedule function.
 *
 * @example
 * ```ts
 * const lr = createSchedule({ kind: 'linear', lr: 3e-4, warmupSteps: 500, totalSteps: 65536 });
 * lr(250); // 1.5e-4
 * ```
 */
export function createSchedule(options: Partial<ScheduleConfig> = {}): Schedule {
  const { kind, lr, warmupSteps: w, totalSteps: n } = resolveSchedule(options);
  const warm = (step: number): number => (w > 0 ? Math.min(1, step / w) : 1);
  return (step: number): number => {
    if (!Number.isInteger(step) || step < 1) throw new ConfigError('schedule step', step, 'an integer >= 1');
    switch (kind) {
      case 'constant':
        return lr;
      case 'warmup-constant':
        return lr * warm(step);
      case 'linear':
        return step < w ? (lr * step) / w : (lr * Math.max(0, n - step)) / (n - w);
      case 'inverse-sqrt':
        return lr / Math.sqrt(Math.max(step, w, 1));
    }
  };
}

/** Result of {@link clipByGlobalNorm}. */
export interface ClippedGradients {
  /** The gradients, scaled (new tensors; or the inputs themselves when not scaled). */
  readonly grads: tf.Tensor[];
  /** Global L2 norm before clipping. */
  readonly norm: number;
  /** True when the gradients were scaled down. */
  readonly clipped: boolean;
}

/** The global L2 norm of a list of tensors (read back to JS). */
export function globalNorm(tensors: readonly tf.Tensor[]): number {
  if (tensors.length === 0) return 0;
  const norm = tf.tidy(() => tf.addN(tensors.map((t) => t.square().sum())).sqrt());
  const value = norm.dataSync()[0];
  norm.dispose();
  return value;
}

/**
 * Scales `grads` so that their global norm is at most `maxNorm`. When scaling happens the
 * returned tensors are new and the caller disposes both lists; otherwise `grads` is
 * returned as is (check `clipped`).
 *
 * @param grads - the gradients.
 * @param maxNorm - the largest allowed global norm; `Infinity` disables clipping.
 * @throws `ConfigError` when `maxNorm` is not positive.
 */
export function clipByGlobalNorm(grads: readonly tf.Tensor[], maxNorm: number): ClippedGradients {
  if (!(maxNorm > 0)) throw new ConfigError('clipNorm', maxNorm, 'a positive number (Infinity: no clipping)');
  const norm = globalNorm(grads);
  const scale = maxNorm / (norm + 1e-6);
  if (!Number.isFinite(maxNorm) || scale >= 1) return { grads: [...grads], norm, clipped: false };
  return { grads: grads.map((g) => tf.tidy(() => g.mul(scale))), norm, clipped: true };
}
