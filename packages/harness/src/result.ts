/**
 * The `result.json` every run writes: what was run, how it scored at every evaluation, the
 * best checkpoint per task (the T5 convention the HyperPrompt paper follows), parameter
 * accounting, timing, memory and provenance. Reports and plots read only these files.
 *
 * @packageDocumentation
 */

/** Version of the {@link RunResult} layout; bumped when a field changes meaning. */
export const RESULT_SCHEMA_VERSION = 1;

/** Metrics of one task at one evaluation, on the 0-100 scale T5 reports (e.g. `{ accuracy: 81.2 }`). */
export type TaskMetrics = Readonly<Record<string, number>>;

/** One evaluation of every task. */
export interface EvalRecord {
  /** Optimiser steps done when this evaluation ran. */
  readonly step: number;
  /** Per task: every metric of that task. */
  readonly metrics: Readonly<Record<string, TaskMetrics>>;
  /** Per task: its score (mean of its metrics, as GLUE averages them). */
  readonly scores: Readonly<Record<string, number>>;
  /** Mean of the task scores. */
  readonly average: number;
}

/** Best evaluation of one task, or of the average. */
export interface BestRecord {
  /** Step of the best evaluation. */
  readonly step: number;
  /** Score at that step. */
  readonly score: number;
}

/** Best checkpoints, chosen on validation data. */
export interface BestSummary {
  /** Per task: its best evaluation (T5 convention: best checkpoint per task). */
  readonly perTask: Readonly<Record<string, BestRecord>>;
  /** Mean over tasks of the per-task best scores (what the paper's tables report). */
  readonly perTaskAverage: number;
  /** The single evaluation with the best average. */
  readonly average: BestRecord;
}

/** Paper-style parameter accounting of a run. */
export interface ParameterSummary {
  /** Parameters of the backbone. */
  readonly backbone: number;
  /** Parameters the methods add (all categories except backbone). */
  readonly added: number;
  /** `added` as a percentage of `backbone`. */
  readonly addedPercent: number;
  /** Parameters the trainable policy actually trains. */
  readonly trainable: number;
  /** Added parameters by category (`shared`, `per-task`, `hypernetwork`). */
  readonly byCategory: Readonly<Record<string, number>>;
}

/** Wall-clock timing of a run. */
export interface TimingSummary {
  /** Total wall time of the run, seconds (training and evaluation). */
  readonly wallSeconds: number;
  /** Median milliseconds per training step (evaluation excluded). */
  readonly msPerStep: number;
  /** Number of training steps done. */
  readonly steps: number;
}

/** Attention mass that queries put on the hyper-prompt columns (HyperPrompt only). */
export interface AttentionMassRecord {
  /** `encoder` or `decoder`. */
  readonly stack: string;
  /** Block index within the stack. */
  readonly layer: number;
  /** Task name the batch came from. */
  readonly task: string;
  /** Mean softmax mass on prompt columns, in [0, 1]. */
  readonly mass: number;
}

/** One sampled training loss. */
export interface LossRecord {
  /** Optimiser step. */
  readonly step: number;
  /** Training loss at that step. */
  readonly loss: number;
}

/** Peak tfjs memory of a run. */
export interface MemorySummary {
  /** Peak bytes held by live tensors. */
  readonly peakBytes: number;
  /** Peak number of live tensors. */
  readonly peakTensors: number;
}

/** Score of always predicting the most frequent training label of a task. */
export interface MajorityBaseline {
  /** The predicted label (the target text of the most frequent training label). */
  readonly label: string;
  /** Its task score on the evaluation examples, 0-100, scored as the evaluator scores a model. */
  readonly score: number;
  /** Its metrics, 0-100, as in `EvalRecord.metrics`. */
  readonly metrics: TaskMetrics;
}

/** Trivial baselines of one task, on the run's evaluation examples. */
export interface TaskBaselines {
  /** The majority-class baseline. */
  readonly majority?: MajorityBaseline;
}

/** The content of one run's `result.json`. */
export interface RunResult {
  /** {@link RESULT_SCHEMA_VERSION}. */
  readonly schemaVersion: number;
  /** Hash of the resolved config; also the run's folder name. */
  readonly id: string;
  /** Experiment name (from the experiment file). */
  readonly name: string;
  /** Row label in reports, e.g. `HyperPrompt-Global` (seeds of one label are aggregated). */
  readonly label: string;
  /** The seed of this run. */
  readonly seed: number;
  /** The resolved experiment config, as JSON. */
  readonly config: unknown;
  /** Task names, in task-id order. */
  readonly tasks: readonly string[];
  /** Training loss, sampled (e.g. every log interval). */
  readonly losses: readonly LossRecord[];
  /** Every evaluation, in step order. */
  readonly evals: readonly EvalRecord[];
  /** Best checkpoints. */
  readonly best: BestSummary;
  /** Parameter accounting. */
  readonly parameters: ParameterSummary;
  /** Timing. */
  readonly timing: TimingSummary;
  /** Peak tfjs memory seen during the run. */
  readonly memory: MemorySummary;
  /** tfjs backend and thread count, e.g. `wasm (2 threads)`. */
  readonly backend: string;
  /** Versions of the packages that produced it (`@hyperprompt/*`, `@tensorflow/tfjs`, node). */
  readonly versions: Readonly<Record<string, string>>;
  /** HyperPrompt's attention mass per layer, when measured. */
  readonly attention?: readonly AttentionMassRecord[];
  /** Per task: trivial baselines on the same evaluation examples (reports show a majority row). */
  readonly baselines?: Readonly<Record<string, TaskBaselines>>;
  /** ISO time when the run finished. */
  readonly finishedAt: string;
  /** `completed` (the runner always writes it; absent in files written before it existed). */
  readonly status?: 'completed';
}

/** Where and on what a run diverged. */
export interface DivergenceRecord {
  /** The optimiser step at which the non-finite value appeared. */
  readonly step: number;
  /** What was not finite: `loss`, `gradient norm`, a variable, evaluation scores. */
  readonly quantity: string;
  /** The value as text (`NaN`, `Infinity`, `-Infinity`: JSON has no such numbers). */
  readonly value: string;
  /** The error message, as the CLI printed it. */
  readonly message: string;
}

/**
 * The `result.json` of a run stopped by a non-finite loss, gradient norm or weight: what was
 * run and where it diverged, and no evaluation or score. Reports list it as diverged.
 */
export interface DivergedRunResult extends Pick<
  RunResult,
  'schemaVersion' | 'id' | 'name' | 'label' | 'seed' | 'config' | 'tasks' | 'losses'
> {
  /** Always `diverged`. */
  readonly status: 'diverged';
  /** Where and on what it diverged. */
  readonly divergence: DivergenceRecord;
  /** Wall time until it stopped, and the optimiser steps applied (all finite). */
  readonly timing: Pick<TimingSummary, 'wallSeconds' | 'steps'>;
  /** tfjs backend and thread count. */
  readonly backend: string;
  /** Versions of the packages that produced it. */
  readonly versions: Readonly<Record<string, string>>;
  /** ISO time when the run stopped. */
  readonly finishedAt: string;
}

/**
 * Whether parsed `result.json` content is a diverged run's (its `status` is `diverged`).
 *
 * @param value - parsed JSON.
 */
export function isDivergedResult(value: unknown): value is DivergedRunResult {
  return typeof value === 'object' && value !== null && (value as { status?: unknown }).status === 'diverged';
}
