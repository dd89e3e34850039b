/**
 * The method contract: what every task-conditioning method (Prompt-Tuning, adapters,
 * HyperFormer++, HyperPrompt, ...) provides, and all it may know about the backbone.
 * Methods never import a backbone package; they see {@link BackboneSpec} and the hook types.
 *
 * @packageDocumentation
 */
import type * as tf from '@tensorflow/tfjs';
import type { ParameterBreakdown } from './accounting';
import type { ForwardContext } from './context';
import { ConfigError } from './errors';
import type { BackboneHooks, StackName } from './hooks';
import type { ReadonlyVariableStore } from './variables';

/** All a method may know about the backbone's architecture. */
export interface BackboneSpec {
  /** Architecture family, e.g. `t5`. */
  readonly architecture: string;
  /** D, the model width. */
  readonly dModel: number;
  /** N, attention heads per layer. */
  readonly numHeads: number;
  /** H, the per-head key/value width (`d_kv`); `numHeads * headDim` need not equal `dModel`. */
  readonly headDim: number;
  /** Inner width of the feed-forward sub-layer. */
  readonly dFF: number;
  /** Number of blocks in each stack. */
  readonly numLayers: Readonly<Record<StackName, number>>;
  /** Vocabulary size V. */
  readonly vocabSize: number;
}

/** A live backbone as a method sees it at creation time. */
export interface BackboneHandle {
  /** Architecture facts. */
  readonly spec: BackboneSpec;
  /** Identifies architecture and weights; bundles refuse to load onto a different one. */
  readonly fingerprint: string;
  /** Token embedding table `[V, D]`, read-only (e.g. for prompt init from the vocabulary). */
  readonly tokenEmbedding: tf.Tensor2D;
  /** Token ids of a text, when the backbone has a tokenizer (e.g. for class-label prompt init). */
  readonly tokenize?: (text: string) => readonly number[];
}

/** The fields every method config has. */
export interface MethodConfig {
  /** Discriminant: the method's kind, e.g. `hyperprompt`. */
  readonly kind: string;
}

/** Facts the caller supplies when resolving a config. */
export interface ResolveContext {
  /** K, the number of tasks the module must serve (task ids are `0 .. K-1`). */
  readonly numTasks: number;
}

/** A live module of one method, bound to one backbone. */
export interface PeftModule<C extends MethodConfig = MethodConfig> {
  /** The method's kind. */
  readonly kind: C['kind'];
  /** The resolved config it was created from. */
  readonly config: C;
  /** Exactly the variables it owns; every name starts with `${kind}/`. */
  readonly variables: ReadonlyVariableStore;
  /**
   * Hooks for one forward pass. Called once per forward (inside the caller's `tidy`); may
   * precompute task-only quantities for `ctx.tasksPresent` and close over them.
   */
  hooks(ctx: ForwardContext): BackboneHooks;
  /** Frees every tensor the module owns (idempotent). */
  dispose(): void;
}

/** Static description of a method; `C` is its fully resolved config. */
export interface PeftMethod<C extends MethodConfig, M extends PeftModule<C> = PeftModule<C>> {
  /** The kind (kebab-case), also the prefix of every variable name. */
  readonly kind: C['kind'];
  /** Default values of every optional field. */
  readonly defaults: Readonly<Omit<C, 'kind'>>;
  /**
   * Fills defaults, validates, freezes. Unknown fields are errors.
   * @throws {@link ConfigError} naming the field, the value and what is allowed.
   */
  resolve(options: Partial<Omit<C, 'kind'>>, spec: BackboneSpec, context: ResolveContext): C;
  /** Creates the module's variables (seeded) for one backbone. */
  create(backbone: BackboneHandle, config: C, seed: number): M;
  /** Closed-form parameter count by category; the contract suite checks it against `create`. */
  countParameters(config: C, spec: BackboneSpec): ParameterBreakdown;
}

const KIND = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * Checks that `options` has no keys outside `known`; throws a {@link ConfigError} naming the
 * first unknown key (typos in experiment files must not pass silently).
 */
export function rejectUnknownKeys(options: object, known: readonly string[], where: string): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new ConfigError(`${where}.${key}`, 'unknown field', known);
  }
}

/**
 * Declares a method. Identity in spirit (it exists so that every method file reads the same),
 * but it also enforces the contract at run time: `resolve` results are deep-frozen and carry
 * the right kind, and `create` results own only variables named `${kind}/...`.
 *
 * @example
 * ```ts
 * export const myMethod = definePeftMethod<MyConfig>({
 *   kind: 'my-method',
 *   defaults: { length: 8 },
 *   resolve: (options, spec, { numTasks }) => ({ kind: 'my-method', length: 8, ...options, numTasks }),
 *   create: (backbone, config, seed) => createMyModule(backbone, config, seed),
 *   countParameters: (config, spec) => breakdown({ 'per-task': config.numTasks * config.length * spec.dModel }),
 * });
 * ```
 */
export function definePeftMethod<C extends MethodConfig, M extends PeftModule<C> = PeftModule<C>>(
  method: PeftMethod<C, M>,
): PeftMethod<C, M> {
  const { kind } = method;
  if (!KIND.test(kind))
    throw new ConfigError('method.kind', kind, 'a kebab-case name such as "prompt-tuning"');
  const checked: PeftMethod<C, M> = {
    kind,
    defaults: deepFreeze({ ...method.defaults }),
    resolve(options, spec, context) {
      if (!Number.isInteger(context.numTasks) || context.numTasks < 1) {
        throw new ConfigError(`${kind}.numTasks`, context.numTasks, 'a positive integer');
      }
      const config = method.resolve(options, spec, context);
      if (config.kind !== kind) throw new ConfigError(`${kind}.kind`, config.kind, [kind]);
      return deepFreeze(config);
    },
    create(backbone, config, seed) {
      const module = method.create(backbone, config, seed);
      const foreign = module.variables.names().filter((n) => !n.startsWith(`${kind}/`));
      if (module.kind !== kind || foreign.length > 0) {
        module.dispose();
        if (module.kind !== kind) throw new ConfigError(`${kind}.create().kind`, module.kind, [kind]);
        throw new ConfigError(`${kind}.create().variables`, foreign[0], `names starting with "${kind}/"`);
      }
      return module;
    },
    countParameters: (config, spec) => method.countParameters(config, spec),
  };
  return Object.freeze(checked);
}
