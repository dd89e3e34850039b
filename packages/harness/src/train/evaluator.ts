/**
 * The evaluator: every task on its validation examples, scored as T5 scores GLUE. Tasks with
 * label words (and examples with their own candidates, e.g. COPA) are decided by rank
 * classification over the candidates (`T5Model.scoreCandidates`, the best log-likelihood
 * wins), the others by greedy decoding (`T5Model.generate`) and the tokenizer's decode. The
 * task's metrics (0-1) become 0-100, the task score is its `taskScore` (mean of the
 * metrics) and the average is the unweighted mean of the task scores: an `EvalRecord`.
 *
 * A metric that is undefined (NaN, e.g. a correlation of constant predictions) counts as 0,
 * so that averages and `result.json` stay finite.
 *
 * Best evaluations follow the T5 convention the HyperPrompt paper follows: each task's best
 * evaluation separately (their mean is what the paper's tables report), and the single
 * evaluation with the best average. Ties keep the earlier step.
 *
 * @packageDocumentation
 */
import {
  composeHooks,
  ConfigError,
  DivergenceError,
  rejectUnknownKeys,
  type PeftModule,
} from '@hyperprompt/core';
import type { T5Model } from '@hyperprompt/t5';
import { mergeSplitMetrics, type Example, type TaskMetrics } from '@hyperprompt/tasks';
import type { BestRecord, BestSummary, EvalRecord } from '../result';
import { truncateIds, type EncodingTokenizer } from './data';
import type { EvalTask } from './eval-task';

/** What evaluation needs of a tokenizer (`@hyperprompt/t5`'s `Tokenizer` has it). */
export interface EvalTokenizer extends EncodingTokenizer {
  /** Text of generated ids, special tokens skipped. */
  decode(ids: ArrayLike<number>): string;
}

/** Settings of {@link Evaluator}. */
export interface EvaluatorConfig {
  /** Examples per forward. @defaultValue 32 */
  readonly batchSize: number;
  /** Evaluate at most this many examples per task and split (the first ones); 0 for all. @defaultValue 0 */
  readonly maxExamples: number;
  /** Longest encoder input in tokens, EOS included. @defaultValue 512 */
  readonly maxInputLength: number;
  /** Rank classification by `'sum'` or length-normalised `'mean'` log-likelihood. @defaultValue 'sum' */
  readonly reduce: 'sum' | 'mean';
}

/** Defaults of {@link EvaluatorConfig}. */
export const DEFAULT_EVALUATOR: EvaluatorConfig = Object.freeze({
  batchSize: 32,
  maxExamples: 0,
  maxInputLength: 512,
  reduce: 'sum',
});

/** The predictions of one task. */
export interface TaskPredictions {
  /** The split they belong to. */
  readonly split: string;
  /** The examples that were evaluated. */
  readonly examples: readonly Example[];
  /** One predicted string per example. */
  readonly predictions: readonly string[];
}

function finite100(value: number): number {
  return Number.isFinite(value) ? 100 * value : 0;
}

/** What a non-finite score during prediction means to the user. */
const NON_FINITE_HINT =
  'The model computes NaN or infinite log-likelihoods: its weights are unusable (a diverged run?).';

/**
 * Index of the best candidate score (the first of equal ones).
 *
 * @param row - one example's candidate scores (log-likelihoods).
 * @param what - names the task and example in the error.
 * @throws `DivergenceError` when a score is NaN or ±Infinity (a silent -1 or a pick among
 *   NaNs would otherwise become a prediction).
 */
export function argmaxFinite(row: readonly number[], what: string): number {
  let best = -1;
  for (let i = 0; i < row.length; i++) {
    const v = row[i];
    if (!Number.isFinite(v)) throw new DivergenceError(undefined, `score of ${what}`, v, NON_FINITE_HINT);
    if (best < 0 || v > row[best]) best = i;
  }
  if (best < 0) throw new ConfigError(`candidates of ${what}`, [], 'at least one candidate');
  return best;
}

/**
 * Evaluates a model (with its method modules) on a fixed list of tasks; the task id of a
 * task is its index, as in training.
 *
 * @example
 * ```ts
 * const evaluator = new Evaluator(tokenizer, suite.tasks.map((t) => evalTaskFromSynthetic(t)));
 * const record = evaluator.evaluate(model, modules, step); // EvalRecord
 * ```
 */
export class Evaluator {
  /** The resolved settings. */
  readonly config: EvaluatorConfig;

