/**
 * Seeded initialisers. An initialiser turns a shape and a generator into initial values;
 * values are produced in JS from the {@link Rng}, so they are identical on every backend.
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError, ShapeError } from './errors';
import type { Rng } from './rng';

/** Makes the initial value of a variable of the given shape. */
export type Initializer = (shape: readonly number[], rng: Rng) => tf.Tensor;

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function checkStd(std: number): void {
  if (!(std >= 0) || !Number.isFinite(std)) throw new ConfigError('std', std, 'a finite number >= 0');
}

/** N(mean, std²) for every element. */
export function normal(std: number, mean = 0): Initializer {
  checkStd(std);
  return (shape, rng) => tf.tensor(rng.normalArray(sizeOf(shape), mean, std), [...shape], 'float32');
}

/** N(mean, std²) truncated to mean ± 2·std (resampled). */
export function truncatedNormal(std: number, mean = 0): Initializer {
  checkStd(std);
  return (shape, rng) => tf.tensor(rng.truncatedNormalArray(sizeOf(shape), mean, std), [...shape], 'float32');
}

/** U[min, max) for every element. */
export function uniform(min: number, max: number): Initializer {
  if (!(min < max)) throw new ConfigError('uniform.max', max, `a number > min (${min})`);
  return (shape, rng) => tf.tensor(rng.uniformArray(sizeOf(shape), min, max), [...shape], 'float32');
}

/** A constant value for every element. */
export function constant(value: number): Initializer {
  return (shape) => tf.fill([...shape], value, 'float32');
}

/** All zeros. */
export function zeros(): Initializer {
  return constant(0);
}

/** All ones. */
export function ones(): Initializer {
  return constant(1);
}

/** Options of {@link sampledRows}. */
export interface SampledRowsOptions {
  /** Sample only among the first `maxRow` rows (e.g. the 5,000 most frequent tokens). @defaultValue all rows */
  readonly maxRow?: number;
  /** Draw rows without replacement when possible. @defaultValue true */
  readonly distinct?: boolean;
}

/**
 * Rows copied from a table `[V, D]` at random: the initialiser of a `[P, D]` (or `[K, P, D]`)
 * variable whose every D-vector is a row of the table, as prompt tuning's sampled-vocabulary
 * init does. The table is read, never modified or captured for training.
 */
export function sampledRows(table: tf.Tensor2D, options: SampledRowsOptions = {}): Initializer {
  const [rows, width] = table.shape;
  const maxRow = options.maxRow ?? rows;
  if (!Number.isInteger(maxRow) || maxRow < 1 || maxRow > rows) {
    throw new ConfigError('sampledRows.maxRow', maxRow, `an integer in [1, ${rows}]`);
  }
  const distinct = options.distinct ?? true;
  return (shape, rng) => {
    if (shape.length < 1 || shape[shape.length - 1] !== width) {
      throw new ShapeError('sampledRows target', `[..., ${width}] (the table width)`, shape);
    }
    const count = sizeOf(shape) / width;
    let ids: number[];
    if (distinct && count <= maxRow) {
      ids = Array.from(rng.permutation(maxRow).subarray(0, count));
    } else {
      ids = Array.from({ length: count }, () => rng.int(maxRow));
    }
    return tf.tidy(() => tf.gather(table, tf.tensor1d(ids, 'int32')).reshape([...shape]));
  };
}

/** Values given explicitly (checked against the shape). */
export function fromValues(values: ArrayLike<number>): Initializer {
  return (shape) => {
    if (values.length !== sizeOf(shape)) {
      throw new ShapeError('fromValues', `${sizeOf(shape)} values for shape [${shape.join(', ')}]`, [
        values.length,
      ]);
    }
    return tf.tensor(Float32Array.from(values), [...shape], 'float32');
  };
}
