/**
 * Correlation coefficients for regression tasks (STS-B), equal to SciPy's
 * `scipy.stats.pearsonr(x, y)[0]` and `scipy.stats.spearmanr(x, y)[0]` on the same inputs.
 * Values are in [-1, 1] (reports multiply by 100).
 *
 * Degenerate inputs, decided here and tested:
 * - a constant input (every value equal, including a single value) has no defined
 *   correlation: the result is `NaN`, as in SciPy (which also warns). We return `NaN` rather
 *   than throw because a model that predicts one value for every example is a normal event
 *   early in training, and T5 reports the metric as NaN then. Callers that average metrics
 *   must decide what NaN means for them (HyperFormer's code maps it to 0).
 * - length 1 counts as constant and gives `NaN` (SciPy's `spearmanr` does the same;
 *   `pearsonr` raises instead).
 * - nearly constant inputs (where SciPy warns `NearConstantInputWarning`): SciPy's rounded
 *   mean can make its value inaccurate (0.5 instead of 0.674 for
 *   `pearson([1, 1 + 2^-52, 1, 1 + 2^-51], [1, 2, 3, 4])`); {@link pearson} carries the mean
 *   in extra precision and returns the exact value to within rounding, so it can differ
 *   from SciPy there and only there.
 * - `NaN` inputs throw a `ConfigError` naming the argument and index (SciPy would propagate
 *   NaN). Infinite inputs throw in {@link pearson} (SciPy would return NaN) and are ranked
 *   normally in {@link spearman}.
 *
 * @packageDocumentation
 */
import { checkNumbers, checkPaired, compensatedSum } from './internal';

function isConstant(values: ArrayLike<number>): boolean {
  for (let i = 1; i < values.length; i++) if (values[i] !== values[0]) return false;
  return true;
}

/**
 * Copies `values` scaled by a power of two so that the largest magnitude lies in [1, 2).
 * Scaling by a power of two is exact, leaves every correlation unchanged, and keeps the
 * sums of squares below away from overflow and underflow (e.g. for values near 1e300).
 */
function scaledCopy(values: ArrayLike<number>): Float64Array {
  let maxAbs = 0;
  for (let i = 0; i < values.length; i++) maxAbs = Math.max(maxAbs, Math.abs(values[i]));
  const out = Float64Array.from(values);
  if (maxAbs === 0) return out;
  // Two factors so that 2^-e stays representable for subnormal and huge maxima alike.
  const e = Math.floor(Math.log2(maxAbs));
  const half = Math.trunc(e / 2);
  const f1 = Math.pow(2, -half);
  const f2 = Math.pow(2, half - e);
  for (let i = 0; i < out.length; i++) out[i] = out[i] * f1 * f2;
  return out;
}

/**
 * Subtracts the mean in place. The mean is carried as a rounded value plus a correction
 * (`hi + lo`): `x - hi` is exact for values near the mean, so the deviations stay accurate
 * even when the mean itself is not representable (nearly constant inputs such as
 * `[1, 1 + 2^-52, 1, 1 + 2^-51]`).
 */
function center(values: Float64Array): void {
  const n = values.length;
  const hi = compensatedSum(values) / n;
  const deviations = values.map((v) => v - hi);
  const lo = compensatedSum(deviations) / n;
  for (let i = 0; i < n; i++) values[i] = deviations[i] - lo;
}

/** Neumaier-compensated dot product. */
function dot(a: Float64Array, b: Float64Array): number {
  const products = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) products[i] = a[i] * b[i];
  return compensatedSum(products);
}

