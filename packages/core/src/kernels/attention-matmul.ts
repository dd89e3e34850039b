/**
 * The two batched matMuls of attention, `scores = q · kᵀ` and `context = probs · v`, with
 * the formulation that is fastest on the current backend.
 *
 * On wasm a batched `matMul` (batch > 1) never reaches XNNPACK: it runs a scalar,
 * single-threaded loop at about 1 GFLOP/s whatever the transpose flags, and so do all four
 * matMuls of its gradient. Here every such product is a *depthwise convolution* instead,
 * which XNNPACK runs as a grouped GEMM (SIMD and multithreaded): with G = B·N groups,
 * `out[g] = a[g] · b[g]` is `depthwiseConv2d(input [1, M, K, G], filter [1, K, G, N'])`
 * with a 1×K window, giving `[1, M, 1, G·N']`. Three cheap transposes move the operands
 * into and out of that layout. Custom gradients express the backward products the same way
 * (wasm has no depthwise backprop kernels, and none are needed). The convolution repacks its
 * filter operand on every call, so it only pays off when each group has enough rows: `auto`
 * uses it on wasm when T and S are both at least {@link DEPTHWISE_MIN_LENGTH} (measured on
 * 2 cores with H = 64: about 3x faster forward + backward at T = S = 64, 1.1-2.4x at 32,
 * slower at 8-16 and for single-query decoding steps). On cpu and native tensorflow the
 * plain `tf.matMul` with its own gradient is faster and is always used. `tools/bench`
 * measures the variants.
 *
 * Axes: B batch, N heads, T query length, S key length, H head dim; G = B·N groups.
 * Inside {@link groupedMatMul}: [G, M, K] · [G, K, N'] -> [G, M, N'].
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError, ShapeError } from '../errors';
import { withSavedTensors } from './linear';

/**
 * How the attention matMuls are computed: `auto` picks `depthwise` on the wasm backend for
 * long enough sequences (see {@link DEPTHWISE_MIN_LENGTH}) and `matmul` otherwise;
 * `matmul` is the built-in `tf.matMul` with its own gradient; `depthwise` is the
 * grouped-convolution formulation (any backend, fast on wasm only).
 */
export type AttentionFormulation = 'auto' | 'matmul' | 'depthwise';

/** `auto` uses the depthwise formulation on wasm only when T >= this and S >= this. */
export const DEPTHWISE_MIN_LENGTH = 32;

/**
 * `a[g] · b[g]` for every group g as one depthwise convolution. No gradient of its own: it
 * is only used inside the custom gradients below.
 *
 * @param a - [G, M, K], or [G, K, M] when `transposeA`.
 * @param b - [G, K, N'], or [G, N', K] when `transposeB`.
 * @returns [G, M, N'].
 */
export function groupedMatMul(
  a: tf.Tensor3D,
  b: tf.Tensor3D,
  transposeA = false,
  transposeB = false,
): tf.Tensor3D {
  const [groups, a1, a2] = a.shape;
  const [m, k] = transposeA ? [a2, a1] : [a1, a2];
  const n = transposeB ? b.shape[1] : b.shape[2];
  return tf.tidy(() => {
    const aMKG = tf.transpose(a, transposeA ? [2, 1, 0] : [1, 2, 0]); // -> [M, K, G]
    const input = tf.reshape<tf.Rank.R4>(aMKG, [1, m, k, groups]); // NHWC [1, M, K, G]
    const bKGN = tf.transpose(b, transposeB ? [2, 0, 1] : [1, 0, 2]); // -> [K, G, N']
    const filter = tf.reshape<tf.Rank.R4>(bKGN, [1, k, groups, n]); // [1, K, G, N']
    const out = tf.depthwiseConv2d(input, filter, 1, 'valid'); // [1, M, 1, G·N']
    return tf.transpose(tf.reshape(out, [m, groups, n]), [1, 0, 2]); // [M, G, N'] -> [G, M, N']
  });
}

type Binary3D = (a: tf.Tensor3D, b: tf.Tensor3D) => tf.Tensor3D;

// q [G, T, H] · k [G, S, H]ᵀ -> [G, T, S]; dq = dy · k, dk = dyᵀ · q.
const scoresDepthwise = withSavedTensors(
  tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [q, k, save] = args as [tf.Tensor3D, tf.Tensor3D, tf.GradSaveFunc];
    save([q, k]);
    return {
      value: groupedMatMul(q, k, false, true),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [savedQ, savedK] = saved as [tf.Tensor3D, tf.Tensor3D];
        const dy3 = dy as tf.Tensor3D; // [G, T, S]
        return [groupedMatMul(dy3, savedK), groupedMatMul(dy3, savedQ, true, false)];
      },
    };
  }) as Binary3D,
);

