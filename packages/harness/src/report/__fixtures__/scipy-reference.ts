/**
 * Typed readers of the SciPy reference files (t-quantiles.json from t-quantiles.py,
 * intervals.json from intervals.py; each script says how to regenerate its file).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One interval of intervals.json. */
export interface ReferenceInterval {
  readonly values: readonly number[];
  readonly mean: number;
  readonly std: number | null;
  readonly n: number;
  readonly t: number | null;
  readonly halfWidth: number | null;
}

/** One paired difference of intervals.json. */
export interface ReferencePaired {
  readonly a: readonly number[];
  readonly b: readonly number[];
  readonly differences: readonly number[];
  readonly mean: number;
  readonly n: number;
  readonly halfWidth: number | null;
  readonly low: number | null;
  readonly high: number | null;
  readonly resolved: boolean;
}

/** Scores of one row of the PAIRED fixture. */
export interface ReferenceRowStats {
  readonly seeds: readonly number[];
  readonly scores: Readonly<Record<string, ReferenceInterval>>;
  readonly average: ReferenceInterval;
}

/** One row of the PAIRED fixture. */
export interface ReferenceRow extends ReferenceRowStats {
  readonly differences?: {
    readonly seeds: readonly number[];
    readonly scores: Readonly<Record<string, ReferencePaired>>;
    readonly average: ReferencePaired;
  };
  readonly last?: ReferenceRowStats;
}

/** intervals.json. */
export interface IntervalsReference {
  readonly scipy: string;
  readonly confidence: number;
  readonly intervals: readonly ReferenceInterval[];
  readonly paired: readonly ReferencePaired[];
  readonly rows: Readonly<Record<string, ReferenceRow>>;
}

/** t-quantiles.json. */
export interface QuantilesReference {
  readonly scipy: string;
  readonly quantiles: readonly { readonly p: number; readonly df: number; readonly t: number }[];
  readonly cdf: readonly { readonly t: number; readonly df: number; readonly cdf: number }[];
}

const read = <T>(name: string): T => JSON.parse(readFileSync(join(__dirname, name), 'utf8')) as T;

/** The interval references. */
export const INTERVALS = read<IntervalsReference>('intervals.json');

/** The t quantile references. */
export const QUANTILES = read<QuantilesReference>('t-quantiles.json');
