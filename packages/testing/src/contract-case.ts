/**
 * Config rows of the contract suite and the fixture every check runs on: a tiny backbone, a
 * resolved config, a mixed-task batch and helpers to create and compare modules.
 *
 * @packageDocumentation
 */
import type { MethodConfig, PeftMethod, PeftModule } from '@hyperprompt/core';
import { AssertionFailure } from '@hyperprompt/core/testing';
import type { T5Model } from '@hyperprompt/t5';
import { mixedBatch, tinyBackbone, type MixedBatch } from './harness';

/** One config row of {@link describePeftContract}. */
export interface PeftContractCase<C extends MethodConfig> {
  /** Row name, shown in the jest output. */
  readonly name: string;
  /** Options passed to `method.resolve` (defaults fill the rest). */
  readonly options: Partial<Omit<C, 'kind'>>;
  /** K, the number of tasks of the module and of the batch. @defaultValue 3 */
  readonly numTasks?: number;
  /** The row's init makes the module an exact no-op: check (7) compares with the plain backbone. @defaultValue false */
  readonly noOpInit?: boolean;
  /** The module's init uses no randomness: check (6) skips "another seed differs". @defaultValue false */
  readonly deterministicInit?: boolean;
  /**
   * The method ignores task ids (e.g. one prompt shared by all tasks): check (8) skips its
   * requirement that another task id changes an example's logits. @defaultValue false
   */
  readonly taskIndependent?: boolean;
}

/** Options of {@link describePeftContract} and {@link runContractCheck}. */
export interface PeftContractOptions {
  /** Seed of the tiny backbone. @defaultValue 0 */
  readonly backboneSeed?: number;
  /** Seed of the modules under test. @defaultValue 1 */
  readonly moduleSeed?: number;
  /** Adam learning rate of the training checks. @defaultValue 0.01 */
  readonly learningRate?: number;
  /** tfjs backend the suite runs on. @defaultValue `'cpu'` */
  readonly backend?: string;
}

/** What a check receives: the method, its row, a live backbone, the resolved config and a batch. */
export interface ContractFixture<C extends MethodConfig> {
  /** The method under test. */
  readonly method: PeftMethod<C, PeftModule<C>>;
  /** The config row. */
  readonly testCase: PeftContractCase<C>;
  /** The tiny backbone (disposed by the runner). */
  readonly model: T5Model;
  /** `method.resolve(testCase.options, ...)`. */
  readonly config: C;
  /** A mixed-task batch over the row's tasks. */
  readonly batch: MixedBatch;
  /** Seed of the modules under test. */
  readonly seed: number;
  /** Adam learning rate. */
  readonly learningRate: number;
}

/** Resolves the row's config on a fresh tiny backbone; the caller disposes `fixture.model`. */
export function createFixture<C extends MethodConfig>(
  method: PeftMethod<C, PeftModule<C>>,
  testCase: PeftContractCase<C>,
  options: PeftContractOptions = {},
): ContractFixture<C> {
  const numTasks = testCase.numTasks ?? 3;
  const model = tinyBackbone(options.backboneSeed ?? 0);
  try {
    const config = method.resolve(testCase.options, model.spec, { numTasks });
    return {
      method,
      testCase,
      model,
      config,
      batch: mixedBatch(numTasks),
      seed: options.moduleSeed ?? 1,
      learningRate: options.learningRate ?? 0.01,
    };
  } catch (error) {
    model.dispose();
    throw error;
  }
}

/** Throws an {@link AssertionFailure} prefixed with the method and row unless `condition` holds. */
export function ensure<C extends MethodConfig>(
  fixture: ContractFixture<C>,
  condition: boolean,
  message: string,
): asserts condition {
  if (!condition) {
    throw new AssertionFailure(`${fixture.method.kind} [${fixture.testCase.name}]: ${message}`);
  }
}

/** First index where two arrays differ bit for bit (`Object.is`: NaN equals NaN, -0 differs from 0), or -1. */
export function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) return i;
  }
  return -1;
}

/** Runs `body` with a module created from the fixture (at `seed`), then disposes the module. */
export async function withModule<C extends MethodConfig, R>(
  fixture: ContractFixture<C>,
  body: (module: PeftModule<C>) => R | Promise<R>,
  seed = fixture.seed,
): Promise<R> {
  const module = fixture.method.create(fixture.model, fixture.config, seed);
  try {
    return await body(module);
  } finally {
    module.dispose();
  }
}
