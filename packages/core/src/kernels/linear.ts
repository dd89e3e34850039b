/**
 * Dense layers whose forward and backward passes both stay on the fast path of the wasm
 * backend. There, `matMul` runs on XNNPACK only for plain 2-D inputs without transpose
 * flags; the automatic gradient of `tf.matMul` sets those flags and falls back to a naive
 * loop about 10x slower. {@link matMul2d} has a custom gradient made of explicit
 * `tf.transpose` and plain 2-D matMuls, and {@link linear} flattens its input to 2-D.
 *
 * Axes: R rows (all leading axes of the input flattened, e.g. B·T), I input features,
 * O output features. In the backbone the input is [B, T, D] (B batch, T sequence, D d_model).
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';
import { ShapeError } from '../errors';

function checkFloat(what: string, x: tf.Tensor): void {
  if (x.dtype !== 'float32') throw new ShapeError(what, 'a float32 tensor', `dtype ${x.dtype}`);
}

/**
 * Wraps a `tf.customGrad` op whose forward `save`s tensors so that tfjs's `IS_TEST` mode
 * (set by test setups to silence warnings) does not reject it. That mode checks after every
 * kernel that no data ids were created besides its outputs; `save` keeps a clone of each
 * saved tensor, which on wasm (whose Identity kernel copies) is a new data id, so the check
 * throws "Backend 'wasm' has an internal memory leak" although the engine disposes the
 * clones after backprop. The flag is switched off for the duration of the call only.
 *
 * @param op - the function `tf.customGrad` returned.
 * @returns the same op, safe under `IS_TEST`.
 */
export function withSavedTensors<F extends (...args: never[]) => tf.Tensor>(op: F): F {
  return ((...args: Parameters<F>) => {
    const env = tf.env();
    if (!env.getBool('IS_TEST')) return op(...args);
    env.set('IS_TEST', false);
    try {
      return op(...args);
    } finally {
      env.set('IS_TEST', true);
    }
  }) as F;
}

// a [R, I] · b [I, O] -> [R, O]; da = dy · bᵀ, db = aᵀ · dy, all plain 2-D matMuls.
const matMul2dWithGrad = withSavedTensors(
  tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [a, b, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
    save([a, b]);
    return {
      value: tf.matMul(a, b),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [savedA, savedB] = saved as [tf.Tensor2D, tf.Tensor2D];
        const dy2d = dy as tf.Tensor2D; // [R, O]
        return [tf.matMul(dy2d, tf.transpose(savedB)), tf.matMul(tf.transpose(savedA), dy2d)];
      },
    };
  }) as (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D,
);

/**
 * `a · b` for 2-D float32 tensors, with a gradient that uses no transpose flags, so that on
 * wasm the forward pass and both gradient matMuls run on XNNPACK. Values and gradients equal
 * `tf.matMul(a, b)`'s.
 *
 * @param a - left operand [R, I].
 * @param b - right operand [I, O].
 * @returns the product [R, O].
 * @throws `ShapeError` unless both are rank-2 float32 tensors with matching inner sizes.
 */
export function matMul2d(a: tf.Tensor, b: tf.Tensor): tf.Tensor2D {
  if (a.rank !== 2) throw new ShapeError('matMul2d(a)', '[R, I] (rank 2)', a.shape);
  if (b.rank !== 2) throw new ShapeError('matMul2d(b)', '[I, O] (rank 2)', b.shape);
  if (a.shape[1] !== b.shape[0]) {
    throw new ShapeError('matMul2d(b)', `[${a.shape[1]}, O] to match a [${a.shape.join(', ')}]`, b.shape);
  }
  checkFloat('matMul2d(a)', a);
  checkFloat('matMul2d(b)', b);
  return matMul2dWithGrad(a as tf.Tensor2D, b as tf.Tensor2D);
}

/**
 * A dense layer `x · w + bias` over the last axis of `x`, fast on wasm in both directions:
 * `x` is reshaped to 2-D and multiplied with {@link matMul2d}. Values and gradients equal
 * `tf.add(tf.matMul(x2d, w), bias)` reshaped back.
 *
 * @param x - input [..., I], float32, rank >= 1.
 * @param w - weight [I, O].
 * @param bias - optional bias [O].
 * @returns `[..., O]`: the leading axes of `x` with the last replaced by O.
 * @throws `ShapeError` naming the argument whose shape or dtype does not fit.
 *
 * @example
 * ```ts
 * const h = linear(x, wIn);          // x [B, T, D], wIn [D, F] -> [B, T, F]
 * const y = linear(tf.relu(h), wOut, bOut);
 * ```
 */
export function linear(x: tf.Tensor, w: tf.Tensor, bias?: tf.Tensor): tf.Tensor {
  if (w.rank !== 2) throw new ShapeError('linear(w)', '[I, O] (rank 2)', w.shape);
  const [inFeatures, outFeatures] = w.shape;
  if (x.rank < 1 || x.shape[x.rank - 1] !== inFeatures) {
    throw new ShapeError('linear(x)', `[..., ${inFeatures}] to match w [${w.shape.join(', ')}]`, x.shape);
  }
  if (bias !== undefined && (bias.rank !== 1 || bias.shape[0] !== outFeatures)) {
    throw new ShapeError('linear(bias)', `[${outFeatures}] to match w [${w.shape.join(', ')}]`, bias.shape);
  }
  checkFloat('linear(x)', x);
  checkFloat('linear(w)', w);
  if (bias !== undefined) checkFloat('linear(bias)', bias);
  const leading = x.shape.slice(0, -1);
  const rowCount = leading.reduce((product, size) => product * size, 1);
  return tf.tidy(() => {
    const rows = tf.reshape<tf.Rank.R2>(x, [rowCount, inFeatures]); // [..., I] -> [R, I]
    const product = matMul2dWithGrad(rows, w as tf.Tensor2D); // [R, O]
    const biased = bias === undefined ? product : tf.add(product, bias); // [R, O] + [O]
    return tf.reshape(biased, [...leading, outFeatures]); // [R, O] -> [..., O]
  });
}
