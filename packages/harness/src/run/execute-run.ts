/**
 * Runs one planned run end to end: backbone, data, methods, training with periodic
 * evaluation and resumable checkpoints, the attention analysis for HyperPrompt, and the
 * run's `result.json` (written last, atomically: its presence marks the run done).
 *
 * Layout of a run folder: `result.json`, `tokenizer/`, `checkpoints/step-XXXXXXXX/` (the last
 * state, resumable: `backbone/`, `modules.safetensors`, `optimizer.safetensors`, `state.json`).
 *
 * @packageDocumentation
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import {
  addBreakdowns,
  countStore,
  DivergenceError,
  EMPTY_BREAKDOWN,
  initBackend,
  LIBRARY_VERSION,
  type PeftModule,
  totalParameters,
  writeJsonAtomic,
} from '@hyperprompt/core';
import { T5Model } from '@hyperprompt/t5';
import { type PlannedRun, resolveMethods, type RunConfig } from '../experiment';
import {
  type DivergedRunResult,
  RESULT_SCHEMA_VERSION,
  type ParameterSummary,
  type RunResult,
} from '../result';
import { loadBackbone, type BackboneSource } from '../train/backbone';
import { latestCheckpoint } from '../train/checkpoint';
import type { OptimizerConfig } from '../train/create-optimizer';
import { Evaluator } from '../train/evaluator';
import type { ScheduleConfig } from '../train/schedule';
import { Trainer } from '../train/trainer';
import type { TrainProgress } from '../train/trainer-config';
import { measureAttentionMass } from './attention';
import { majorityBaselines } from './baselines';
import type { WorkerBackendOptions } from './workers/messages';
import { absolute, loadRunData, RUN_TOKENIZER_DIR, runTokenizer } from './run-data';

/** Sub-folder of a run folder holding its resumable checkpoint. */
export const RUN_CHECKPOINT_DIR = 'checkpoints';

/** Options of {@link executeRun}. */
export interface ExecuteRunOptions {
  /** Called after every training step. */
  readonly onProgress?: (progress: TrainProgress) => void;
  /** Informational lines (backend, trainable parameters, evaluations). */
  readonly log?: (line: string) => void;
  /** Stops training early (a checkpoint is saved; no `result.json` is written). */
  readonly signal?: AbortSignal;
  /** Save resumable checkpoints at every evaluation. @defaultValue true */
  readonly checkpoints?: boolean;
  /**
   * The backend request the caller initialised (`initBackend`); the run uses that backend.
   * @defaultValue the best available backend (`initBackend`'s defaults)
   */
  readonly backend?: WorkerBackendOptions;
}

function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function backboneSource(config: RunConfig, baseDir: string, vocabSize: number): BackboneSource {
  const { backbone } = config;
  const abs = (dir: string): string => absolute(baseDir, dir);
  if ('checkpoint' in backbone) return { kind: 'pretrained', dir: abs(backbone.checkpoint) };
  if ('run' in backbone) return { kind: 'run', dir: join(abs(backbone.run), RUN_CHECKPOINT_DIR) };
  const overrides = {
    vocabSize,
    ...backbone.overrides,
    ...(config.dropout === null ? {} : { dropoutRate: config.dropout }),
  };
  return { kind: 'preset', preset: backbone.preset, overrides, seed: config.seed };
}

/** The backbone with the experiment's dropout (a loaded checkpoint keeps its weights). */
function buildModel(config: RunConfig, baseDir: string, vocabSize: number): T5Model {
  const model = loadBackbone(backboneSource(config, baseDir, vocabSize));
  if ('preset' in config.backbone || config.dropout === null) return model;
  return new T5Model({ ...model.config, dropoutRate: config.dropout }, model.variables);
}

function optimizerOf(config: RunConfig): { optimizer: OptimizerConfig; schedule: ScheduleConfig } {
  const { learningRate, ...rest } = config.optimizer;
  const { kind, warmupSteps } = config.schedule;
  return {
    optimizer: rest,
    schedule: {
      kind: kind === 'constant' && warmupSteps > 0 ? 'warmup-constant' : kind,
      lr: learningRate,
      warmupSteps,
      totalSteps: config.steps,
    },
  };
}

function parameterSummary(
  model: T5Model,
  modules: readonly PeftModule[],
  trainable: number,
): ParameterSummary {
  const added = addBreakdowns(EMPTY_BREAKDOWN, ...modules.map((m) => countStore(m.variables)));
  const backbone = model.parameterCount();
  const extra = totalParameters(added) - added.backbone;
  const byCategory = Object.fromEntries(
    Object.entries(added).filter(([category]) => category !== 'backbone'),
  );
  return { backbone, added: extra, addedPercent: (100 * extra) / backbone, trainable, byCategory };
}

function versions(): Record<string, string> {
  return { '@hyperprompt/*': LIBRARY_VERSION, '@tensorflow/tfjs': tf.version_core, node: process.version };
}

function backendLabel(backend: { readonly name: string; readonly threads: number }): string {
  const { name, threads } = backend;
  return `${name}${name === 'wasm' ? ` (${threads} thread${threads > 1 ? 's' : ''})` : ''}`;
}

/**
 * Records a diverged run: writes its `result.json` (status `diverged`, no scores) and returns
 * the error to throw, whose message also says which checkpoint is kept and where the record is.
 */
