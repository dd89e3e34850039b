/**
 * Optimiser configs as data (what an experiment file holds) and the factory that builds
 * the matching {@link TrainOptimizer}.
 *
 * @packageDocumentation
 */
import { ConfigError } from '@hyperprompt/core';
import { AdafactorOptimizer, type AdafactorConfig } from './adafactor';
import { AdamOptimizer, type AdamConfig } from './adam';
import type { OptimizerKind, TrainOptimizer } from './optimizer';

/** Every optimiser kind, in documentation order. */
export const OPTIMIZER_KINDS: readonly OptimizerKind[] = ['adamw', 'adam', 'adafactor'];

/** AdamW (decoupled weight decay) as an experiment names it; other fields as in `AdamConfig`. */
export interface AdamWOptimizerConfig extends Partial<Omit<AdamConfig, 'decoupled'>> {
  /** Discriminant. */
  readonly kind: 'adamw';
}

/** Adam (L2 weight decay) as an experiment names it; other fields as in `AdamConfig`. */
export interface AdamOptimizerConfig extends Partial<Omit<AdamConfig, 'decoupled'>> {
  /** Discriminant. */
  readonly kind: 'adam';
}

/** Adafactor as an experiment names it; other fields as in `AdafactorConfig`. */
export interface AdafactorOptimizerConfig extends Partial<AdafactorConfig> {
  /** Discriminant. */
  readonly kind: 'adafactor';
}

/** An optimiser as an experiment names it: the kind and any fields of its config. */
export type OptimizerConfig = AdamWOptimizerConfig | AdamOptimizerConfig | AdafactorOptimizerConfig;

/**
 * Builds an optimiser from its config.
 *
 * @example
 * ```ts
 * const opt = createOptimizer({ kind: 'adafactor' }); // T5's fine-tuning optimiser
 * const adamw = createOptimizer({ kind: 'adamw', weightDecay: 0.01 });
 * ```
 * @throws `ConfigError` for an unknown kind or a bad field.
 */
export function createOptimizer(config: OptimizerConfig): TrainOptimizer {
  const kind: string = config.kind; // may come from untyped JSON
  const rest: Record<string, unknown> = { ...config };
  delete rest.kind;
  if (kind === 'adafactor') return new AdafactorOptimizer(rest);
  if (kind === 'adamw' || kind === 'adam') {
    if ('decoupled' in rest) throw new ConfigError('optimizer.decoupled', 'set by kind', ['adam', 'adamw']);
    return new AdamOptimizer({ ...(rest as Partial<AdamConfig>), decoupled: kind === 'adamw' });
  }
  throw new ConfigError('optimizer.kind', kind, OPTIMIZER_KINDS);
}
