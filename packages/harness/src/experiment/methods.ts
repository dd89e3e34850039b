/**
 * The static method registry: every method kind an experiment file may name, typed over the
 * config union so that a kind without an entry fails to compile. Resolving an experiment's
 * method list needs the backbone's `BackboneSpec` (widths, layer counts), so it is a separate
 * step from `resolveExperiment`.
 *
 * @packageDocumentation
 */
import {
  addBreakdowns,
  type BackboneSpec,
  ConfigError,
  EMPTY_BREAKDOWN,
  type ParameterBreakdown,
  type PeftMethod,
} from '@hyperprompt/core';
import {
  type AdaptersConfig,
  adapters,
  type HyperFormerPPConfig,
  hyperformerPP,
} from '@hyperprompt/hyperformer';
import { type HyperPromptConfig, hyperPrompt } from '@hyperprompt/hyperprompt';
import { type PromptTuningConfig, promptTuning } from '@hyperprompt/prompt-tuning';
import type { MethodKind, MethodKindField, MethodSpec } from './method-specs';

/** The resolved config of every registered method (union over kinds). */
export type ResolvedMethodConfig =
  PromptTuningConfig | AdaptersConfig | HyperFormerPPConfig | HyperPromptConfig;

/** The resolved config of one kind. */
export type MethodConfigOf<K extends MethodKind> = Extract<ResolvedMethodConfig, MethodKindField<K>>;

/** What the harness knows about one method kind. */
export interface MethodRegistryEntry<K extends MethodKind> {
  /** The method (resolve, create, countParameters). */
  readonly method: PeftMethod<MethodConfigOf<K>>;
  /**
   * Report label of an entry that has none, e.g. `Prompt-Tuning`.
   *
   * @param entry - the entry.
   * @returns the label.
   */
  defaultLabel(entry: Extract<MethodSpec, MethodKindField<K>>): string;
}

/**
 * The paper's name of a HyperPrompt variant.
 *
 * @param variant - `share`, `sep`, `global` or `static`.
 * @returns e.g. `HyperPrompt-Global`.
 */
export function hyperPromptLabel(variant: string): string {
  return `HyperPrompt-${variant.charAt(0).toUpperCase()}${variant.slice(1)}`;
}

/** Every method kind an experiment may name, with its method and default label. */
export const METHOD_REGISTRY: { readonly [K in MethodKind]: MethodRegistryEntry<K> } = Object.freeze({
  'prompt-tuning': { method: promptTuning, defaultLabel: () => 'Prompt-Tuning' },
  adapters: { method: adapters, defaultLabel: () => 'Adapters' },
  'hyperformer-pp': { method: hyperformerPP, defaultLabel: () => 'HyperFormer++' },
  hyperprompt: { method: hyperPrompt, defaultLabel: (entry) => hyperPromptLabel(entry.variant ?? 'global') },
});

/** Registered kinds, in registry order. */
export const METHOD_KINDS: readonly MethodKind[] = Object.freeze(
  Object.keys(METHOD_REGISTRY) as MethodKind[],
);

/**
 * Whether a string names a registered method kind.
 *
 * @param kind - a candidate kind.
 * @returns true if registered.
 */
export function isMethodKind(kind: unknown): kind is MethodKind {
  return typeof kind === 'string' && Object.hasOwn(METHOD_REGISTRY, kind);
}

/** One method of an experiment, resolved against a backbone. */
export interface ResolvedMethod {
  /** Its kind. */
  readonly kind: MethodKind;
  /** Its report label. */
  readonly label: string;
  /** The method (create, countParameters). */
  readonly method: PeftMethod<ResolvedMethodConfig>;
  /** The config `method.resolve` returned (defaults filled, frozen). */
  readonly config: ResolvedMethodConfig;
}

/** A registry entry with its kind erased: what the harness calls once the kind is checked. */
export interface ErasedMethodEntry {
  /** The method. */
  readonly method: PeftMethod<ResolvedMethodConfig>;
  /**
   * Report label of an entry that has none.
   *
   * @param entry - an entry of this kind.
   * @returns the label.
   */
  defaultLabel(entry: MethodSpec): string;
}

/**
 * The registry entry of a kind, or a `ConfigError` listing the registered kinds.
 *
 * @param kind - the kind.
 * @param field - field path for the error message.
 * @returns the entry.
 */
export function methodEntry(kind: unknown, field = 'methods.kind'): ErasedMethodEntry {
  if (!isMethodKind(kind)) throw new ConfigError(field, kind, METHOD_KINDS);
  // Sound: the entry of `kind` only ever sees configs and entries of that kind.
  return METHOD_REGISTRY[kind];
}

/**
 * The report label of a method entry: its `label`, else the kind's default.
 *
 * @param spec - the entry.
 * @returns the label.
 */
export function methodLabel(spec: MethodSpec): string {
  return spec.label ?? methodEntry(spec.kind).defaultLabel(spec);
}

/**
 * Resolves the method entries of an experiment against a backbone: each entry's options
 * (without `kind` and `label`) go to its method's `resolve`.
 *
 * @param specs - the entries, in composition order.
 * @param spec - the backbone's architecture facts.
 * @param numTasks - K, the number of tasks of the experiment.
 * @returns one resolved method per entry.
 * @throws ConfigError naming the entry (`methods.<i>`) and the field.
 */
export function resolveMethods(
  specs: readonly MethodSpec[],
  spec: BackboneSpec,
  numTasks: number,
): readonly ResolvedMethod[] {
  return Object.freeze(
    specs.map((entry, i) => {
      const registered = methodEntry(entry.kind, `methods.${i}.kind`);
      const options = Object.fromEntries(
        Object.entries(entry).filter(([k]) => k !== 'kind' && k !== 'label'),
      );
      const { method } = registered;
      let config: ResolvedMethodConfig;
      try {
        config = method.resolve(options, spec, { numTasks });
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        const local = error.field.startsWith(`${entry.kind}.`)
          ? error.field.slice(entry.kind.length + 1)
          : error.field;
        // Array indices as dotted segments, like the rest of the experiment's field paths.
        throw new ConfigError(
          `methods.${i}.${local.replace(/\[(\d+)\]/g, '.$1')}`,
          error.value,
          error.allowed,
        );
      }
      return Object.freeze({ kind: entry.kind, label: methodLabel(entry), method, config });
    }),
  );
}

/**
 * Closed-form parameter count of resolved methods (nothing is allocated).
 *
 * @param methods - the resolved methods.
 * @param spec - the backbone's architecture facts.
 * @returns the summed breakdown (backbone category 0).
 */
export function countMethodParameters(
  methods: readonly ResolvedMethod[],
  spec: BackboneSpec,
): ParameterBreakdown {
  return addBreakdowns(EMPTY_BREAKDOWN, ...methods.map((m) => m.method.countParameters(m.config, spec)));
}
