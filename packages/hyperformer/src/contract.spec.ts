/**
 * Vanilla adapters against the method contract on a real (tiny) T5: freezing, accounting,
 * shapes, leaks, round trips, seeding, no-op init and mixed-task batches. (HyperFormer++ runs
 * the same suite in contract-hyperformer-pp.spec.ts, so that jest can run both in parallel.)
 */
import { describePeftContract } from '@hyperprompt/testing';
import { adapters } from './adapters';

describePeftContract(adapters, [
  { name: 'r = 8, gelu_new, post-LayerNorm, 3 tasks', options: { reductionFactor: 8 } },
  {
    name: 'zero-up init with post-LayerNorm is an exact no-op',
    options: { bottleneckSize: 3, init: 'zero-up' },
    noOpInit: true,
  },
  {
    name: 'encoder only, relu, no LayerNorm, 2 tasks',
    options: { bottleneckSize: 4, activation: 'relu', decoder: false, layerNorm: false },
    numTasks: 2,
  },
  {
    name: 'decoder only, swish, zero-up without LayerNorm (no-op), one task',
    options: { bottleneckSize: 2, activation: 'swish', encoder: false, init: 'zero-up', layerNorm: false },
    numTasks: 1,
    noOpInit: true,
  },
]);
