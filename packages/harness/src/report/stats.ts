/**
 * Mean and sample standard deviation over seeds: the numbers every report cell shows.
 *
 * @packageDocumentation
 */

/** Mean, sample standard deviation (n - 1) and count of a set of runs' values. */
export interface MeanStd {
  /** Arithmetic mean. */
  readonly mean: number;
  /** Sample standard deviation (divides by n - 1); `null` when there is a single value. */
  readonly std: number | null;
  /** Number of values (runs, one per seed). */
  readonly n: number;
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
