/**
 * Conversion of user inputs (ragged JS arrays or int32 tensors) into padded id tensors and
 * 0/1 masks, with validation.
 *
 * Axis legend: B batch, T sequence length.
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';
import { ShapeError } from '@hyperprompt/core';

/** Token ids: a (possibly ragged) array of sequences, or an int32 tensor `[B, T]`. */
export type TokenIds = readonly (readonly number[])[] | tf.Tensor2D;

/** A 0/1 mask: an array of rows or a tensor `[B, T]`. */
export type TokenMask = readonly (readonly number[])[] | tf.Tensor2D;

/** Padded ids and their mask. */
export interface PaddedIds {
  /** `[B, T]` int32. */
  readonly ids: tf.Tensor2D;
  /** `[B, T]` float32, 1 for real tokens. */
  readonly mask: tf.Tensor2D;
}

/** Pads ragged rows to the longest with `fill`; returns the flat values and lengths. */
export function padRows(
  rows: readonly (readonly number[])[],
  fill: number,
  what: string,
): { values: Int32Array; lengths: number[]; width: number } {
  if (rows.length === 0) throw new ShapeError(what, '[B, T] with B ≥ 1', [0]);
  const width = Math.max(...rows.map((r) => r.length));
  if (width === 0) throw new ShapeError(what, 'sequences with at least one token', [rows.length, 0]);
  const values = new Int32Array(rows.length * width).fill(fill);
  rows.forEach((row, i) => {
    row.forEach((id, j) => {
      if (!Number.isInteger(id))
        throw new ShapeError(`${what}[${i}][${j}]`, 'an integer token id', String(id));
      values[i * width + j] = id;
    });
  });
  return { values, lengths: rows.map((r) => r.length), width };
}

function checkIdRange(
  ids: ArrayLike<number>,
  vocabSize: number,
  what: string,
  allow: readonly number[] = [],
): void {
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if ((id < 0 || id >= vocabSize) && !allow.includes(id)) {
      throw new ShapeError(`${what} (flat index ${i})`, `token ids in [0, ${vocabSize})`, String(id));
    }
  }
}

/**
 * Converts ids (and an optional mask) to tensors. Ragged arrays are padded with `padId` and
 * masked by length unless a mask is given; rectangular inputs without a mask get all ones,
 * as in Hugging Face. Tensors given by the caller are cloned (the caller keeps ownership).
 */
export function toPaddedIds(
  ids: TokenIds,
  mask: TokenMask | undefined,
  padId: number,
  vocabSize: number,
  what: string,
  allow: readonly number[] = [],
): PaddedIds {
  let idTensor: tf.Tensor2D;
  let lengths: number[] | undefined;
  if (ids instanceof tf.Tensor) {
    if (ids.rank !== 2) throw new ShapeError(what, '[B, T]', ids.shape);
    if (ids.dtype !== 'int32') throw new ShapeError(what, 'an int32 tensor', ids.dtype);
    checkIdRange(ids.dataSync(), vocabSize, what, allow);
    idTensor = ids.clone();
  } else {
    const padded = padRows(ids, padId, what);
    checkIdRange(padded.values, vocabSize, what, allow);
    idTensor = tf.tensor2d(padded.values, [ids.length, padded.width], 'int32');
    if (padded.lengths.some((l) => l !== padded.width)) lengths = padded.lengths;
  }
  const [b, t] = idTensor.shape;
  let maskTensor: tf.Tensor2D;
  if (mask !== undefined) {
    if (mask instanceof tf.Tensor) {
      maskTensor = mask.toFloat();
    } else {
      const m = padRows(mask, 0, `${what} mask`);
      maskTensor = tf.tensor2d(Float32Array.from(m.values), [mask.length, m.width]);
    }
    if (maskTensor.shape[0] !== b || maskTensor.shape[1] !== t) {
      const shape = maskTensor.shape;
      tf.dispose([idTensor, maskTensor]);
      throw new ShapeError(`${what} mask`, `[${b}, ${t}] like the ids`, shape);
    }
  } else if (lengths) {
    const values = new Float32Array(b * t);
    lengths.forEach((l, i) => values.fill(1, i * t, i * t + l));
    maskTensor = tf.tensor2d(values, [b, t]);
  } else {
    maskTensor = tf.ones([b, t]);
  }
  return { ids: idTensor, mask: maskTensor };
}

/** HF `_shift_right`: prepend the start id, drop the last label, replace -100 by the pad id. */
export function shiftRight(labels: tf.Tensor2D, startId: number, padId: number): tf.Tensor2D {
  return tf.tidy(() => {
    const [b, t] = labels.shape;
    const start = tf.fill([b, 1], startId, 'int32');
    const shifted = tf.concat([start, labels.slice([0, 0], [b, t - 1])], 1) as tf.Tensor2D; // [B, T]
    return tf.where(shifted.equal(-100), tf.fill([b, t], padId, 'int32'), shifted);
  });
}
