/**
 * Value and gradients of a binary tensor function in one call, for tests that compare a
 * custom-gradient kernel with its plain tfjs formulation.
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';

/**
 * `f(a, b)` and the gradients of `sum(f(a, b) * weights)` with respect to `a` and `b`, read
 * back as arrays (random `weights` make every output element matter to the gradients).
 *
 * @returns `[value, dA, dB]`.
 */
export function valueAndGrads(
  f: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor,
  a: tf.Tensor,
  b: tf.Tensor,
  weights: tf.Tensor,
): Float32Array[] {
  return tf.tidy(() => {
    const grads = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(f(x, y), weights)))([a, b]);
    return [f(a, b), ...grads].map((t) => t.dataSync() as Float32Array);
  });
}
