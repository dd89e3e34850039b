/**
 * Kernel benchmark cases: each compares the plain tfjs formulation ("naive", what one writes
 * without `@hyperprompt/core`) with the core kernel, forward and backward.
 *
 * Axes: B batch, N heads, T query length, S key length (= T here), H head dim, D width,
 * V vocabulary, R rows, I/O input/output features, G = B·N attention groups.
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';
import { attentionContext, attentionScores, gatherRows, linear } from '@hyperprompt/core';
import type { BenchSizes } from './sizes';
import type { Work } from './timing';

/** One formulation of a case. */
export interface Variant {
  /** Short label; the first variant of a case is the baseline. */
  readonly name: string;
  /** The timed work. */
  readonly run: Work;
}

/** A group of formulations of the same computation, on shared inputs. */
export interface BenchCase {
  /** What is computed, with its sizes. */
  readonly name: string;
  /** Multiply-add FLOPs of one run, or undefined where GFLOP/s means nothing (lookups). */
  readonly flops: number | undefined;
  /** Baseline first. */
  readonly variants: readonly Variant[];
  /** Frees the shared inputs. */
  readonly dispose: () => void;
}

const randn = (shape: number[], seed: number): tf.Tensor => tf.randomNormal(shape, 0, 1, 'float32', seed);

/** Gradients of sum(f(...inputs)) with respect to every input. */
const gradsOfSum =
  (f: (...xs: tf.Tensor[]) => tf.Tensor, inputs: tf.Tensor[]): Work =>
  () =>
    tf.grads((...xs: tf.Tensor[]) => tf.sum(f(...xs)))(inputs);

const swapLast = (x: tf.Tensor): tf.Tensor => tf.transpose(x, [0, 1, 3, 2]); // [..., A, B] -> [..., B, A]

// Batched matMuls with explicit transposes and a gradient of plain NN matMuls only.
const scoresTransposeNN = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const [q, k, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.GradSaveFunc];
  save([q, k]);
  return {
    value: tf.matMul(q, swapLast(k)), // [B, N, T, H] · [B, N, H, S]
    gradFunc: (dy: tf.Tensor, [sq, sk]: tf.Tensor[]) => [
      tf.matMul(dy, sk), // dq = dy · k
      tf.matMul(swapLast(dy), sq), // dk = dyᵀ · q
    ],
  };
});

const contextTransposeNN = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const [p, v, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.GradSaveFunc];
  save([p, v]);
  return {
    value: tf.matMul(p, v), // [B, N, T, S] · [B, N, S, H]
    gradFunc: (dy: tf.Tensor, [sp, sv]: tf.Tensor[]) => [
      tf.matMul(dy, swapLast(sv)), // dp = dy · vᵀ
      tf.matMul(swapLast(sp), dy), // dv = pᵀ · dy
    ],
  };
});

/** Naive dense layer: 2-D `tf.matMul` with its own (transpose-flag) gradient. */
export function naiveLinear(x: tf.Tensor, w: tf.Tensor, bias?: tf.Tensor): tf.Tensor {
  const [inFeatures, outFeatures] = w.shape;
  const rows = tf.matMul(tf.reshape(x, [-1, inFeatures]), w); // [..., I] -> [R, I] · [I, O]
  return tf.reshape(bias ? tf.add(rows, bias) : rows, [...x.shape.slice(0, -1), outFeatures]); // -> [..., O]
}

/** Naive trainable embedding: one-hot rows times the table (`tf.gather`'s gradient fails on wasm). */
export function naiveEmbedding(table: tf.Tensor, ids: tf.Tensor): tf.Tensor {
  const [vocab, width] = table.shape;
  const rows = tf.matMul(tf.oneHot(tf.reshape(ids, [-1]), vocab), table); // [L, V] · [V, D]
  return tf.reshape(rows, [...ids.shape, width]); // [L, D] -> [..., D]
}

