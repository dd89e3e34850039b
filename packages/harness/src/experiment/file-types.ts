/**
 * The JSON layout of an experiment file, as TypeScript types. The JSON Schema in
 * `schema/experiment.schema.json` is generated from {@link ExperimentFile} (package script
 * `schema`), so these types are the single source of truth: change a field here and
 * regenerate. Every field except `name` and `tasks` is optional; `resolveExperiment` fills
 * the defaults of `DEFAULT_EXPERIMENT`.
 *
 * @packageDocumentation
 */
import type { DataLayout, MixingStrategy, BatchMode } from '@hyperprompt/tasks';
import type { T5Config, T5PresetName } from '@hyperprompt/t5';
import type { MethodSpec } from './method-specs';

/** A T5 preset trained from scratch (random init, seeded by the run's seed). */
export interface PresetBackbone {
  /** Preset name: `tiny` (tests), `t5-small`, `t5-base`, ..., `t5-v1_1-*`. */
  readonly preset: T5PresetName;
  /**
   * Fields of the preset's config to change, e.g. `{ "numLayers": 4, "vocabSize": 512 }`.
   * @defaultValue none
   */
  readonly overrides?: Partial<T5Config>;
}

/** A Hugging Face T5 checkpoint folder (`config.json`, `model.safetensors`, tokenizer files). */
export interface CheckpointBackbone {
  /** The folder, relative to the experiment file (or absolute). */
  readonly checkpoint: string;
}

/** The backbone weights a finished run saved (continue from a trained model). */
export interface RunBackbone {
  /** The run folder, relative to the experiment file (or absolute). */
  readonly run: string;
}

/** Where the backbone comes from. */
export type ExperimentBackbone = PresetBackbone | CheckpointBackbone | RunBackbone;

/**
 * Where the examples come from. Tasks of an embedded family (the synthetic suite `syn-*`,
 * WordNet `wn-*`) carry their own data and take their family's options from `embedded`;
 * every other task (GLUE, SuperGLUE, your own) reads its folder under `dir` or `taskDirs`.
 * One experiment may mix both.
 */
export interface DataSource {
  /**
   * Options of each embedded task family, by family name; each family validates its own and
   * fills its defaults, e.g. `{ "synthetic": { "seed": 0, "includeTaskPrefix": false } }`.
   * @defaultValue every family's defaults
   */
  readonly embedded?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /**
   * The benchmark root holding one folder per task (e.g. `glue_data` with `RTE/`, `MNLI/`,
   * ...), relative to the experiment file (or absolute). Required when a task without
   * embedded data has no entry in `taskDirs`.
   * @defaultValue none
   */
  readonly dir?: string;
  /**
   * Per task, a folder to use instead of the one found under `dir`.
   * @defaultValue none
   */
  readonly taskDirs?: Readonly<Record<string, string>>;
  /**
   * File layout; `auto` detects it.
   * @defaultValue 'auto'
   */
  readonly layout?: DataLayout | 'auto';
  /**
   * `official`: train on `train`, evaluate on the task's validation split(s);
   * `hyperformer`: HyperFormer's seeded re-split (validation carved out, official validation
   * used as test), as the HyperPrompt paper does.
   * @defaultValue 'official'
   */
  readonly splits?: 'official' | 'hyperformer';
}

/** How training batches are drawn from the tasks. */
export interface SamplerOptions {
  /**
   * Task mixing: `{ "kind": "proportional", "cap"?: K }`, `{ "kind": "temperature",
   * "temperature": T, "cap"?: K }` or `{ "kind": "uniform" }`.
   * @defaultValue `{ "kind": "proportional" }`
   */
  readonly mixing?: MixingStrategy;
  /**
   * `mixed`: every example of a batch draws its task; `single-task`: one task per batch.
   * @defaultValue 'mixed'
   */
  readonly batchMode?: BatchMode;
  /** Examples per training batch (an integer >= 1). @defaultValue 32 */
  readonly batchSize?: number;
}

/** Adam (Kingma and Ba), L2-free. */
export interface AdamOptions {
  /** Discriminant. */
  readonly kind: 'adam';
  /** Peak learning rate (> 0). @defaultValue 0.001 */
  readonly learningRate?: number;
  /** First-moment decay, in [0, 1). @defaultValue 0.9 */
  readonly beta1?: number;
  /** Second-moment decay, in [0, 1). @defaultValue 0.999 */
  readonly beta2?: number;
  /** Denominator epsilon (> 0). @defaultValue 1e-8 */
  readonly epsilon?: number;
}

/** AdamW (Loshchilov and Hutter): Adam with decoupled weight decay. */
export interface AdamWOptions extends Omit<AdamOptions, 'kind'> {
  /** Discriminant. */
  readonly kind: 'adamw';
  /** Decoupled weight decay per step, times the learning rate (>= 0). @defaultValue 0.01 */
  readonly weightDecay?: number;
}

