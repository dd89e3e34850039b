/**
 * Configuration of Prompt-Tuning (Lester, Al-Rfou, Constant, EMNLP 2021), made multi-task as
 * in the HyperPrompt paper's baseline: one soft prompt per task, or one shared prompt.
 *
 * Axis legend: K tasks, P prompt length, D d_model, V vocabulary size.
 *
 * @packageDocumentation
 */
import { type BackboneSpec, ConfigError, type ResolveContext, rejectUnknownKeys } from '@hyperprompt/core';

/** How the prompt rows are initialised. */
export type PromptTuningInit = 'uniform' | 'sampled-vocab' | 'class-labels';

/** Every {@link PromptTuningInit}, for validation messages. */
export const PROMPT_TUNING_INITS: readonly PromptTuningInit[] = ['uniform', 'sampled-vocab', 'class-labels'];

/**
 * Token ids of the label words of one task: one entry per label (verbalizer word), each the
 * ids of its sub-tokens, e.g. `[[7163], [59, 834, 35, 5756]]` for `yes` and `not_entailment`.
 */
export type ClassLabelTokens = readonly (readonly number[])[];

/** Resolved config of {@link promptTuning}. */
export interface PromptTuningConfig {
  /** Discriminant. */
  readonly kind: 'prompt-tuning';
  /** K, the number of tasks (task ids `0 .. K-1`); filled from the resolve context. */
  readonly numTasks: number;
  /**
   * P, the number of soft-prompt vectors prepended to the encoder input. 20 follows the PEFT
   * examples and is a good size for small and base models; the original code uses 100 with
   * T5.1.1 XL/XXL (the paper sweeps 1, 5, 20, 100, 150).
   * @defaultValue 20
   */
  readonly promptLength: number;
  /**
   * Initialisation: `uniform` draws U(-0.5, 0.5) (the original code's default gin);
   * `sampled-vocab` copies embeddings of distinct token ids sampled among the first
   * {@link PromptTuningConfig.sampleFromFirst} ids; `class-labels` puts the mean sub-token
   * embedding of each label word in the first rows and samples the rest from the vocabulary.
   * @defaultValue 'sampled-vocab'
   */
  readonly init: PromptTuningInit;
  /**
   * Vocabulary ids `0 .. N-1` to sample from (SentencePiece ids are roughly in frequency
   * order); clipped to V when resolving.
   * @defaultValue 5000
   */
  readonly sampleFromFirst: number;
  /**
   * Label words per task, required by (and only allowed with) `init: 'class-labels'`. Given
   * as one {@link ClassLabelTokens} shared by every task, or one per task; always resolved to
   * the per-prompt form (length K, or 1 when `shared`). At most P labels per task.
   * @defaultValue absent
   */
  readonly classLabelTokens?: readonly ClassLabelTokens[];
  /**
   * One prompt for all tasks (`[1, P, D]`, category `shared`): the original single-task
   * method. Otherwise one prompt per task (`[K, P, D]`, category `per-task`).
   * @defaultValue false
   */
  readonly shared: boolean;
}

/** Options accepted by `promptTuning.resolve`: any field of the config, plus the shared label form. */
export type PromptTuningOptions = Partial<
  Omit<PromptTuningConfig, 'kind' | 'classLabelTokens'> & {
    /** Label words: shared by all tasks, or one entry per task. */
    classLabelTokens: ClassLabelTokens | readonly ClassLabelTokens[];
  }
>;

/** Default values of the optional fields of {@link PromptTuningConfig}. */
export const DEFAULT_PROMPT_TUNING: Readonly<
  Pick<PromptTuningConfig, 'promptLength' | 'init' | 'sampleFromFirst' | 'shared'>
> = Object.freeze({
  promptLength: 20,
  init: 'sampled-vocab',
  sampleFromFirst: 5000,
  shared: false,
});

const KNOWN = ['numTasks', 'promptLength', 'init', 'sampleFromFirst', 'classLabelTokens', 'shared'];

