/**
 * Small validators shared by the two configs of this package; every failure is a
 * `ConfigError` naming the field.
 *
 * @packageDocumentation
 */
import { ConfigError } from '@hyperprompt/core';

/** Returns `value` if it is a positive integer, else throws naming `field`. @internal */
export function positiveInteger(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new ConfigError(field, value, 'a positive integer');
  }
  return value;
}

/** Returns `value` if it is a finite number ≥ 0, else throws naming `field`. @internal */
export function nonNegative(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ConfigError(field, value, 'a finite number >= 0');
  }
  return value;
}

/** Returns `value` if it is a boolean, else throws naming `field`. @internal */
export function bool(field: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new ConfigError(field, value, 'true or false');
  return value;
}

/** Returns `value` if it is one of `allowed`, else throws naming `field`. @internal */
export function oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(field, value, allowed);
  }
  return value as T;
}

/** `numTasks` from the options must equal the resolve context's. @internal */
export function checkNumTasks(kind: string, given: unknown, context: number): number {
  const numTasks = given ?? context;
  if (numTasks !== context) {
    throw new ConfigError(`${kind}.numTasks`, numTasks, `${context} (the context's numTasks)`);
  }
  return context;
}

/**
 * The bottleneck width: `bottleneckSize` when given, else `floor(dModel / reductionFactor)`,
 * which must be at least 1. @internal
 */
export function bottleneckOf(kind: string, dModel: number, reductionFactor: number, given: unknown): number {
  if (given !== undefined) return positiveInteger(`${kind}.bottleneckSize`, given);
  const size = Math.floor(dModel / reductionFactor);
  if (size < 1) {
    throw new ConfigError(`${kind}.reductionFactor`, reductionFactor, `at most dModel (${dModel})`);
  }
  return size;
}
