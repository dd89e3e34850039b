/**
 * Test-only loader for the reference fixtures written by
 * `tools/fixtures/metrics/make_metric_fixtures.py` (scikit-learn, SciPy, Python).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A float as the fixture script writes it: NaN and infinities as strings, null for "raised". */
export type Encoded = number | 'NaN' | 'Infinity' | '-Infinity' | null;

/** Decodes an {@link Encoded} value; `null` stays `null`. */
export function decode(value: Encoded): number | null {
  if (value === 'NaN') return NaN;
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  return value;
}

/** Reads and parses `__fixtures__/<name>`. */
export function loadFixture<T>(name: string): T {
  return JSON.parse(readFileSync(join(__dirname, name), 'utf8')) as T;
}

/** Library versions recorded by the fixture script. */
export interface FixtureVersions {
  python: string;
  numpy: string;
  scipy: string;
  sklearn: string;
  seed: number;
}

/** Tracks the largest absolute difference seen between computed and reference values. */
export class MaxDiff {
  value = 0;
  /** Records |actual - expected| (0 when both are NaN or equal infinities). */
  add(actual: number, expected: number): number {
    const d = Object.is(actual, expected) || actual === expected ? 0 : Math.abs(actual - expected);
    this.value = Math.max(this.value, Number.isNaN(d) ? Infinity : d);
    return d;
  }
}
