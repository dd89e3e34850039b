/**
 * The statistics every report cell shows: mean, sample standard deviation, the Student t
 * confidence interval of the mean over seeds, and the paired difference of two rows over the
 * seeds both have.
 *
 * @packageDocumentation
 */
import { studentTQuantile } from './student-t';

/** Mean, sample standard deviation (n - 1) and count of a set of runs' values. */
export interface MeanStd {
  /** Arithmetic mean. */
  readonly mean: number;
  /** Sample standard deviation (divides by n - 1); `null` when there is a single value. */
  readonly std: number | null;
  /** Number of values (runs, one per seed). */
  readonly n: number;
}

/** Confidence level of every interval in reports (two-sided). */
export const CONFIDENCE = 0.95;

/**
 * A mean with its two-sided Student t confidence interval: `mean ± halfWidth`, where
 * `halfWidth = t × std / √n` and `t` is the `(1 + confidence) / 2` quantile of Student's t
 * with `n - 1` degrees of freedom (sample std). With one value there is no interval.
 */
export interface ConfidenceInterval extends MeanStd {
  /** Confidence level, e.g. `0.95`. */
  readonly confidence: number;
  /** The t quantile used, `t_{(1 + confidence) / 2, n - 1}`; `null` for a single value. */
  readonly t: number | null;
  /** Half-width of the interval, `t × std / √n`; `null` for a single value. */
  readonly halfWidth: number | null;
}

/** Values keyed by seed, e.g. one row's per-seed averages. */
export type SeedValues = ReadonlyMap<number, number>;

/**
 * The paired difference of a row to a reference row: per seed both rows have, this row's
 * value minus the reference's, then the mean and confidence interval of those differences
 * (the paired t interval).
 */
export interface PairedDifference extends ConfidenceInterval {
  /** The seeds both rows have, ascending (the pairs). */
  readonly seeds: readonly number[];
  /** Per seed in `seeds`: this row's value minus the reference's. */
  readonly differences: readonly number[];
  /** The interval excludes 0 (so the sign of the difference is resolved); false for one pair. */
  readonly resolved: boolean;
}

/**
 * Mean and sample standard deviation of `values`.
 *
 * @param values - at least one finite number.
 * @returns `{ mean, std, n }`, `std` being `null` for a single value.
 * @throws RangeError when `values` is empty.
 */
export function meanStd(values: readonly number[]): MeanStd {
  const n = values.length;
  if (n === 0) throw new RangeError('meanStd needs at least one value');
  const mean = values.reduce((s, v) => s + v, 0) / n;
  if (n === 1) return { mean, std: null, n };
  const squares = values.reduce((s, v) => s + (v - mean) ** 2, 0);
  return { mean, std: Math.sqrt(squares / (n - 1)), n };
}

/**
 * Mean of `values` with its two-sided Student t confidence interval
 * (`t_{(1 + confidence) / 2, n - 1} × s / √n`, `s` the sample standard deviation).
 *
 * @param values - at least one finite number (one per seed).
 * @param confidence - the level, in (0, 1). @defaultValue {@link CONFIDENCE}
 * @returns the statistic; `t` and `halfWidth` are `null` for a single value.
 * @throws RangeError when `values` is empty or `confidence` is outside (0, 1).
 */
export function confidenceInterval(values: readonly number[], confidence = CONFIDENCE): ConfidenceInterval {
  if (!(confidence > 0 && confidence < 1))
    throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  const stat = meanStd(values);
  if (stat.std === null) return { ...stat, confidence, t: null, halfWidth: null };
  const t = studentTQuantile((1 + confidence) / 2, stat.n - 1);
  return { ...stat, confidence, t, halfWidth: (t * stat.std) / Math.sqrt(stat.n) };
}

/**
 * The paired difference `row - reference` over the seeds both have (paired t interval of the
 * per-seed differences).
 *
 * @param row - per seed: the row's value.
 * @param reference - per seed: the reference row's value.
 * @param confidence - the level. @defaultValue {@link CONFIDENCE}
 * @returns the difference, or `null` when the rows share no seed.
 */
export function pairedDifference(
  row: SeedValues,
  reference: SeedValues,
  confidence = CONFIDENCE,
): PairedDifference | null {
  const seeds = [...row.keys()].filter((seed) => reference.has(seed)).sort((a, b) => a - b);
  if (seeds.length === 0) return null;
  const differences = seeds.map((seed) => (row.get(seed) as number) - (reference.get(seed) as number));
  const interval = confidenceInterval(differences, confidence);
  const resolved = interval.halfWidth !== null && Math.abs(interval.mean) > interval.halfWidth;
  return { ...interval, seeds, differences, resolved };
}

/**
 * Formats a {@link MeanStd} as `mean ± std` with a fixed number of decimals; just the mean
 * when there is one value.
 *
 * @param value - the statistic.
 * @param decimals - digits after the point.
 * @param suffix - appended to the mean (e.g. `x` for step-time ratios).
 */
export function formatMeanStd(value: MeanStd, decimals: number, suffix = ''): string {
  const mean = `${value.mean.toFixed(decimals)}${suffix}`;
  return value.std === null ? mean : `${mean} ± ${value.std.toFixed(decimals)}`;
}

/**
 * Formats a {@link ConfidenceInterval} as `mean ± halfWidth`; just the mean when there is one
 * value (no interval).
 *
 * @param value - the statistic.
 * @param decimals - digits after the point.
 * @param suffix - appended to the mean (e.g. `x` for step-time ratios).
 */
export function formatInterval(value: ConfidenceInterval, decimals: number, suffix = ''): string {
  const mean = `${value.mean.toFixed(decimals)}${suffix}`;
  return value.halfWidth === null ? mean : `${mean} ± ${value.halfWidth.toFixed(decimals)}`;
}

/** Marker appended to a paired difference whose interval excludes 0. */
export const RESOLVED_MARKER = '*';

/** A number with an explicit sign (`+3.1`, `-0.4`, `0.0` when it rounds to zero). */
function signed(value: number, decimals: number): string {
  const text = value.toFixed(decimals);
  if (Number(text) === 0) return (0).toFixed(decimals);
  return value > 0 ? `+${text}` : text;
}

/**
 * Formats a {@link PairedDifference} as `+3.1 ± 1.2 *`: signed mean, the interval's
 * half-width, and {@link RESOLVED_MARKER} when the interval excludes 0; just the signed mean
 * for a single pair.
 *
 * @param value - the difference.
 * @param decimals - digits after the point.
 */
export function formatDifference(value: PairedDifference, decimals: number): string {
  const mean = signed(value.mean, decimals);
  if (value.halfWidth === null) return mean;
  const text = `${mean} ± ${value.halfWidth.toFixed(decimals)}`;
  return value.resolved ? `${text} ${RESOLVED_MARKER}` : text;
}
