/**
 * The resolved experiment: every field of an {@link ExperimentFile} with its default filled
 * in, validated and deep-frozen, as `resolveExperiment` returns it. This is also what a run's
 * `result.json` stores as `config` and what the config hash is computed from.
 *
 * @packageDocumentation
 */
import type { FamilyOptions } from '@hyperprompt/tasks';
import type {
  AdafactorOptions,
  AdamOptions,
  AdamWOptions,
  CheckpointBackbone,
  ExperimentFile,
  DataSource,
  PresetBackbone,
  RunBackbone,
  SamplerOptions,
  ScheduleOptions,
  ExperimentPolicy,
} from './file-types';
import type { MethodLabel, MethodSpec } from './method-specs';

/** A preset backbone with its overrides made explicit (`{}` when none). */
export type ResolvedPresetBackbone = Required<PresetBackbone>;

/** The backbone of a resolved experiment. */
export type ResolvedBackbone = ResolvedPresetBackbone | CheckpointBackbone | RunBackbone;

/**
 * The data source of a resolved experiment: the complete options of every embedded family the
 * experiment's tasks belong to (and of no other), and the folder settings (`dir` absent
 * when none was given; `taskDirs` keyed by canonical task name).
 */
export interface ResolvedDataSource {
  /** Complete options per embedded family (e.g. `synthetic`: `resolveSyntheticConfig`'s output). */
  readonly embedded: Readonly<Record<string, FamilyOptions>>;
  /** The benchmark root, when given. */
  readonly dir?: string;
  /** Folder per canonical task name. */
  readonly taskDirs: Readonly<Record<string, string>>;
  /** File layout. */
  readonly layout: NonNullable<DataSource['layout']>;
  /** Split convention. */
  readonly splits: NonNullable<DataSource['splits']>;
}

/** A resolved sampler. */
export type ResolvedSampler = Readonly<Required<SamplerOptions>>;

/** A resolved optimiser: every hyper-parameter explicit. */
export type ResolvedOptimizer =
  Readonly<Required<AdamOptions>> | Readonly<Required<AdamWOptions>> | Readonly<Required<AdafactorOptions>>;

/** A resolved schedule. */
export type ResolvedSchedule = Readonly<Required<ScheduleOptions>>;

/** A method entry with its report label filled in. */
export type ResolvedMethodSpec = MethodSpec & Required<MethodLabel>;

/** A resolved experiment: every field present, validated, frozen. Fields mean what they mean in {@link ExperimentFile}. */
export interface ExperimentConfig {
  /** Name of the experiment. */
  readonly name: string;
  /** Free text. */
  readonly description: string;
  /** Row label in reports. */
  readonly label: string;
  /** The backbone. */
  readonly backbone: ResolvedBackbone;
  /** Method entries (options as written, plus labels); `resolveMethods` resolves them against a backbone. */
  readonly methods: readonly ResolvedMethodSpec[];
  /** Canonical task names (`syn-nli`, `glue/rte`, `super_glue/boolq`), in task-id order. */
  readonly tasks: readonly string[];
  /** Where examples come from. */
  readonly data: ResolvedDataSource;
  /** How batches are drawn. */
  readonly sampler: ResolvedSampler;
  /** Optimiser. */
  readonly optimizer: ResolvedOptimizer;
  /** Learning-rate schedule. */
  readonly schedule: ResolvedSchedule;
  /** Training steps. */
  readonly steps: number;
  /** Evaluation cadence in steps. */
  readonly evalEvery: number;
  /** Validation examples per task and evaluation; `null` = all. */
  readonly evalLimit: number | null;
  /** Loss logging cadence in steps. */
  readonly logEvery: number;
  /** Seeds, one run each. */
  readonly seeds: readonly number[];
  /** Which variables train. */
  readonly policy: ExperimentPolicy;
  /** Label smoothing. */
  readonly labelSmoothing: number;
  /** Backbone dropout in training; `null` keeps the backbone's own. */
  readonly dropout: number | null;
  /** Global-norm gradient clipping threshold (0 = off). */
  readonly gradientClipNorm: number;
  /** Input tokens kept per example. */
  readonly maxInputLength: number;
  /** Target tokens kept per example (EOS included). */
  readonly maxTargetLength: number;
}

/** Defaults of the optional top-level fields of an {@link ExperimentFile}. */
export type ExperimentDefaults = Required<Omit<ExperimentFile, 'name' | 'tasks' | 'label' | '$schema'>>;

/** Default value of every optional field of an experiment file (sub-objects are completed per field). */
export const DEFAULT_EXPERIMENT: ExperimentDefaults = Object.freeze({
  description: '',
  backbone: Object.freeze({ preset: 'tiny' }),
  methods: Object.freeze([]),
  data: Object.freeze({ embedded: Object.freeze({}) }),
  sampler: Object.freeze({
    mixing: Object.freeze({ kind: 'proportional' }),
    batchMode: 'mixed',
    batchSize: 32,
  }),
  optimizer: Object.freeze({ kind: 'adafactor' }),
  schedule: Object.freeze({ kind: 'constant', warmupSteps: 0 }),
  steps: 1000,
  evalEvery: 200,
  evalLimit: null,
  logEvery: 10,
  seeds: Object.freeze([0]),
  policy: 'all',
  labelSmoothing: 0,
  dropout: null,
  gradientClipNorm: 1,
  maxInputLength: 128,
  maxTargetLength: 16,
} satisfies ExperimentDefaults);

/** Every hyper-parameter of each optimiser type. */
export interface OptimizerDefaults {
  /** Adam: learning rate 1e-3, betas 0.9 / 0.999, epsilon 1e-8. */
  readonly adam: Readonly<Required<AdamOptions>>;
  /** AdamW: as Adam, weight decay 0.01. */
  readonly adamw: Readonly<Required<AdamWOptions>>;
  /** Adafactor as in T5: learning rate 1e-3, decay 0.8, update clipping 1, no momentum. */
  readonly adafactor: Readonly<Required<AdafactorOptions>>;
}

/** Default hyper-parameters of each optimiser type. */
export const DEFAULT_OPTIMIZERS: OptimizerDefaults = Object.freeze({
  adam: Object.freeze({ kind: 'adam', learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }),
  adamw: Object.freeze({
    kind: 'adamw',
    learningRate: 1e-3,
    beta1: 0.9,
    beta2: 0.999,
    epsilon: 1e-8,
    weightDecay: 0.01,
  }),
  adafactor: Object.freeze({
    kind: 'adafactor',
    learningRate: 1e-3,
    decayRate: 0.8,
    clipThreshold: 1,
    beta1: null,
    epsilon1: 1e-30,
    weightDecay: 0,
  }),
});