// p [G, T, S] · v [G, S, H] -> [G, T, H]; dp = dy · vᵀ, dv = pᵀ · dy.
const contextDepthwise = withSavedTensors(
  tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [p, v, save] = args as [tf.Tensor3D, tf.Tensor3D, tf.GradSaveFunc];
    save([p, v]);
    return {
      value: groupedMatMul(p, v),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [savedP, savedV] = saved as [tf.Tensor3D, tf.Tensor3D];
        const dy3 = dy as tf.Tensor3D; // [G, T, H]
        return [groupedMatMul(dy3, savedV, false, true), groupedMatMul(savedP, dy3, true, false)];
      },
    };
  }) as Binary3D,
);

const FORMULATIONS: readonly AttentionFormulation[] = ['auto', 'matmul', 'depthwise'];

function useDepthwise(formulation: AttentionFormulation, t: number, s: number): boolean {
  if (!FORMULATIONS.includes(formulation)) throw new ConfigError('formulation', formulation, FORMULATIONS);
  if (formulation !== 'auto') return formulation === 'depthwise';
  return tf.getBackend() === 'wasm' && Math.min(t, s) >= DEPTHWISE_MIN_LENGTH;
}

function check4d(what: string, expected: string, x: tf.Tensor): void {
  if (x.rank !== 4) throw new ShapeError(what, `${expected} (rank 4)`, x.shape);
  if (x.dtype !== 'float32') throw new ShapeError(what, 'a float32 tensor', `dtype ${x.dtype}`);
}

/**
 * Attention logits `scores[b, n] = q[b, n] · k[b, n]ᵀ` (no scaling: T5 has none). Values and
 * gradients equal `tf.matMul(q, k, false, true)`'s.
 *
 * @param q - queries [B, N, T, H].
 * @param k - keys [B, N, S, H].
 * @param formulation - see {@link AttentionFormulation}. @defaultValue `'auto'`
 * @returns scores [B, N, T, S].
 * @throws `ShapeError` unless both are rank-4 float32 with equal B, N and H.
 */
export function attentionScores(
  q: tf.Tensor,
  k: tf.Tensor,
  formulation: AttentionFormulation = 'auto',
): tf.Tensor4D {
  check4d('attentionScores(q)', '[B, N, T, H]', q);
  check4d('attentionScores(k)', '[B, N, S, H]', k);
  const [b, n, t, h] = (q as tf.Tensor4D).shape;
  if (k.shape[0] !== b || k.shape[1] !== n || k.shape[3] !== h) {
    throw new ShapeError('attentionScores(k)', `[${b}, ${n}, S, ${h}] to match q`, k.shape);
  }
  const s = (k as tf.Tensor4D).shape[2];
  if (!useDepthwise(formulation, t, s)) return tf.matMul(q, k, false, true);
  return tf.tidy(() => {
    const q3 = tf.reshape<tf.Rank.R3>(q, [b * n, t, h]); // [B, N, T, H] -> [G, T, H]
    const k3 = tf.reshape<tf.Rank.R3>(k, [b * n, s, h]); // [B, N, S, H] -> [G, S, H]
    return tf.reshape(scoresDepthwise(q3, k3), [b, n, t, s]); // [G, T, S] -> [B, N, T, S]
  });
}

/**
 * Attention output `context[b, n] = probs[b, n] · v[b, n]`. Values and gradients equal
 * `tf.matMul(probs, v)`'s.
 *
 * @param probs - attention weights [B, N, T, S].
 * @param v - values [B, N, S, H].
 * @param formulation - see {@link AttentionFormulation}. @defaultValue `'auto'`
 * @returns context [B, N, T, H].
 * @throws `ShapeError` unless both are rank-4 float32 with equal B, N and S.
 */
export function attentionContext(
  probs: tf.Tensor,
  v: tf.Tensor,
  formulation: AttentionFormulation = 'auto',
): tf.Tensor4D {
  check4d('attentionContext(probs)', '[B, N, T, S]', probs);
  check4d('attentionContext(v)', '[B, N, S, H]', v);
  const [b, n, t, s] = (probs as tf.Tensor4D).shape;
  if (v.shape[0] !== b || v.shape[1] !== n || v.shape[2] !== s) {
    throw new ShapeError('attentionContext(v)', `[${b}, ${n}, ${s}, H] to match probs`, v.shape);
  }
  const h = (v as tf.Tensor4D).shape[3];
  if (!useDepthwise(formulation, t, s)) return tf.matMul(probs, v);
  return tf.tidy(() => {
    const p3 = tf.reshape<tf.Rank.R3>(probs, [b * n, t, s]); // [B, N, T, S] -> [G, T, S]
    const v3 = tf.reshape<tf.Rank.R3>(v, [b * n, s, h]); // [B, N, S, H] -> [G, S, H]
    return tf.reshape(contextDepthwise(p3, v3), [b, n, t, h]); // [G, T, H] -> [B, N, T, H]
  });
}
