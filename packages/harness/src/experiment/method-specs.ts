/**
 * The method entries of an experiment file: one JSON object per method, discriminated by
 * `kind`, holding that method's options (its `resolve` fills defaults and validates them)
 * plus an optional report `label`. To add a method: one member of {@link MethodSpec} here and
 * one entry of `METHOD_REGISTRY` (the compiler refuses a kind without an entry).
 *
 * @packageDocumentation
 */
import type { AdaptersOptions, HyperFormerPPOptions } from '@hyperprompt/hyperformer';
import type { HyperPromptOptions } from '@hyperprompt/hyperprompt';
import type { PromptTuningOptions } from '@hyperprompt/prompt-tuning';

/** Fields every method entry has besides its kind and its method's options. */
export interface MethodLabel {
  /**
   * Name of the method in reports, e.g. `Prompt-Tuning (P=8)`.
   * @defaultValue the method's default label (see `METHOD_REGISTRY`)
   */
  readonly label?: string;
}

/** The discriminant of a method entry. */
export interface MethodKindField<K extends string> {
  /** The method's kind, e.g. `prompt-tuning`. */
  readonly kind: K;
}

/**
 * One method entry: its `kind`, its options (minus `numTasks`, which comes from the
 * experiment's task list) and a label.
 */
export type MethodEntry<K extends string, O> = MethodLabel & MethodKindField<K> & Omit<O, 'numTasks'>;

/** A Prompt-Tuning entry (`PromptTuningOptions` of `@hyperprompt/prompt-tuning`). */
export type PromptTuningEntry = MethodEntry<'prompt-tuning', PromptTuningOptions>;

/** A vanilla per-task adapters entry (`AdaptersOptions` of `@hyperprompt/hyperformer`). */
export type AdaptersEntry = MethodEntry<'adapters', AdaptersOptions>;

/** A HyperFormer++ entry (`HyperFormerPPOptions` of `@hyperprompt/hyperformer`). */
export type HyperFormerPPEntry = MethodEntry<'hyperformer-pp', HyperFormerPPOptions>;

/** A HyperPrompt entry (`HyperPromptOptions` of `@hyperprompt/hyperprompt`). */
export type HyperPromptEntry = MethodEntry<'hyperprompt', HyperPromptOptions>;

/** Any method entry of an experiment file. */
export type MethodSpec = PromptTuningEntry | AdaptersEntry | HyperFormerPPEntry | HyperPromptEntry;

/** The kinds of method an experiment may name. */
export type MethodKind = MethodSpec['kind'];
