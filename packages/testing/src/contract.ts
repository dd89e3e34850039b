/**
 * The contract suite: {@link describePeftContract} registers one jest test per check and per
 * config row; {@link runContractCheck} runs one check directly (e.g. to prove it can fail).
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';
import type { MethodConfig, PeftMethod, PeftModule } from '@hyperprompt/core';
import {
  createFixture,
  type ContractFixture,
  type PeftContractCase,
  type PeftContractOptions,
} from './contract-case';
import { checkAccounting, checkRoundTrip, checkShapes } from './checks-structure';
import { checkFreezing, checkNoLeaks } from './checks-training';
import { checkMixedBatch, checkNoOpInit, checkSeeding } from './checks-outputs';

/** Names of the contract checks, numbered as in the suite's description. */
export const CONTRACT_CHECKS = [
  'freezing',
  'accounting',
  'shapes',
  'leaks',
  'round-trip',
  'seeding',
  'no-op-init',
  'mixed-batch',
] as const;

/** One of {@link CONTRACT_CHECKS}. */
export type ContractCheckName = (typeof CONTRACT_CHECKS)[number];

type Check = <C extends MethodConfig>(fixture: ContractFixture<C>) => Promise<void>;

const CHECKS: Readonly<Record<ContractCheckName, { readonly title: string; readonly run: Check }>> = {
  freezing: {
    title: '(1) an optimiser step under the method policy changes only module variables',
    run: checkFreezing,
  },
  accounting: {
    title: '(2) variable names carry the kind prefix and countParameters matches',
    run: checkAccounting,
  },
  shapes: { title: '(3) logits, masks and widened bias have consistent shapes', run: checkShapes },
  leaks: { title: '(4) no tensor leaks across forward, training, save and load', run: checkNoLeaks },
  'round-trip': {
    title: '(5) the config survives JSON and a bundle reproduces the logits bit for bit',
    run: checkRoundTrip,
  },
  seeding: { title: '(6) one seed gives identical variables and logits', run: checkSeeding },
  'no-op-init': { title: '(7) a no-op init reproduces the plain backbone', run: checkNoOpInit },
  'mixed-batch': {
    title: '(8) a mixed-task batch matches batches of one task each, at init and perturbed',
    run: checkMixedBatch,
  },
};

/**
 * Runs one contract check of `method` on one config row, on a fresh tiny backbone that is
 * disposed afterwards. Rejects with an `AssertionFailure` (or the method's own error) when the
 * method breaks the contract.
 *
 * @example
 * ```ts
 * await expect(runContractCheck('accounting', brokenMethod, { name: 'base', options: {} })).rejects.toThrow();
 * ```
 */
export async function runContractCheck<C extends MethodConfig, M extends PeftModule<C>>(
  check: ContractCheckName,
  method: PeftMethod<C, M>,
  testCase: PeftContractCase<C>,
  options: PeftContractOptions = {},
): Promise<void> {
  const fixture = createFixture<C>(method, testCase, options);
  try {
    await CHECKS[check].run(fixture);
  } finally {
    fixture.model.dispose();
  }
}

/**
 * Registers the contract suite for `method` with jest (it uses jest's global `describe`,
 * `beforeAll` and `it`, so call it at the top level of a `*.spec.ts` file): for every config
 * row, one test per check of {@link CONTRACT_CHECKS}, on the tiny T5 preset with a small
 * mixed-task batch. The no-op check is registered only for rows with `noOpInit`.
 *
 * @example
 * ```ts
 * describePeftContract(promptTuning, [
 *   { name: 'uniform init', options: { length: 4 } },
 *   { name: 'one task', options: { length: 2 }, numTasks: 1 },
 * ]);
 * ```
 */
export function describePeftContract<C extends MethodConfig, M extends PeftModule<C>>(
  method: PeftMethod<C, M>,
  cases: readonly PeftContractCase<C>[],
  options: PeftContractOptions = {},
): void {
  describe(`${method.kind}: PEFT method contract`, () => {
    beforeAll(async () => {
      await tf.setBackend(options.backend ?? 'cpu');
    });
    for (const testCase of cases) {
      describe(testCase.name, () => {
        // The no-op check applies only to rows that promise a no-op init; other rows get no test.
        for (const check of CONTRACT_CHECKS.filter((c) => c !== 'no-op-init' || testCase.noOpInit)) {
          it(CHECKS[check].title, () => runContractCheck(check, method, testCase, options));
        }
      });
    }
  });
}
