/**
 * HyperFormer++ against the method contract on a real (tiny) T5: freezing, accounting, shapes,
 * leaks, round trips, seeding, no-op init and mixed-task batches.
 */
import { describePeftContract } from '@hyperprompt/testing';
import { hyperformerPP } from './hyperformer-pp';

const SMALL = {
  taskEmbeddingDim: 8,
  layerEmbeddingDim: 6,
  siteEmbeddingDim: 4,
  projectorHiddenDim: 16,
  projectedDim: 8,
};

describePeftContract(hyperformerPP, [
  { name: 'one controller per stack, r = 8, gelu_new, 3 tasks', options: { ...SMALL, reductionFactor: 8 } },
  {
    name: 'shared across stacks, relu, no LayerNorms, 2 tasks',
    options: {
      ...SMALL,
      bottleneckSize: 4,
      shareAcrossStacks: true,
      activation: 'relu',
      layerNorm: false,
      projectorLayerNorm: false,
    },
    numTasks: 2,
  },
  {
    name: 'zero-up init is an exact no-op (encoder only, swish)',
    options: { ...SMALL, bottleneckSize: 4, init: 'zero-up', decoder: false, activation: 'swish' },
    noOpInit: true,
  },
]);
