/**
 * Numeric closeness check between tensors, typed arrays, nested arrays and numbers.
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';
import { AssertionFailure } from './leak-check';

/** Something {@link expectClose} can compare. */
export type NumericLike = tf.Tensor | number | ArrayLike<number> | readonly NumericLike[];

/** Tolerances of {@link expectClose}: passes when `|a - b| <= atol + rtol * |b|` everywhere. */
export interface CloseTolerance {
  /** Absolute tolerance. @defaultValue 1e-5 */
  readonly atol?: number;
  /** Relative tolerance (relative to `expected`). @defaultValue 0 */
  readonly rtol?: number;
}

function flatten(x: NumericLike): { values: Float64Array; shape: number[] | undefined } {
  if (x instanceof tf.Tensor) return { values: Float64Array.from(x.dataSync()), shape: [...x.shape] };
  if (typeof x === 'number') return { values: Float64Array.of(x), shape: [] };
  const out: number[] = [];
  const walk = (v: NumericLike): void => {
    if (typeof v === 'number') out.push(v);
    else if (v instanceof tf.Tensor) out.push(...v.dataSync());
    else for (let i = 0; i < v.length; i++) walk((v as ArrayLike<NumericLike>)[i]);
  };
  walk(x);
  return { values: Float64Array.from(out), shape: undefined };
}

/**
 * Throws an {@link AssertionFailure} unless `actual` and `expected` have the same size (and
 * the same shape when both are tensors) and agree within the tolerance. NaN equals NaN only
 * when both are NaN. The message reports the worst element.
 *
 * @param actual - computed values.
 * @param expected - reference values.
 * @param tolerance - a number (atol) or {@link CloseTolerance}.
 */
export function expectClose(
  actual: NumericLike,
  expected: NumericLike,
  tolerance: number | CloseTolerance = {},
): void {
  const { atol = 1e-5, rtol = 0 } = typeof tolerance === 'number' ? { atol: tolerance } : tolerance;
  const a = flatten(actual);
  const e = flatten(expected);
  if (a.shape && e.shape && a.shape.join(',') !== e.shape.join(',')) {
    throw new AssertionFailure(`shape [${a.shape.join(', ')}] differs from expected [${e.shape.join(', ')}]`);
  }
  if (a.values.length !== e.values.length) {
    throw new AssertionFailure(`${a.values.length} values differ in number from expected ${e.values.length}`);
  }
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < a.values.length; i++) {
    const x = a.values[i];
    const y = e.values[i];
    if (Number.isNaN(x) || Number.isNaN(y)) {
      if (Number.isNaN(x) && Number.isNaN(y)) continue;
      worst = i;
      worstExcess = Infinity;
      break;
    }
    const excess = Math.abs(x - y) - (atol + rtol * Math.abs(y));
    if (excess > worstExcess || (excess > 0 && worst < 0)) {
      worst = i;
      worstExcess = excess;
    }
  }
  if (worst >= 0) {
    const x = a.values[worst];
    const y = e.values[worst];
    throw new AssertionFailure(
      `values differ at flat index ${worst}: got ${x}, expected ${y} ` +
        `(|diff| ${Math.abs(x - y)} > atol ${atol} + rtol ${rtol} * |expected|)`,
    );
  }
}
