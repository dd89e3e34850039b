/**
 * A fake backbone for the unit specs: a spec, a fingerprint and a token table `[V, D]` whose
 * row i is `[i, i + 0.01, ...]`. No T5 needed.
 */
import * as tf from '@tensorflow/tfjs';
import type { AttentionKV, BackboneHandle, BackboneSpec } from '@hyperprompt/core';

/** D = 6, N = 2, H = 4 (N·H = 8 ≠ D on purpose), 3 encoder and 2 decoder blocks, V = 64. */
export const FAKE_SPEC: BackboneSpec = {
  architecture: 'fake',
  dModel: 6,
  numHeads: 2,
  headDim: 4,
  dFF: 8,
  numLayers: { encoder: 3, decoder: 2 },
  vocabSize: 64,
};

/** A backbone handle over a fresh token table; dispose `tokenEmbedding` when done. */
export function fakeBackbone(spec: BackboneSpec = FAKE_SPEC): BackboneHandle {
  const rows = Array.from({ length: spec.vocabSize }, (_, i) =>
    Array.from({ length: spec.dModel }, (_, j) => i + j / 100),
  );
  return { spec, fingerprint: `fake-${spec.vocabSize}x${spec.dModel}`, tokenEmbedding: tf.tensor2d(rows) };
}

/** Random keys/values `[B, N, S, H]` and a bias `[1, N, T, S]` for one attention call. */
export function randomKV(b: number, t: number, s: number, spec: BackboneSpec = FAKE_SPEC): AttentionKV {
  const { numHeads: n, headDim: h } = spec;
  return {
    keys: tf.randomNormal<tf.Rank.R4>([b, n, s, h], 0, 1, 'float32', 1),
    values: tf.randomNormal<tf.Rank.R4>([b, n, s, h], 0, 1, 'float32', 2),
    bias: tf.randomNormal<tf.Rank.R4>([1, n, t, s], 0, 1, 'float32', 3),
  };
}
