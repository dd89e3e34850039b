/**
 * HyperPrompt against the method contract on a real (tiny) T5: freezing, accounting, shapes,
 * leaks, round trips, seeding and mixed-task batches, for every variant and site selection,
 * and for the materialised (`static`) form. No row is a no-op init: prompt columns always
 * take softmax mass (see the README), so check (7) does not apply.
 */
import { initBackend } from '@hyperprompt/core';
import { describePeftContract } from '@hyperprompt/testing';
import { hyperPrompt } from './hyperprompt';

// Registers wasm (the default backend without tfjs-node, several times faster than cpu here);
// the suite then selects it.
beforeAll(() => initBackend({ prefer: ['wasm'], log: () => undefined }));

describePeftContract(
  hyperPrompt,
  [
    {
      name: 'global (default: both stacks, shared layer table), l = 4, b = 4',
      options: { promptLength: 4, bottleneck: 4 },
    },
    {
      name: 'global, decoder only + cross-attention, per-stack tables, LayerNorm on I, all biases, l = 2, b = 3',
      options: {
        promptLength: 2,
        bottleneck: 3,
        useEncoder: false,
        useCrossAttention: true,
        layerIndexing: 'per-stack',
        projectorLayerNorm: true,
        generatorBias: true,
        localBias: true,
        taskEmbeddingDim: 5,
        layerEmbeddingDim: 3,
        projectorHiddenDim: 6,
        projectedDim: 4,
      },
    },
    {
      name: 'share, encoder only, block 1, l = 5, b = 8, local biases, fan-in init, uniform prompts',
      options: {
        variant: 'share',
        promptLength: 5,
        bottleneck: 8,
        useDecoder: false,
        layers: [1],
        localBias: true,
        localInit: 'fan-in',
        promptInit: 'uniform',
      },
    },
    {
      name: 'sep, both stacks, l = 1, b = 2, 2 tasks',
      options: { variant: 'sep', promptLength: 1, bottleneck: 2 },
      numTasks: 2,
    },
    { name: 'static (the materialised form), l = 3', options: { variant: 'static', promptLength: 3 } },
  ],
  { backend: 'wasm' },
);
