import type { PeftModule } from '@hyperprompt/core';
import type { T5Model } from '@hyperprompt/t5';
import {
  createDefaultRegistry,
  generateSyntheticSuite,
  trivialBaselines,
  type Example,
  type SyntheticTaskName,
} from '@hyperprompt/tasks';
import { evalTaskFromDefinition, evalTaskFromSynthetic, type EvalTask } from '../train/eval-task';
import { Evaluator, type TaskPredictions } from '../train/evaluator';
import { majorityBaseline, majorityBaselines, majorityLabel } from './baselines';

/** An evaluator whose "model" predicts one fixed text per task: the real scoring path. */
class ConstantEvaluator extends Evaluator {
  constructor(
    tasks: readonly EvalTask[],
    private readonly answers: readonly string[],
    maxExamples = 0,
  ) {
    super({ eosId: 1, encode: () => [1], decode: () => '' }, tasks, { maxExamples });
  }

  override predict(
    _model: T5Model,
    _modules: readonly PeftModule[],
    taskId: number,
    split?: string,
  ): TaskPredictions {
    const task = this.tasks[taskId];
    const name = split ?? Object.keys(task.splits)[0];
    const all = task.splits[name];
    const limit = this.config.maxExamples;
    const examples = limit > 0 ? all.slice(0, limit) : all;
    return { split: name, examples, predictions: examples.map(() => this.answers[taskId]) };
  }
}

/** What the evaluator records for constant predictions. */
function evaluateConstant(tasks: readonly EvalTask[], answers: readonly string[], maxExamples = 0) {
  return new ConstantEvaluator(tasks, answers, maxExamples).evaluate(undefined as unknown as T5Model, [], 0);
}

const example = (target: string, label: number | undefined, i: number): Example => ({
  input: `x${i}`,
  target,
  ...(label === undefined ? {} : { label }),
});
const labelled = (words: readonly string[], labels: readonly number[]): Example[] =>
  labels.map((label, i) => example(words[label], label, i));

const NAMES: SyntheticTaskName[] = ['syn-sentiment', 'syn-nli', 'syn-color-match', 'syn-similarity'];
const sizes = Object.fromEntries(NAMES.map((n) => [n, { train: 200, validation: 60, test: 20 }]));
const suite = generateSyntheticSuite({ seed: 5, tasks: NAMES, sizes });
const syntheticTasks = suite.tasks.map((t) => evalTaskFromSynthetic(t));
const syntheticTrain = suite.tasks.map((t) => t.splits.train);

describe('majorityBaseline', () => {
  it('scores exactly as the evaluator scores constant predictions (synthetic suite)', () => {
    const baselines = majorityBaselines(syntheticTasks, syntheticTrain);
    expect(Object.keys(baselines)).toEqual(NAMES);
    const answers = NAMES.map((n) => baselines[n].majority!.label);
    const record = evaluateConstant(syntheticTasks, answers);
    for (const name of NAMES) {
      expect({ name, score: baselines[name].majority?.score }).toEqual({ name, score: record.scores[name] });
      expect(baselines[name].majority?.metrics).toEqual(record.metrics[name]);
    }
  });

  it('agrees with the synthetic suite’s trivial baselines on classification tasks', () => {
    const trivial = trivialBaselines(suite);
    for (const [i, task] of suite.tasks.entries()) {
      if (task.kind !== 'classification') continue;
      const mine = majorityBaseline(syntheticTasks[i], syntheticTrain[i])!;
      expect(mine.label).toBe(trivial[i].prediction);
      expect(mine.metrics.accuracy).toBeCloseTo(100 * (trivial[i].scores.validation.accuracy as number), 10);
    }
  });

  it('scores a constant on a regression task as the evaluator does: undefined correlations count 0', () => {
    const i = NAMES.indexOf('syn-similarity');
    const mine = majorityBaseline(syntheticTasks[i], syntheticTrain[i])!;
    expect(mine.score).toBe(0);
    expect(Object.values(mine.metrics)).toEqual([0, 0]);
  });

  it('merges the splits of a two-split task (MNLI) as the evaluator does', () => {
    const mnli = createDefaultRegistry().get('glue/mnli');
    const words = mnli.labelWords ?? [];
    const task = evalTaskFromDefinition(mnli, {
      validation_matched: labelled(words, [0, 1, 1, 2, 0]),
      validation_mismatched: labelled(words, [1, 1, 1, 2]),
    });
    const train = labelled(words, [2, 1, 1, 0, 1, 2]);
    const mine = majorityBaseline(task, train)!;
    expect(mine.label).toBe('neutral');
    // accuracy 2/5 on matched, 3/4 on mismatched; task score = their mean
    expect(mine.metrics).toEqual({ 'validation_matched/accuracy': 40, 'validation_mismatched/accuracy': 75 });
    expect(mine.score).toBeCloseTo(57.5, 12);
    expect(evaluateConstant([task], ['neutral']).scores['glue/mnli']).toBe(mine.score);
  });

  it('uses F1 and accuracy of a registry task (MRPC) and honours maxExamples like the evaluator', () => {
    const mrpc = createDefaultRegistry().get('glue/mrpc');
    const words = mrpc.labelWords ?? [];
    const task = evalTaskFromDefinition(mrpc, labelled(words, [1, 1, 0, 1, 0, 0, 0, 0]));
    const train = labelled(words, [1, 1, 0, 1, 1]);
    const all = majorityBaseline(task, train)!;
    expect(all.label).toBe('equivalent');
    // predicting "equivalent" everywhere: accuracy 3/8, F1 = 2·(3/8)·1 / (3/8 + 1) = 6/11
    expect(all.metrics.accuracy).toBeCloseTo(37.5, 12);
    expect(all.metrics.f1).toBeCloseTo(600 / 11, 10);
    const firstFour = majorityBaseline(task, train, { maxExamples: 4 })!;
    expect(firstFour.metrics.accuracy).toBeCloseTo(75, 12);
    expect(firstFour.score).toBe(evaluateConstant([task], ['equivalent'], 4).scores['glue/mrpc']);
  });
});

describe('majorityLabel', () => {
  const task = syntheticTasks[0];
  const words = task.labelWords;

  it('breaks ties by the lowest class index and skips unlabelled examples', () => {
    expect(majorityLabel(task, labelled(words, [1, 0, 1, 0]))).toBe(words[0]);
    expect(majorityLabel(task, labelled(words, [1, 0, 1]))).toBe(words[1]);
    expect(majorityLabel(task, [example('<unk>', undefined, 0)])).toBeUndefined();
  });

  it('counts target texts when a task has no label words (ties: first seen)', () => {
    const span: EvalTask = { ...task, kind: 'span', labelWords: [] };
    const train = ['b', 'a', 'a', 'b', '<unk>'].map((t, i) => example(t, undefined, i));
    expect(majorityLabel(span, train)).toBe('b');
    expect(majorityLabel(span, [...train, example('a', undefined, 9)])).toBe('a');
  });
});

describe('majorityBaselines', () => {
  it('omits tasks without labelled training examples and checks the list lengths', () => {
    const unlabelled = [example('<unk>', undefined, 0)];
    expect(
      Object.keys(majorityBaselines(syntheticTasks.slice(0, 2), [syntheticTrain[0], unlabelled])),
    ).toEqual(['syn-sentiment']);
    expect(() => majorityBaselines(syntheticTasks, syntheticTrain.slice(1))).toThrow(RangeError);
  });
});