/** Adafactor as T5 uses it: factored second moments, no parameter scaling, no relative step. */
export interface AdafactorOptions {
  /** Discriminant. */
  readonly kind: 'adafactor';
  /** Learning rate (> 0); T5 fine-tunes with a constant 0.001. @defaultValue 0.001 */
  readonly learningRate?: number;
  /** Exponent c of the second-moment decay `1 - t^-c`, in (0, 1]. @defaultValue 0.8 */
  readonly decayRate?: number;
  /** Update clipping threshold d (RMS of the update), > 0. @defaultValue 1 */
  readonly clipThreshold?: number;
  /** First-moment decay in [0, 1), or `null` to keep no first moment (T5's setting). @defaultValue null */
  readonly beta1?: number | null;
  /** Regulariser of the squared gradient (> 0). @defaultValue 1e-30 */
  readonly epsilon1?: number;
  /** Decoupled weight decay (>= 0). @defaultValue 0 */
  readonly weightDecay?: number;
}

/** The optimiser and its hyper-parameters. */
export type OptimizerOptions = AdamOptions | AdamWOptions | AdafactorOptions;

/** Names of the learning-rate schedules. */
export type ScheduleKind = 'constant' | 'linear' | 'inverse-sqrt';

/** Learning-rate schedule around the optimiser's `learningRate` (the peak). */
export interface ScheduleOptions {
  /**
   * `constant` (after warmup), `linear` (warmup, then linear decay to 0 at `steps`),
   * `inverse-sqrt` (warmup, then `lr * sqrt(warmupSteps / step)`; T5 pre-training).
   * @defaultValue 'constant'
   */
  readonly kind?: ScheduleKind;
  /** Steps of linear warmup from 0 (an integer >= 0). @defaultValue 0 */
  readonly warmupSteps?: number;
}

/** Which variables train. */
export type ExperimentPolicy = 'all' | 'method' | 'method+norms';

/**
 * One experiment file. Example:
 *
 * ```json
 * {
 *   "name": "hyperprompt-global",
 *   "backbone": { "preset": "tiny" },
 *   "methods": [{ "kind": "prompt-tuning", "promptLength": 8, "label": "Prompt-Tuning" }],
 *   "tasks": ["syn-sentiment", "syn-nli"],
 *   "data": { "embedded": { "synthetic": { "seed": 0 } } },
 *   "steps": 200,
 *   "seeds": [0, 1]
 * }
 * ```
 */
export interface ExperimentFile {
  /** Optional `$schema` reference for editors; ignored. */
  readonly $schema?: string;
  /** Name of the experiment (letters, digits, `.`, `_`, `-`; used in run folder listings). */
  readonly name: string;
  /** Free text describing the experiment. @defaultValue '' */
  readonly description?: string;
  /** Row label in reports; seeds of one label are aggregated. @defaultValue the methods' labels joined with ` + `, or `MTL` */
  readonly label?: string;
  /** The backbone. @defaultValue `{ "preset": "tiny" }` */
  readonly backbone?: ExperimentBackbone;
  /** Methods composed on the backbone, in hook order; empty = plain multi-task T5. @defaultValue [] */
  readonly methods?: readonly MethodSpec[];
  /** Task names: `syn-*`, GLUE (`rte`, `glue/rte`, ...) or SuperGLUE (`boolq`, `superglue-rte`, ...). */
  readonly tasks: readonly string[];
  /** Where examples come from. @defaultValue `{ "embedded": {} }` (every embedded family with its defaults) */
  readonly data?: DataSource;
  /** How batches are drawn. */
  readonly sampler?: SamplerOptions;
  /** Optimiser. @defaultValue `{ "kind": "adafactor" }` */
  readonly optimizer?: OptimizerOptions;
  /** Learning-rate schedule. @defaultValue `{ "kind": "constant", "warmupSteps": 0 }` */
  readonly schedule?: ScheduleOptions;
  /** Training steps (an integer >= 1). @defaultValue 1000 */
  readonly steps?: number;
  /** Evaluate every this many steps (and at the end); an integer >= 1. @defaultValue 200 */
  readonly evalEvery?: number;
  /** At most this many validation examples per task and evaluation; `null` = all. @defaultValue null */
  readonly evalLimit?: number | null;
  /** Record the training loss every this many steps. @defaultValue 10 */
  readonly logEvery?: number;
  /** Seeds; each is one run (distinct integers >= 0). @defaultValue [0] */
  readonly seeds?: readonly number[];
  /** Which variables train: `all` (the HyperPrompt paper), `method` (classic PEFT), `method+norms` (HyperFormer++). @defaultValue 'all' */
  readonly policy?: ExperimentPolicy;
  /** Label smoothing of the cross-entropy, in [0, 1). @defaultValue 0 */
  readonly labelSmoothing?: number;
  /** Dropout rate of the backbone in training, in [0, 1); `null` keeps the backbone's own. @defaultValue null */
  readonly dropout?: number | null;
  /** Global-norm gradient clipping threshold; 0 disables it. @defaultValue 1 */
  readonly gradientClipNorm?: number;
  /** Input tokens kept per example (longer inputs are truncated). @defaultValue 128 */
  readonly maxInputLength?: number;
  /** Target tokens kept per example, EOS included. @defaultValue 16 */
  readonly maxTargetLength?: number;
}
