/**
 * Argument parsers for commander options: each validates and converts one value, throwing
 * commander's `InvalidArgumentError` (printed by commander, exit code 2).
 *
 * @packageDocumentation
 */
import { InvalidArgumentError } from 'commander';
import type { RunShard } from '../experiment';

/**
 * Parses an integer `>= min`.
 *
 * @param min - smallest allowed value.
 * @returns a commander argument parser.
 */
export function integerAtLeast(min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) {
      throw new InvalidArgumentError(`expected an integer >= ${min}`);
    }
    return n;
  };
}

/**
 * Parses `i/n` (0-based shard i of n).
 *
 * @param value - e.g. `0/4`.
 * @returns the shard.
 */
export function parseShard(value: string): RunShard {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || count < 1 || index >= count) {
    throw new InvalidArgumentError('expected i/n with 0 <= i < n, e.g. 0/4');
  }
  return { index, count };
}

/**
 * Parses a comma-separated list of seeds (distinct integers >= 0).
 *
 * @param value - e.g. `0,1,2`.
 * @returns the seeds.
 */
export function parseSeeds(value: string): readonly number[] {
  const parse = integerAtLeast(0);
  const seeds = value.split(',').map((s) => parse(s.trim()));
  if (new Set(seeds).size !== seeds.length) throw new InvalidArgumentError('expected distinct seeds');
  return seeds;
}

/** Backends `--backend` accepts. */
export const BACKEND_CHOICES: readonly ('node' | 'wasm' | 'cpu')[] = ['node', 'wasm', 'cpu'];
