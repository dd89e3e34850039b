/** The example method against the same contract suite every library method passes. */
import { describePeftContract } from '@hyperprompt/testing';
import { taskScaling } from './task-scaling';

describePeftContract(taskScaling, [
  { name: 'attention and ffn outputs', options: {}, noOpInit: true, deterministicInit: true },
  {
    name: 'ffn outputs only, 2 tasks',
    options: { sites: ['ffn'] },
    numTasks: 2,
    noOpInit: true,
    deterministicInit: true,
  },
]);
