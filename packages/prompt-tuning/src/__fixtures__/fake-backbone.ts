/**
 * A fake backbone for the specs: a spec, a fingerprint and a token table `[V, D]` whose row
 * i is `[i, i + 0.01, i + 0.02, ...]`, so every row is recognisable. No T5 needed.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackboneHandle, BackboneSpec } from '@hyperprompt/core';

/** Spec of the fake backbone: D = 4, V = 64. */
export const FAKE_SPEC: BackboneSpec = {
  architecture: 'fake',
  dModel: 4,
  numHeads: 2,
  headDim: 2,
  dFF: 8,
  numLayers: { encoder: 2, decoder: 2 },
  vocabSize: 64,
};

/** Row `i` of the fake token table. */
export function fakeRow(i: number, d = FAKE_SPEC.dModel): number[] {
  return Array.from({ length: d }, (_, j) => i + j / 100);
}

/** A backbone handle over a fresh token table; dispose `tokenEmbedding` when done. */
export function fakeBackbone(spec: BackboneSpec = FAKE_SPEC): BackboneHandle {
  const rows = Array.from({ length: spec.vocabSize }, (_, i) => fakeRow(i, spec.dModel));
  return { spec, fingerprint: `fake-${spec.vocabSize}x${spec.dModel}`, tokenEmbedding: tf.tensor2d(rows) };
}