function recordDivergence(
  planned: PlannedRun,
  trainer: Trainer,
  error: DivergenceError,
  context: { readonly started: number; readonly backend: string; readonly checkpointDir?: string },
): DivergenceError {
  const file = join(planned.folder, 'result.json');
  const latest = context.checkpointDir === undefined ? undefined : latestCheckpoint(context.checkpointDir);
  const kept =
    latest === undefined
      ? 'No checkpoint was saved before it'
      : `The last good checkpoint is kept (${latest})`;
  const stopped = new DivergenceError(
    error.step,
    error.quantity,
    error.value,
    `Lower the learning rate or enable gradient clipping (gradientClipNorm). ${kept}; ` +
      `${file} records the run as diverged, with no scores.`,
  );
  const { config, seed } = planned.run;
  const result: DivergedRunResult = {
    schemaVersion: RESULT_SCHEMA_VERSION,
    id: planned.run.id,
    name: config.name,
    label: config.label,
    seed,
    config,
    tasks: config.tasks,
    status: 'diverged',
    divergence: {
      step: error.step ?? trainer.step + 1,
      quantity: error.quantity,
      value: String(error.value),
      message: stopped.message,
    },
    losses: trainer.state().losses,
    timing: { wallSeconds: (performance.now() - context.started) / 1000, steps: trainer.step },
    backend: context.backend,
    versions: versions(),
    finishedAt: new Date().toISOString(),
  };
  writeJsonAtomic(file, result);
  return stopped;
}

/**
 * Executes one run and writes its `result.json` into `planned.folder`. A folder holding a
 * checkpoint of an interrupted run continues from it.
 *
 * @param planned - the run (from `planRuns`).
 * @param options - progress, logging, abort.
 * @returns the result, or `undefined` when aborted.
 * @throws `DivergenceError` when the loss, the gradient norm or a weight becomes NaN or
 *   ±Infinity; `result.json` then records the run with status `diverged` and no scores, and
 *   the last checkpoint saved before it is kept.
 */
export async function executeRun(
  planned: PlannedRun,
  options: ExecuteRunOptions = {},
): Promise<RunResult | undefined> {
  const started = performance.now();
  const { config, seed } = planned.run;
  const { baseDir } = planned.experiment;
  const backend = await initBackend({ ...options.backend, log: options.log });
  mkdirSync(planned.folder, { recursive: true });
  const tokenizer = runTokenizer(config, baseDir);
  tokenizer.save(join(planned.folder, RUN_TOKENIZER_DIR));
  const data = await loadRunData(planned.experiment.config, tokenizer, baseDir, seed);
  const model = buildModel(config, baseDir, tokenizer.vocabSize);
  const modules: PeftModule[] = [];
  let trainer: Trainer | undefined;
  try {
    for (const [i, m] of resolveMethods(config.methods, model.spec, config.tasks.length).entries()) {
      modules.push(m.method.create(model, m.config, seed * 1000 + i + 1));
    }
    const { optimizer, schedule } = optimizerOf(config);
    const checkpointDir =
      options.checkpoints === false ? undefined : join(planned.folder, RUN_CHECKPOINT_DIR);
    trainer = new Trainer({
      model,
      modules,
      tasks: data.train,
      optimizer,
      schedule,
      settings: {
        steps: config.steps,
        batchSize: config.sampler.batchSize,
        mixing: config.sampler.mixing,
        batchMode: config.sampler.batchMode,
        evalEvery: config.evalEvery,
        checkpointEvery: checkpointDir === undefined ? 0 : config.evalEvery,
        logEvery: config.logEvery,
        clipNorm: config.gradientClipNorm > 0 ? config.gradientClipNorm : Infinity,
        labelSmoothing: config.labelSmoothing,
        trainable: config.policy,
        seed,
      },
      evaluator: new Evaluator(tokenizer, data.eval, {
        maxExamples: config.evalLimit ?? 0,
        maxInputLength: config.maxInputLength,
      }),
      checkpointDir,
      onProgress: options.onProgress,
      log: options.log,
    });
    if (checkpointDir !== undefined && trainer.restore()) {
      options.log?.(`resuming ${planned.run.id} at step ${trainer.step}`);
    }
    let summary;
    try {
      summary = await trainer.train({ signal: options.signal });
    } catch (error) {
      if (!(error instanceof DivergenceError)) throw error;
      const context = { started, backend: backendLabel(backend), checkpointDir };
      throw recordDivergence(planned, trainer, error, context);
    }
    if (summary.aborted || summary.best === undefined) return undefined;
    const attention = measureAttentionMass({
      model,
      modules,
      tokenizer,
      tasks: data.eval.map((t) => ({ name: t.name, examples: Object.values(t.splits)[0] })),
    });
    const result: RunResult = {
      schemaVersion: RESULT_SCHEMA_VERSION,
      id: planned.run.id,
      name: config.name,
      label: config.label,
      seed,
      config,
      tasks: config.tasks,
      losses: summary.losses,
      evals: summary.evals,
      best: summary.best,
      parameters: parameterSummary(model, modules, trainer.trainable.count),
      timing: {
        wallSeconds: (performance.now() - started) / 1000,
        msPerStep: median(summary.stepMs),
        steps: summary.step,
      },
      memory: { peakBytes: summary.peakBytes, peakTensors: summary.peakTensors },
      backend: backendLabel(backend),
      versions: versions(),
      ...(attention === undefined ? {} : { attention }),
      baselines: majorityBaselines(data.eval, data.trainExamples, { maxExamples: config.evalLimit ?? 0 }),
      finishedAt: new Date().toISOString(),
      status: 'completed',
    };
    writeJsonAtomic(join(planned.folder, 'result.json'), result);
    return result;
  } finally {
    trainer?.dispose();
    for (const m of modules) m.dispose();
    model.dispose();
  }
}
