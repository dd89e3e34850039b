/**
 * Backbone specs of public T5 checkpoints as literals (a method package may not import the t5
 * package), with their parameter counts in the closed form of `@hyperprompt/t5`'s
 * `t5ParameterCount` (tied embeddings for v1.0, untied and gated-GELU for v1.1).
 */
import type { BackboneSpec } from '@hyperprompt/core';
import type { NamedBackbone } from '../parameters';

interface T5Sizes {
  readonly d: number;
  readonly heads: number;
  readonly headDim: number;
  readonly dFF: number;
  readonly layers: number;
  readonly v11: boolean;
}

function t5(name: string, s: T5Sizes): NamedBackbone {
  const spec: BackboneSpec = {
    architecture: 't5',
    dModel: s.d,
    numHeads: s.heads,
    headDim: s.headDim,
    dFF: s.dFF,
    numLayers: { encoder: s.layers, decoder: s.layers },
    vocabSize: 32128,
  };
  const inner = s.heads * s.headDim;
  const attention = 4 * s.d * inner + s.d;
  const ffn = (s.v11 ? 3 : 2) * s.d * s.dFF + s.d;
  const stackExtras = 32 * s.heads + s.d;
  const parameters =
    spec.vocabSize * s.d * (s.v11 ? 2 : 1) +
    s.layers * (attention + ffn) +
    s.layers * (2 * attention + ffn) +
    2 * stackExtras;
  return { name, spec, parameters };
}

/** T5 v1.0 and v1.1 (T5.1.1) sizes. */
export const T5_BACKBONES: readonly NamedBackbone[] = [
  t5('t5-base', { d: 768, heads: 12, headDim: 64, dFF: 3072, layers: 12, v11: false }),
  t5('t5-large', { d: 1024, heads: 16, headDim: 64, dFF: 4096, layers: 24, v11: false }),
  t5('t5.1.1-base', { d: 768, heads: 12, headDim: 64, dFF: 2048, layers: 12, v11: true }),
  t5('t5.1.1-large', { d: 1024, heads: 16, headDim: 64, dFF: 2816, layers: 24, v11: true }),
  t5('t5.1.1-xl', { d: 2048, heads: 32, headDim: 64, dFF: 5120, layers: 24, v11: true }),
  t5('t5.1.1-xxl', { d: 4096, heads: 64, headDim: 64, dFF: 10240, layers: 24, v11: true }),
];
