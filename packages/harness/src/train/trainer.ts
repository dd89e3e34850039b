/**
 * The multi-task trainer: draws batches with the task sampler (mixed-task by default),
 * computes the T5 loss with the methods' hooks composed left to right, takes gradients of
 * exactly the variables the trainable policy chose, clips them by global norm and applies
 * the optimiser at the scheduled learning rate. Dropout is seeded through the forward
 * context's generator. It evaluates on a cadence, keeps the best evaluations (T5 convention)
 * and saves checkpoints from which {@link Trainer.restore} continues the same run, bit for
 * bit. Nothing is printed: progress, evaluations and log lines go to the callbacks.
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';
import {
  composeHooks,
  ConfigError,
  createForwardContext,
  DivergenceError,
  Rng,
  type PeftModule,
} from '@hyperprompt/core';
import type { T5Model } from '@hyperprompt/t5';
import { pickExamples, TaskSampler, type TaskSamplerOptions } from '@hyperprompt/tasks';
import type { BestSummary, EvalRecord } from '../result';
import { updateBest } from './evaluator';
import {
  latestCheckpoint,
  readTrainState,
  restoreCheckpoint,
  saveCheckpoint,
  TRAIN_STATE_VERSION,
  type CheckpointTargets,
  type TrainState,
} from './checkpoint';
import { createOptimizer } from './create-optimizer';
import type { TrainTask } from './data';
import type { TrainOptimizer } from './optimizer';
import { clipByGlobalNorm, createSchedule, type Schedule } from './schedule';
import { describeTrainable, selectTrainable, type TrainableSet } from './trainable';
import {
  resolveTrainerSettings,
  type LossPoint,
  type StepResult,
  type TrainerOptions,
  type TrainerSettings,
  type TrainSummary,
} from './trainer-config';

/**
 * Trains a T5 backbone with method modules on several tasks.
 *
 * @example
 * ```ts
 * const trainer = new Trainer({ model, modules, tasks, evaluator, settings: { steps: 600, evalEvery: 200 } });
 * trainer.restore(); // continue from checkpointDir if a checkpoint exists
 * const summary = await trainer.train();
 * trainer.dispose();
 * ```
 */
export class Trainer {
  /** The resolved settings. */
  readonly settings: TrainerSettings;
  /** The variables that train, and how many parameters. */
  readonly trainable: TrainableSet;
  /** The optimiser. */
  readonly optimizer: TrainOptimizer;
  private readonly model: T5Model;
  private readonly modules: readonly PeftModule[];
  private readonly tasks: readonly TrainTask[];
  private readonly schedule: Schedule;
  private readonly ownsOptimizer: boolean;
  private sampler: TaskSampler;
  private rng: Rng;
  private steps = 0;
  private evals: EvalRecord[] = [];
  private best: BestSummary | undefined;
  private losses: LossPoint[] = [];

  /** @throws `ConfigError` for bad settings, no tasks, an empty task or a policy that trains nothing. */
  constructor(private readonly options: TrainerOptions) {
    this.settings = resolveTrainerSettings(options.settings);
    this.model = options.model;
    this.modules = options.modules ?? [];
    this.tasks = options.tasks;
    if (this.tasks.length === 0) throw new ConfigError('tasks', [], 'at least one task');
    const evalTasks = options.evaluator?.tasks.map((t) => t.name);
    if (evalTasks && evalTasks.join('\n') !== this.tasks.map((t) => t.name).join('\n')) {
      throw new ConfigError(
        'evaluator.tasks',
        evalTasks,
        this.tasks.map((t) => t.name),
      );
    }
    this.trainable = selectTrainable(this.model, this.modules, this.settings.trainable);
    this.schedule = createSchedule(options.schedule);
    const opt = options.optimizer ?? { kind: 'adafactor' };
    this.ownsOptimizer = !('apply' in opt);
    this.optimizer = 'apply' in opt ? opt : createOptimizer(opt);
    this.sampler = new TaskSampler(this.samplerOptions());
    this.rng = new Rng(this.settings.seed).fork('dropout');
  }

  /** Steps done. */
  get step(): number {
    return this.steps;
  }

  private samplerOptions(): TaskSamplerOptions {
    const { batchSize, mixing, batchMode, seed } = this.settings;
    const sizes = this.tasks.map((t) => t.train.length);
    return { sizes, batchSize, batchMode, seed, ...(mixing ? { mixing } : {}) };
  }