/**
 * Pearson's product-moment correlation coefficient (SciPy `pearsonr(x, y)[0]`).
 *
 * Uses centred sums (two passes, compensated summation, the mean carried in extra
 * precision, exact power-of-two rescaling), so large offsets such as `1e9 + noise` and
 * magnitudes near the float64 limits are handled. The result is clipped to [-1, 1]; for two
 * distinct points it is exactly ±1, as in SciPy.
 *
 * Degenerate inputs: if `x` or `y` is constant (all values equal, or a single value) the
 * correlation is undefined and the result is `NaN`, as in SciPy (which warns; for a single
 * value SciPy raises instead). We return `NaN` rather than throw because a model that
 * predicts one value for every example is normal early in training and T5 then reports NaN;
 * callers that average metrics decide what NaN means for them. For nearly constant inputs,
 * where SciPy warns `NearConstantInputWarning` and its own value can be inaccurate, this
 * function returns the exact value to within rounding and may differ from SciPy.
 *
 * @param x - first sample (finite numbers).
 * @param y - second sample, the same length as `x` (finite numbers).
 * @returns a value in [-1, 1], or `NaN` when `x` or `y` is constant.
 * @throws ConfigError if the arrays are empty or differ in length, or hold NaN or ±Infinity
 *   (SciPy would return NaN).
 */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  checkPaired('pearson', 'x', x, 'y', y);
  checkNumbers('pearson', 'x', x, false);
  checkNumbers('pearson', 'y', y, false);
  if (isConstant(x) || isConstant(y)) return NaN;
  if (x.length === 2) return Math.sign(x[1] - x[0]) * Math.sign(y[1] - y[0]);
  const xs = scaledCopy(x);
  const ys = scaledCopy(y);
  center(xs);
  center(ys);
  const r = dot(xs, ys) / (Math.sqrt(dot(xs, xs)) * Math.sqrt(dot(ys, ys)));
  return Math.min(1, Math.max(-1, r));
}

/**
 * 1-based ranks with ties given the average of the ranks they span (SciPy
 * `rankdata(values, method="average")`). For example `[10, 20, 20, 5]` gives
 * `[2, 3.5, 3.5, 1]`.
 *
 * @param values - numbers to rank (NaN is not allowed; ±Infinity rank as extremes).
 * @returns the ranks, in the order of `values`.
 * @throws ConfigError if `values` holds NaN or a non-number.
 */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  checkNumbers('averageRanks', 'values', values, true);
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b] || a - b);
  const ranks = new Float64Array(n);
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && values[order[end]] === values[order[start]]) end++;
    // Positions start..end-1 (0-based) hold equal values: ranks start+1..end, mean (start+1+end)/2.
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]] = rank;
    start = end;
  }
  return ranks;
}

/**
 * Spearman's rank correlation coefficient (SciPy `spearmanr(x, y)[0]`): the Pearson
 * correlation of the average ranks ({@link averageRanks}), so ties are handled exactly as in
 * SciPy. The arithmetic mirrors NumPy's `corrcoef` on the ranks; rank sums are exact in
 * float64, so results agree with SciPy to the last bit for inputs of practical size.
 *
 * Degenerate inputs: if `x` or `y` is constant (all values equal, or a single value) the
 * result is `NaN`, as in SciPy. ±Infinity are ranked as extremes, as in SciPy.
 *
 * @param x - first sample (numbers; ±Infinity allowed, NaN not).
 * @param y - second sample, the same length as `x`.
 * @returns a value in [-1, 1], or `NaN` when `x` or `y` is constant or has length 1.
 * @throws ConfigError if the arrays are empty or differ in length, or hold NaN (SciPy would
 *   return NaN).
 */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  checkPaired('spearman', 'x', x, 'y', y);
  checkNumbers('spearman', 'x', x, true);
  checkNumbers('spearman', 'y', y, true);
  if (isConstant(x) || isConstant(y)) return NaN;
  const n = x.length;
  const rx = averageRanks(x);
  const ry = averageRanks(y);
  // The mean rank is (n + 1) / 2 exactly; deviations are exact multiples of 1/2.
  const meanRank = (n + 1) / 2;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = rx[i] - meanRank;
    const dy = ry[i] - meanRank;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  // np.cov multiplies by 1/(n-1); np.corrcoef divides row-wise then column-wise.
  const f = 1 / (n - 1);
  const r = (sxy * f) / Math.sqrt(syy * f) / Math.sqrt(sxx * f);
  return Math.min(1, Math.max(-1, r));
}
