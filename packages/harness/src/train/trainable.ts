/**
 * Trainable policies: which variables the optimiser receives (freezing by construction,
 * training by explicit list). `all` trains the backbone and every method (the HyperPrompt
 * paper's setting), `method` only the methods' variables (classic PEFT), `method+norms` the
 * methods plus the backbone's RMS-norm weights (HyperFormer++'s recipe, found by the HF
 * variable names: every name containing `layer_norm`, final norms included).
 *
 * @packageDocumentation
 */
import { ConfigError, type PeftModule, type ReadonlyVariableStore } from '@hyperprompt/core';
import type { NamedVariable } from './optimizer';

/** A trainable policy. */
export type TrainablePolicy = 'all' | 'method' | 'method+norms';

/** Every policy. */
export const TRAINABLE_POLICIES: readonly TrainablePolicy[] = ['all', 'method', 'method+norms'];

/** Substring that marks the backbone's norm weights in T5 variable names. */
export const NORM_NAME_PATTERN = 'layer_norm';

/** The variables a policy trains. */
export interface TrainableSet {
  /** The policy that chose them. */
  readonly policy: TrainablePolicy;
  /** The variables, backbone first (store order), then each module's (store order). */
  readonly variables: readonly NamedVariable[];
  /** Number of trained scalar parameters. */
  readonly count: number;
  /** Trained parameters of the backbone. */
  readonly backboneCount: number;
  /** Trained parameters of the methods. */
  readonly methodCount: number;
}

/** What {@link selectTrainable} needs of the backbone. */
export interface BackboneVariables {
  /** Every backbone variable by name. */
  readonly variables: ReadonlyVariableStore;
}

function proposed(store: ReadonlyVariableStore, keep: (name: string) => boolean): NamedVariable[] {
  return store
    .entries()
    .filter((e) => e.trainable && keep(e.name))
    .map((e) => ({ name: e.name, variable: e.variable }));
}

/**
 * The variables `policy` trains, with their count. Only variables their store proposes for
 * training (`trainable`) are ever chosen.
 *
 * @example
 * ```ts
 * const set = selectTrainable(model, [hyperprompt], 'method+norms');
 * set.count; // the number the trainer prints before training
 * ```
 * @throws `ConfigError` for an unknown policy, a policy that trains nothing (e.g. `method`
 *   without methods), or two variables with one name.
 */
export function selectTrainable(
  backbone: BackboneVariables,
  modules: readonly PeftModule[],
  policy: TrainablePolicy,
): TrainableSet {
  if (!TRAINABLE_POLICIES.includes(policy)) throw new ConfigError('trainable', policy, TRAINABLE_POLICIES);
  const fromBackbone =
    policy === 'all'
      ? proposed(backbone.variables, () => true)
      : policy === 'method+norms'
        ? proposed(backbone.variables, (n) => n.includes(NORM_NAME_PATTERN))
        : [];
  const fromMethods = modules.flatMap((m) => proposed(m.variables, () => true));
  const variables = [...fromBackbone, ...fromMethods];
  if (variables.length === 0) {
    throw new ConfigError('trainable', policy, 'a policy that trains something (add a method or use "all")');
  }
  const seen = new Set<string>();
  for (const { name } of variables) {
    if (seen.has(name)) throw new ConfigError('trainable variable name', name, 'names unique across modules');
    seen.add(name);
  }
  const size = (list: readonly NamedVariable[]): number => list.reduce((n, v) => n + v.variable.size, 0);
  const backboneCount = size(fromBackbone);
  const methodCount = size(fromMethods);
  return { policy, variables, count: backboneCount + methodCount, backboneCount, methodCount };
}

/** One line describing a {@link TrainableSet}, e.g. `trainable (method): 1,234 parameters in 8 variables (backbone 0, methods 1,234)`. */
export function describeTrainable(set: TrainableSet): string {
  const f = (n: number): string => n.toLocaleString('en-US');
  return (
    `trainable (${set.policy}): ${f(set.count)} parameters in ${set.variables.length} variables ` +
    `(backbone ${f(set.backboneCount)}, methods ${f(set.methodCount)})`
  );
}