  /** One optimiser step on the next batch. Leaves no tensors behind. */
  trainStep(): StepResult {
    const step = this.steps + 1;
    const batch = this.sampler.next();
    const examples = pickExamples(
      batch,
      this.tasks.map((t) => t.train),
    );
    const inputs = { inputIds: examples.map((e) => e.inputIds), labels: examples.map((e) => e.labels) };
    const ctx = createForwardContext({
      taskIds: batch.taskIds,
      numTasks: this.tasks.length,
      training: true,
      rng: this.rng,
    });
    const vars = this.trainable.variables;
    let value: tf.Scalar | undefined;
    let grads: tf.NamedTensorMap = {};
    try {
      ({ value, grads } = tf.variableGrads(
        () => {
          const hooks = composeHooks(this.modules.map((m) => m.hooks(ctx)));
          return this.model.loss(inputs, {
            context: ctx,
            hooks,
            labelSmoothing: this.settings.labelSmoothing,
          });
        },
        vars.map((v) => v.variable),
      ));
      // A non-finite loss or gradient norm stops the run before any variable is updated.
      const loss = value.dataSync()[0];
      if (!Number.isFinite(loss)) throw new DivergenceError(step, 'loss', loss);
      // As in PyTorch, variables the loss does not reach this step (no gradient) are skipped.
      const params = vars.filter((v) => v.variable.name in grads);
      const clipped = clipByGlobalNorm(
        params.map((v) => grads[v.variable.name]),
        this.settings.clipNorm,
      );
      const lr = this.schedule(step);
      try {
        if (!Number.isFinite(clipped.norm)) throw new DivergenceError(step, 'gradient norm', clipped.norm);
        this.optimizer.apply(params, clipped.grads, lr);
      } finally {
        if (clipped.clipped) tf.dispose(clipped.grads);
      }
      this.steps = step;
      if (step % this.settings.logEvery === 0 || step === this.settings.steps)
        this.losses.push({ step, loss });
      return { step, loss, lr, gradNorm: clipped.norm };
    } finally {
      value?.dispose();
      tf.dispose(Object.values(grads));
      ctx.dispose();
    }
  }

  /**
   * Checks that every trainable variable holds only finite values (one reduction over them).
   * An update of finite size can still overflow a weight to ±Infinity; this catches it before
   * an evaluation or a checkpoint would use it.
   * @throws `DivergenceError` naming the step and the first non-finite variable.
   */
  assertFiniteWeights(): void {
    const vars = this.trainable.variables;
    if (vars.length === 0) return;
    // x * 0 is 0 for finite x and NaN for NaN or ±Infinity: one NaN per bad variable.
    const probe = tf.tidy(() => tf.stack(vars.map((v) => v.variable.mul(0).sum())));
    const sums = probe.dataSync();
    probe.dispose();
    const bad = sums.findIndex((x) => !Number.isFinite(x));
    if (bad >= 0) {
      const { name, variable } = vars[bad];
      const value = variable.dataSync().find((x) => !Number.isFinite(x)) ?? NaN;
      throw new DivergenceError(this.steps, `variable ${name} (after the update)`, value);
    }
  }

  /**
   * Evaluates now, records the evaluation and updates the best ones.
   * @throws `ConfigError` when the trainer has no evaluator; `DivergenceError` when the model
   *   scores candidates as NaN or ±Infinity.
   */
  evaluate(): EvalRecord {
    const { evaluator } = this.options;
    if (evaluator === undefined) throw new ConfigError('evaluator', undefined, 'an Evaluator');
    const record = evaluator.evaluate(this.model, this.modules, this.steps);
    this.evals.push(record);
    this.best = updateBest(this.best, record);
    this.options.onEval?.(record);
    return record;
  }

