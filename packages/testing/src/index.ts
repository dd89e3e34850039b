/**
 * `@hyperprompt/testing`: the jest contract suite every method package runs
 * ({@link describePeftContract}), its individual checks, and helpers to run a method on a
 * tiny seeded T5 with a mixed-task batch.
 *
 * The suite is written for jest: {@link describePeftContract} calls jest's global `describe`,
 * `beforeAll` and `it`, so call it at the top level of a `*.spec.ts` file. The checks, for every
 * config row, on `t5Preset('tiny', { dropoutRate: 0 })`:
 *
 * 1. under the `method` policy one Adam step changes a module variable and no backbone variable;
 * 2. variable names start with `${kind}/` and `countParameters` matches the variables;
 * 3. logits are `[B, T, V]` and widened masks/bias agree with the hooks' outputs;
 * 4. no tensor leaks across forward, training, save and load; `dispose` frees every variable;
 * 5. the config survives JSON, and a bundle save/load reproduces the logits bit for bit;
 * 6. one seed gives identical variables and logits, another seed different variables;
 * 7. a row with a no-op init reproduces the plain backbone's logits;
 * 8. each example of a mixed-task batch gets the logits it gets in a batch of its task alone, at
 *    init and with perturbed (non-initial) variables, where another task id must change them.
 *
 * @example
 * ```ts
 * // packages/my-method/src/contract.spec.ts
 * import { describePeftContract } from '@hyperprompt/testing';
 * import { myMethod } from './my-method';
 *
 * describePeftContract(myMethod, [
 *   { name: 'zero init', options: { init: 'zeros' }, noOpInit: true },
 *   { name: 'one task', options: { length: 2 }, numTasks: 1 },
 * ]);
 * ```
 *
 * @packageDocumentation
 */
export { describePeftContract, runContractCheck, CONTRACT_CHECKS, type ContractCheckName } from './contract';
export {
  createFixture,
  ensure,
  firstDifference,
  withModule,
  type PeftContractCase,
  type PeftContractOptions,
  type ContractFixture,
} from './contract-case';
export {
  tinyBackbone,
  mixedBatch,
  subBatch,
  runForward,
  trainStep,
  methodVarList,
  snapshotVariables,
  perturbVariables,
  type MixedBatch,
  type PerturbOptions,
} from './harness';
export { taskNames, withTempDir } from './checks-training';