function positiveInteger(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new ConfigError(`prompt-tuning.${field}`, value, 'a positive integer');
  }
  return value;
}

function isTokenList(value: unknown): value is readonly number[] {
  return Array.isArray(value) && value.every((x) => typeof x === 'number');
}

/** Validates one task's labels against P and V; returns a copy. */
function checkLabels(field: string, labels: unknown, p: number, vocab: number): number[][] {
  if (!Array.isArray(labels) || labels.length === 0 || labels.length > p) {
    throw new ConfigError(field, labels, `1 to ${p} labels (at most promptLength)`);
  }
  return labels.map((label: unknown, j) => {
    if (!isTokenList(label) || label.length === 0) {
      throw new ConfigError(`${field}[${j}]`, label, 'a non-empty array of token ids');
    }
    const bad = label.findIndex((id) => !Number.isInteger(id) || id < 0 || id >= vocab);
    if (bad >= 0) throw new ConfigError(`${field}[${j}][${bad}]`, label[bad], `a token id in [0, ${vocab})`);
    return [...label];
  });
}

/** Normalises label words to one entry per prompt row block (K, or 1 when shared). */
function resolveLabels(value: unknown, prompts: number, p: number, vocab: number): number[][][] {
  const field = 'prompt-tuning.classLabelTokens';
  if (!Array.isArray(value) || value.length === 0) {
    throw new ConfigError(field, value, 'label token ids: number[][] (shared) or number[][][] (per task)');
  }
  const perTask = value.every((x: unknown) => Array.isArray(x) && x.every((y: unknown) => Array.isArray(y)));
  if (!perTask) {
    const labels = checkLabels(field, value, p, vocab);
    return Array.from({ length: prompts }, () => labels.map((l) => [...l]));
  }
  if (value.length !== prompts) {
    throw new ConfigError(field, `${value.length} task entries`, `${prompts} (one per prompt)`);
  }
  return value.map((labels: unknown, k) => checkLabels(`${field}[${k}]`, labels, p, vocab));
}

/**
 * Fills defaults and validates; accepts its own output back (JSON round trip).
 * @throws `ConfigError` naming the field, the value and what is allowed.
 */
export function resolvePromptTuning(
  options: PromptTuningOptions,
  spec: BackboneSpec,
  context: ResolveContext,
): PromptTuningConfig {
  rejectUnknownKeys(options, KNOWN, 'prompt-tuning');
  const o = { ...DEFAULT_PROMPT_TUNING, ...options };
  const numTasks = o.numTasks ?? context.numTasks;
  if (numTasks !== context.numTasks) {
    throw new ConfigError('prompt-tuning.numTasks', numTasks, `${context.numTasks} (the context's numTasks)`);
  }
  const promptLength = positiveInteger('promptLength', o.promptLength);
  if (!PROMPT_TUNING_INITS.includes(o.init)) {
    throw new ConfigError('prompt-tuning.init', o.init, PROMPT_TUNING_INITS);
  }
  const sampleFromFirst = Math.min(positiveInteger('sampleFromFirst', o.sampleFromFirst), spec.vocabSize);
  if (typeof o.shared !== 'boolean') throw new ConfigError('prompt-tuning.shared', o.shared, 'true or false');
  const config: PromptTuningConfig = {
    kind: 'prompt-tuning',
    numTasks,
    promptLength,
    init: o.init,
    sampleFromFirst,
    shared: o.shared,
  };
  if (o.init !== 'class-labels') {
    if (o.classLabelTokens !== undefined) {
      throw new ConfigError(
        'prompt-tuning.classLabelTokens',
        o.classLabelTokens,
        "absent unless init is 'class-labels'",
      );
    }
    return config;
  }
  const prompts = o.shared ? 1 : numTasks;
  return {
    ...config,
    classLabelTokens: resolveLabels(o.classLabelTokens, prompts, promptLength, spec.vocabSize),
  };
}