  /**
   * Trains until `settings.steps` (from wherever the run stands), evaluating and saving on
   * the cadences and after the last step. Yields to the event loop after every step, so
   * progress bars render and an abort signal is seen; on abort it saves (when it has a
   * checkpoint directory) and returns early.
   *
   * @throws `DivergenceError` at the first step whose loss or gradient norm is NaN or
   *   ±Infinity (nothing is updated with it), or when a weight is found non-finite before an
   *   evaluation or a save. No checkpoint is written then: the last saved one is the last good one.
   */
  async train(options: { readonly signal?: AbortSignal } = {}): Promise<TrainSummary> {
    const { steps, evalEvery, checkpointEvery } = this.settings;
    this.options.log?.(describeTrainable(this.trainable));
    const stepMs: number[] = [];
    let peakTensors = 0;
    let peakBytes = 0;
    let aborted = false;
    while (this.steps < steps) {
      if (options.signal?.aborted) {
        aborted = true;
        if (this.options.checkpointDir !== undefined) {
          this.assertFiniteWeights();
          this.save();
        }
        break;
      }
      const started = performance.now();
      const result = this.trainStep();
      stepMs.push(performance.now() - started);
      const memory = tf.memory();
      peakTensors = Math.max(peakTensors, memory.numTensors);
      peakBytes = Math.max(peakBytes, memory.numBytes);
      const stepsPerSecond = (1000 * stepMs.length) / stepMs.reduce((a, b) => a + b, 0);
      this.options.onProgress?.({
        ...result,
        steps,
        stepsPerSecond,
        etaSeconds: (steps - result.step) / stepsPerSecond,
      });
      const last = result.step === steps;
      const every = (n: number): boolean => last || (n > 0 && result.step % n === 0);
      const evaluate = this.options.evaluator !== undefined && every(evalEvery);
      const save = this.options.checkpointDir !== undefined && every(checkpointEvery);
      if (evaluate || save) this.assertFiniteWeights();
      if (evaluate) this.evaluate();
      if (save) this.save();
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return { ...this.summaryState(), aborted, stepMs, peakTensors, peakBytes };
  }

  private summaryState(): Pick<TrainSummary, 'step' | 'evals' | 'best' | 'losses'> {
    return { step: this.steps, evals: [...this.evals], best: this.best, losses: [...this.losses] };
  }

  /** The JSON state of the run now (what `state.json` holds). */
  state(): TrainState {
    return {
      version: TRAIN_STATE_VERSION,
      step: this.steps,
      tasks: this.tasks.map((t) => t.name),
      modules: this.modules.map((m) => m.kind),
      trainable: { policy: this.trainable.policy, count: this.trainable.count },
      optimizer: this.optimizer.stateJSON(),
      sampler: this.sampler.state(),
      rng: this.rng.state(),
      evals: [...this.evals],
      ...(this.best ? { best: this.best } : {}),
      losses: [...this.losses],
    };
  }

  /**
   * Saves a checkpoint of the run now.
   * @param dir - checkpoint directory. @defaultValue the `checkpointDir` option
   * @returns the step folder written.
   */
  save(dir = this.options.checkpointDir): string {
    if (dir === undefined) throw new ConfigError('checkpointDir', undefined, 'a directory');
    return saveCheckpoint(dir, this.checkpointTargets(), this.state());
  }

  /**
   * Continues a saved run: loads the latest checkpoint of `dir` into the backbone, modules,
   * optimiser, sampler, dropout generator, evaluations and losses.
   * @param dir - checkpoint directory. @defaultValue the `checkpointDir` option
   * @returns false when `dir` holds no checkpoint (nothing changes).
   * @throws `CheckpointError` / `ConfigError` when the checkpoint belongs to another run setup.
   */
  restore(dir = this.options.checkpointDir): boolean {
    if (dir === undefined) throw new ConfigError('checkpointDir', undefined, 'a directory');
    const folder = latestCheckpoint(dir);
    if (folder === undefined) return false;
    const names = this.tasks.map((t) => t.name);
    const saved = readTrainState(folder);
    if (JSON.stringify(saved.tasks) !== JSON.stringify(names)) {
      throw new ConfigError('tasks', names, `the checkpoint's tasks ${JSON.stringify(saved.tasks)}`);
    }
    if (saved.trainable.policy !== this.trainable.policy) {
      throw new ConfigError('train.trainable', this.trainable.policy, [saved.trainable.policy]);
    }
    const state = restoreCheckpoint(folder, this.checkpointTargets());
    this.sampler = TaskSampler.fromState(state.sampler, this.samplerOptions());
    this.rng = Rng.fromState(state.rng);
    this.steps = state.step;
    this.evals = [...state.evals];
    this.best = state.best;
    this.losses = [...state.losses];
    return true;
  }

  private checkpointTargets(): CheckpointTargets {
    return { model: this.model, modules: this.modules, optimizer: this.optimizer };
  }

  /** Frees the optimiser state when the trainer created the optimiser (model and modules stay). */
  dispose(): void {
    if (this.ownsOptimizer) this.optimizer.dispose();
  }
}
