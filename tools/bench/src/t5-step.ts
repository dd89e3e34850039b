/**
 * A small T5-like training step: token embedding, a stack of pre-RMSNorm blocks (multi-head
 * self-attention without scaling, ReLU feed-forward, residuals), a final RMSNorm, an output
 * layer and softmax cross-entropy, trained with Adam. The same model runs with the naive
 * tfjs formulations or with the core kernels; both start from the same seeded weights.
 *
 * Axes: B batch, T sequence length (S = T), D d_model, N heads, H head dim (D = N·H),
 * F feed-forward width, V vocabulary.
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';
import { attentionContext, attentionScores, gatherRows, linear } from '@hyperprompt/core';
import { naiveEmbedding, naiveLinear } from './cases';
import type { ModelSizes } from './sizes';

/** The four operations the two variants implement differently. */
export interface StepKernels {
  /** Dense layer [..., I] · [I, O]. */
  readonly linear: (x: tf.Tensor, w: tf.Tensor) => tf.Tensor;
  /** Trainable lookup: table [V, D], ids [B, T] -> [B, T, D]. */
  readonly embed: (table: tf.Tensor, ids: tf.Tensor) => tf.Tensor;
  /** [B, N, T, H] · [B, N, S, H]ᵀ -> [B, N, T, S]. */
  readonly scores: (q: tf.Tensor, k: tf.Tensor) => tf.Tensor;
  /** [B, N, T, S] · [B, N, S, H] -> [B, N, T, H]. */
  readonly context: (p: tf.Tensor, v: tf.Tensor) => tf.Tensor;
}

/** Plain tfjs: 2-D matMul with autograd, one-hot embedding, built-in batched matMuls. */
export const NAIVE_KERNELS: StepKernels = {
  linear: (x, w) => naiveLinear(x, w),
  embed: naiveEmbedding,
  scores: (q, k) => tf.matMul(q, k, false, true),
  context: (p, v) => tf.matMul(p, v),
};

/** The `@hyperprompt/core` kernels. */
export const FAST_KERNELS: StepKernels = {
  linear: (x, w) => linear(x, w),
  embed: gatherRows,
  scores: (q, k) => attentionScores(q, k),
  context: (p, v) => attentionContext(p, v),
};

/** Matmul FLOPs of one forward + backward step (embedding lookup excluded). */
export function stepFlops(m: ModelSizes): number {
  const rows = m.batch * m.length;
  const headDim = m.dModel / m.heads;
  const attention = 2 * 2 * m.batch * m.heads * m.length * m.length * headDim;
  const perLayer = 4 * 2 * rows * m.dModel * m.dModel + 2 * 2 * rows * m.dModel * m.dFF + attention;
  return 3 * (m.layers * perLayer + 2 * rows * m.dModel * m.vocab);
}

function rmsNorm(x: tf.Tensor, gain: tf.Tensor): tf.Tensor {
  const meanSquare = tf.mean(tf.square(x), -1, true); // [B, T, 1]
  return tf.mul(tf.mul(x, tf.rsqrt(tf.add(meanSquare, 1e-6))), gain);
}

/** A model instance: its variables, one training step, and the loss on the fixed batch. */
export interface StepModel {
  /** Computes the loss on the fixed batch without training. */
  readonly loss: () => tf.Scalar;
  /** One Adam step; returns the loss before the update. */
  readonly step: () => tf.Scalar;
  /** Frees variables, optimizer state and data. */
  readonly dispose: () => void;
}

/**
 * Builds the model with seeded weights and a seeded batch, using `kernels`.
 *
 * @param m - sizes.
 * @param kernels - {@link NAIVE_KERNELS} or {@link FAST_KERNELS}.
 */
export function createStepModel(m: ModelSizes, kernels: StepKernels): StepModel {
  let seed = 100;
  const weight = (shape: number[], std: number): tf.Variable =>
    tf.variable(tf.randomNormal(shape, 0, std, 'float32', seed++));
  const ones = (size: number): tf.Variable => tf.variable(tf.ones([size]));
  const d = m.dModel;
  const headDim = d / m.heads;
  const embedding = weight([m.vocab, d], 1);
  const layers = Array.from({ length: m.layers }, () => ({
    norm1: ones(d),
    q: weight([d, d], d ** -0.5),
    k: weight([d, d], d ** -0.5),
    v: weight([d, d], d ** -0.5),
    o: weight([d, d], d ** -0.5),
    norm2: ones(d),
    wi: weight([d, m.dFF], d ** -0.5),
    wo: weight([m.dFF, d], m.dFF ** -0.5),
  }));
  const finalNorm = ones(d);
  const head = weight([d, m.vocab], d ** -0.5);
  const ids = tf.randomUniform([m.batch, m.length], 0, m.vocab, 'int32', 7);
  const targets = tf.oneHot(
    tf.reshape(tf.randomUniform([m.batch, m.length], 0, m.vocab, 'int32', 8), [-1]),
    m.vocab,
  );
  const variables = [embedding, finalNorm, head, ...layers.flatMap((l) => Object.values(l))];

  const splitHeads = (x: tf.Tensor): tf.Tensor =>
    tf.transpose(tf.reshape(x, [m.batch, m.length, m.heads, headDim]), [0, 2, 1, 3]); // [B, T, D] -> [B, N, T, H]
  const mergeHeads = (x: tf.Tensor): tf.Tensor =>
    tf.reshape(tf.transpose(x, [0, 2, 1, 3]), [m.batch, m.length, d]); // [B, N, T, H] -> [B, T, D]

  const loss = (): tf.Scalar => {
    let x = kernels.embed(embedding, ids); // [B, T, D]
    for (const l of layers) {
      const h = rmsNorm(x, l.norm1);
      const [q, k, v] = [l.q, l.k, l.v].map((w) => splitHeads(kernels.linear(h, w)));
      const probs = tf.softmax(kernels.scores(q, k)); // [B, N, T, S]
      x = tf.add(x, kernels.linear(mergeHeads(kernels.context(probs, v)), l.o));
      const g = rmsNorm(x, l.norm2);
      x = tf.add(x, kernels.linear(tf.relu(kernels.linear(g, l.wi)), l.wo)); // [B, T, F] -> [B, T, D]
    }
    const logits = kernels.linear(rmsNorm(x, finalNorm), head); // [B, T, V]
    const flatLogits = tf.reshape(logits, [m.batch * m.length, m.vocab]); // [B, T, V] -> [B·T, V]
    return tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(targets, flatLogits);
  };

  const optimizer = tf.train.adam(1e-3);
  return {
    loss: () => tf.tidy(loss),
    step: () => {
      const cost = optimizer.minimize(loss, true, variables);
      if (cost === null) throw new Error('minimize returned no cost');
      return cost;
    },
    dispose: () => {
      tf.dispose([...variables, ids, targets]);
      optimizer.dispose();
    },
  };
}