/** Builds every kernel case for `sizes`; inputs are seeded, so every backend sees the same data. */
export function kernelCases(sizes: BenchSizes): BenchCase[] {
  const { matMul: n, linear: lin, embedding: emb, attention: att } = sizes;
  const cases: BenchCase[] = [];

  const a = randn([n, n], 1);
  const b = randn([n, n], 2);
  cases.push({
    name: `matMul 2-D forward ${n}x${n}x${n}`,
    flops: 2 * n ** 3,
    variants: [{ name: 'tf.matMul', run: () => tf.matMul(a, b) }],
    dispose: () => tf.dispose([a, b]),
  });

  const x = randn([lin.rows, lin.in], 3);
  const w = randn([lin.in, lin.out], 4);
  const bias = randn([lin.out], 5);
  cases.push({
    name: `linear fwd+bwd [${lin.rows}, ${lin.in}] -> ${lin.out}`,
    flops: 3 * 2 * lin.rows * lin.in * lin.out,
    variants: [
      { name: 'naive tf.matMul', run: gradsOfSum(naiveLinear, [x, w, bias]) },
      { name: 'linear', run: gradsOfSum(linear, [x, w, bias]) },
    ],
    dispose: () => tf.dispose([x, w, bias]),
  });

  const table = randn([emb.vocab, emb.width], 6);
  const ids = tf.randomUniform([emb.batch, emb.length], 0, emb.vocab, 'int32', 7);
  const lookup =
    (f: (t: tf.Tensor, i: tf.Tensor) => tf.Tensor): Work =>
    () =>
      tf.grad((t: tf.Tensor) => tf.sum(f(t, ids)))(table);
  cases.push({
    name: `embedding fwd+bwd V=${emb.vocab} D=${emb.width} ids [${emb.batch}, ${emb.length}]`,
    flops: undefined,
    variants: [
      { name: 'naive oneHot·matMul', run: lookup(naiveEmbedding) },
      { name: 'gatherRows', run: lookup(gatherRows) },
    ],
    dispose: () => tf.dispose([table, ids]),
  });

  const shape = [att.batch, att.heads, att.length, att.headDim];
  const q = randn(shape, 8);
  const k = randn(shape, 9);
  const v = randn(shape, 10);
  const probs = tf.softmax(randn([att.batch, att.heads, att.length, att.length], 11));
  const attentionFlops = 3 * 2 * att.batch * att.heads * att.length * att.length * att.headDim;
  const dims = `[${shape.join(', ')}]`;
  cases.push({
    name: `attention scores q·kᵀ fwd+bwd ${dims}`,
    flops: attentionFlops,
    variants: [
      {
        name: 'naive tf.matMul(q, k, false, true)',
        run: gradsOfSum((s, t) => tf.matMul(s, t, false, true), [q, k]),
      },
      { name: 'transpose + NN matMul', run: gradsOfSum(scoresTransposeNN, [q, k]) },
      { name: 'depthwise conv', run: gradsOfSum((s, t) => attentionScores(s, t, 'depthwise'), [q, k]) },
      { name: 'attentionScores (auto)', run: gradsOfSum((s, t) => attentionScores(s, t), [q, k]) },
    ],
    dispose: () => tf.dispose([q, k]),
  });
  cases.push({
    name: `attention context p·v fwd+bwd ${dims}`,
    flops: attentionFlops,
    variants: [
      { name: 'naive tf.matMul(p, v)', run: gradsOfSum((s, t) => tf.matMul(s, t), [probs, v]) },
      { name: 'transpose + NN matMul', run: gradsOfSum(contextTransposeNN, [probs, v]) },
      { name: 'depthwise conv', run: gradsOfSum((s, t) => attentionContext(s, t, 'depthwise'), [probs, v]) },
      { name: 'attentionContext (auto)', run: gradsOfSum((s, t) => attentionContext(s, t), [probs, v]) },
    ],
    dispose: () => tf.dispose([probs, v]),
  });
  return cases;
}