  /**
   * @param tokenizer - encodes inputs and candidates, decodes generations.
   * @param tasks - the tasks, in task-id order.
   * @param options - see {@link EvaluatorConfig}.
   * @throws `ConfigError` for no tasks, duplicate names or a bad setting.
   */
  constructor(
    readonly tokenizer: EvalTokenizer,
    readonly tasks: readonly EvalTask[],
    options: Partial<EvaluatorConfig> = {},
  ) {
    rejectUnknownKeys(options, Object.keys(DEFAULT_EVALUATOR), 'evaluator');
    const c = { ...DEFAULT_EVALUATOR, ...options };
    if (!Number.isInteger(c.batchSize) || c.batchSize < 1)
      throw new ConfigError('evaluator.batchSize', c.batchSize, 'an integer >= 1');
    if (!Number.isInteger(c.maxExamples) || c.maxExamples < 0)
      throw new ConfigError('evaluator.maxExamples', c.maxExamples, 'an integer >= 0 (0: all)');
    if (!Number.isInteger(c.maxInputLength) || c.maxInputLength < 2)
      throw new ConfigError('evaluator.maxInputLength', c.maxInputLength, 'an integer >= 2');
    const reduce: string = c.reduce; // may come from untyped JSON
    if (reduce !== 'sum' && reduce !== 'mean')
      throw new ConfigError('evaluator.reduce', reduce, ['sum', 'mean']);
    if (tasks.length === 0) throw new ConfigError('evaluator.tasks', [], 'at least one task');
    const names = tasks.map((t) => t.name);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup !== undefined) throw new ConfigError('evaluator.tasks', dup, 'unique task names');
    this.config = Object.freeze(c);
  }

  /**
   * Predicted strings of one split of task `taskId` (batched; rank classification or greedy
   * decoding). Runs in inference mode; leaves no tensors behind.
   *
   * @param split - the split. @defaultValue the task's first split
   */
  predict(model: T5Model, modules: readonly PeftModule[], taskId: number, split?: string): TaskPredictions {
    const task = this.tasks[taskId] as EvalTask | undefined;
    if (task === undefined) throw new ConfigError('taskId', taskId, `a task id in [0, ${this.tasks.length})`);
    const name = split ?? Object.keys(task.splits)[0];
    const all = task.splits[name] as readonly Example[] | undefined;
    if (all === undefined) throw new ConfigError(`${task.name}.split`, name, Object.keys(task.splits));
    const { batchSize, maxExamples, maxInputLength, reduce } = this.config;
    const examples = maxExamples > 0 ? all.slice(0, maxExamples) : all;
    const tok = this.tokenizer;
    const encode = (text: string): readonly number[] =>
      truncateIds(tok.encode(text), maxInputLength, tok.eosId);
    const hooks = (ctx: Parameters<PeftModule['hooks']>[0]) => composeHooks(modules.map((m) => m.hooks(ctx)));
    const labelCandidates = task.labelWords.map((w) => tok.encode(w));
    const predictions: string[] = [];
    for (let i = 0; i < examples.length; i += batchSize) {
      const chunk = examples.slice(i, i + batchSize);
      const inputs = { inputIds: chunk.map((e) => encode(e.input)) };
      const options = { taskIds: chunk.map(() => taskId), numTasks: this.tasks.length, hooks };
      const perExample = chunk.every((e) => e.candidates !== undefined && e.candidates.length > 0);
      if (perExample || task.labelWords.length > 0) {
        const words = chunk.map((e) => (perExample ? (e.candidates as readonly string[]) : task.labelWords));
        const candidates = perExample ? words.map((ws) => ws.map((w) => tok.encode(w))) : labelCandidates;
        const scores = model.scoreCandidates(inputs, candidates, { ...options, reduce });
        scores.forEach((row, b) => {
          const what = `task ${task.name}, example ${i + b} of split ${name}`;
          predictions.push(words[b][argmaxFinite(row, what)]);
        });
      } else {
        const generated = model.generate(inputs, { ...options, maxNewTokens: task.maxNewTokens });
        for (const ids of generated) predictions.push(tok.decode(ids));
      }
    }
    return { split: name, examples, predictions };
  }

  /**
   * Evaluates every task: metrics and task scores on the 0-100 scale, and their average.
   * @throws `DivergenceError` naming `step` when the model scores a candidate as NaN or ±Infinity.
   */
  evaluate(model: T5Model, modules: readonly PeftModule[], step: number): EvalRecord {
    const metrics: Record<string, Record<string, number>> = {};
    const scores: Record<string, number> = {};
    this.tasks.forEach((task, id) => {
      const bySplit: Record<string, TaskMetrics> = {};
      for (const split of Object.keys(task.splits)) {
        let predicted: TaskPredictions;
        try {
          predicted = this.predict(model, modules, id, split);
        } catch (error) {
          if (error instanceof DivergenceError && error.step === undefined)
            throw new DivergenceError(step, `${error.quantity} (evaluation)`, error.value);
          throw error;
        }
        const { examples, predictions } = predicted;
        bySplit[split] = task.score(predictions, examples);
      }
      const raw = mergeSplitMetrics(bySplit);
      const clean = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Number.isFinite(v) ? v : 0]));
      metrics[task.name] = Object.fromEntries(Object.entries(clean).map(([k, v]) => [k, 100 * v]));
      scores[task.name] = finite100(task.taskScore(clean));
    });
    const values = Object.values(scores);
    return { step, metrics, scores, average: values.reduce((a, b) => a + b, 0) / values.length };
  }
}

/**
 * The best summary after one more evaluation.
 *
 * @param best - the summary so far (`undefined` before the first evaluation).
 * @param record - the new evaluation.
 */
export function updateBest(best: BestSummary | undefined, record: EvalRecord): BestSummary {
  const perTask: Record<string, BestRecord> = { ...(best?.perTask ?? {}) };
  for (const [task, score] of Object.entries(record.scores)) {
    const old = perTask[task] as BestRecord | undefined;
    if (old === undefined || score > old.score) perTask[task] = { step: record.step, score };
  }
  const scores = Object.values(perTask).map((r) => r.score);
  const perTaskAverage = scores.reduce((a, b) => a + b, 0) / scores.length;
  const average =
    best === undefined || record.average > best.average.score
      ? { step: record.step, score: record.average }
      : best.average;
  return { perTask, perTaskAverage, average };
}

/**
 * The best summary of a list of evaluations.
 * @throws `ConfigError` for an empty list.
 */
export function bestOf(records: readonly EvalRecord[]): BestSummary {
  if (records.length === 0) throw new ConfigError('evals', [], 'at least one evaluation');
  let best: BestSummary | undefined;
  for (const r of records) best = updateBest(best, r);
  return best as BestSummary;
}
