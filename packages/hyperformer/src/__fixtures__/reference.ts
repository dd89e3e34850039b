/**
 * Plain-JS reference of the HyperFormer adapter (`y' = LN(U(act(D(y)))) + y`), for tests: no
 * tfjs, so the library's maths is checked against an independent computation.
 */
import type { BackboneSpec } from '@hyperprompt/core';

export type Matrix = number[][];

export const dot = (a: Matrix, b: Matrix): Matrix =>
  a.map((row) => b[0].map((_, j) => row.reduce((s, x, k) => s + x * b[k][j], 0)));

export const ACT: Record<'gelu_new' | 'relu' | 'swish', (x: number) => number> = {
  relu: (x) => Math.max(0, x),
  swish: (x) => x / (1 + Math.exp(-x)),
  gelu_new: (x) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3))),
};

export function layerNormRow(row: number[], gamma: number[], beta: number[], eps: number): number[] {
  const mean = row.reduce((a, b) => a + b, 0) / row.length;
  const variance = row.reduce((a, b) => a + (b - mean) ** 2, 0) / row.length;
  return row.map((v, j) => ((v - mean) / Math.sqrt(variance + eps)) * gamma[j] + beta[j]);
}

export interface ReferenceAdapter {
  down_weight: Matrix; // [D, r]
  down_bias: number[]; // [r]
  up_weight: Matrix; // [r, D]
  up_bias: number[]; // [D]
  ln_gamma?: number[]; // [D]
  ln_beta?: number[]; // [D]
}

/** `LN(act(y·Wd + bd)·Wu + bu) + y` for one example `y: [T, D]`. */
export function referenceAdapter(
  y: Matrix,
  w: ReferenceAdapter,
  activation: keyof typeof ACT,
  eps = 1e-5,
): Matrix {
  const down = dot(y, w.down_weight).map((r) => r.map((v, j) => ACT[activation](v + w.down_bias[j])));
  const up = dot(down, w.up_weight).map((r) => r.map((v, j) => v + w.up_bias[j]));
  const normed = w.ln_gamma && w.ln_beta ? up.map((r) => layerNormRow(r, w.ln_gamma!, w.ln_beta!, eps)) : up;
  return normed.map((r, t) => r.map((v, j) => v + y[t][j]));
}

/** t5-base as methods see it (built by hand: methods never import the backbone). */
export const T5_BASE_SPEC: BackboneSpec = {
  architecture: 't5',
  dModel: 768,
  numHeads: 12,
  headDim: 64,
  dFF: 3072,
  numLayers: { encoder: 12, decoder: 12 },
  vocabSize: 32128,
};

/** A small spec for config tests. */
export const SMALL_SPEC: BackboneSpec = {
  architecture: 't5',
  dModel: 32,
  numHeads: 4,
  headDim: 8,
  dFF: 64,
  numLayers: { encoder: 2, decoder: 2 },
  vocabSize: 128,
};
