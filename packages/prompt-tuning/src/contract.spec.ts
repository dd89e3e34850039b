/**
 * Prompt-Tuning against the method contract on a real (tiny) T5: freezing, accounting,
 * shapes, leaks, round trips, seeding and mixed-task batches.
 */
import { describePeftContract } from '@hyperprompt/testing';
import { promptTuning } from './prompt-tuning';

describePeftContract(promptTuning, [
  { name: 'per-task prompts, P = 4, sampled vocabulary', options: { promptLength: 4 } },
  {
    name: 'per-task prompts, P = 2, uniform init, 2 tasks',
    options: { promptLength: 2, init: 'uniform' },
    numTasks: 2,
  },
  { name: 'one shared prompt (single-task case)', options: { promptLength: 3, shared: true }, numTasks: 1 },
]);
