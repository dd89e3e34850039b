/**
 * Trivial baselines of a generated suite, the floor every method must clear: for a
 * classification task the majority class of the training split, predicted for every
 * evaluation example; for the regression task the mean training score, whose Pearson and
 * Spearman correlations are undefined (a constant has no variance), so its mean squared
 * error is reported instead.
 *
 * @packageDocumentation
 */
import { accuracy, f1Binary, matthewsCorrelation } from '../metrics';
import type { SyntheticSplit } from './config';
import type { SyntheticSuite, SyntheticTask } from './suite';

/** Metric values of a trivial predictor on one split, by metric name; `null` when undefined. */
export type BaselineScores = Readonly<Record<string, number | null>>;

/** The trivial baseline of one task. */
export interface TrivialBaseline {
  /** The task name. */
  readonly task: string;
  /** What is predicted for every example: the majority label word, or the mean score. */
  readonly prediction: string;
  /**
   * Per evaluation split, the task's metrics on the 0-1 scale (`null` for a correlation of a
   * constant), plus `accuracy` for every classification task and `mse` for regression.
   */
  readonly scores: Readonly<Record<'validation' | 'test', BaselineScores>>;
}

function labels(task: SyntheticTask, split: SyntheticSplit): number[] {
  return task.splits[split].map((e) => e.label ?? Number.NaN);
}

/** The majority class of the training split (ties: the lowest class index). */
function majorityClass(task: SyntheticTask): number {
  const counts = task.labelWords.map(() => 0);
  for (const label of labels(task, 'train')) counts[label]++;
  return counts.indexOf(Math.max(...counts));
}

function classificationScores(task: SyntheticTask, split: SyntheticSplit, majority: number): BaselineScores {
  const yTrue = labels(task, split);
  const yPred = yTrue.map(() => majority);
  const scores: Record<string, number> = {};
  const metrics = task.metrics.includes('accuracy') ? task.metrics : [...task.metrics, 'accuracy'];
  for (const metric of metrics) {
    if (metric === 'accuracy') scores.accuracy = accuracy(yTrue, yPred);
    else if (metric === 'f1') scores.f1 = f1Binary(yTrue, yPred, 1);
    else if (metric === 'mcc') scores.mcc = matthewsCorrelation(yTrue, yPred);
  }
  return scores;
}

function regressionScores(task: SyntheticTask, split: SyntheticSplit, mean: number): BaselineScores {
  const yTrue = labels(task, split);
  const mse = yTrue.reduce((sum, y) => sum + (y - mean) ** 2, 0) / yTrue.length;
  const scores: Record<string, number | null> = {};
  for (const metric of task.metrics) scores[metric] = null;
  scores.mse = mse;
  return scores;
}

/**
 * The trivial baseline of every task of a suite.
 *
 * @param suite - a generated suite (every task needs training and evaluation examples).
 * @returns one entry per task, in suite order.
 */
export function trivialBaselines(suite: SyntheticSuite): TrivialBaseline[] {
  return suite.tasks.map((task) => {
    if (task.kind === 'regression') {
      const train = labels(task, 'train');
      const mean = train.reduce((a, b) => a + b, 0) / train.length;
      return {
        task: task.name,
        prediction: `mean ${mean.toFixed(3)}`,
        scores: {
          validation: regressionScores(task, 'validation', mean),
          test: regressionScores(task, 'test', mean),
        },
      };
    }
    const majority = majorityClass(task);
    return {
      task: task.name,
      prediction: task.labelWords[majority],
      scores: {
        validation: classificationScores(task, 'validation', majority),
        test: classificationScores(task, 'test', majority),
      },
    };
  });
}

function formatScores(scores: BaselineScores): string {
  return Object.entries(scores)
    .map(([name, value]) => {
      if (value === null) return `${name} undefined`;
      return name === 'mse' ? `mse ${value.toFixed(3)}` : `${name} ${(100 * value).toFixed(1)}`;
    })
    .join(', ');
}

/**
 * The baselines as a Markdown table (scores ×100 with one decimal, MSE with three), as
 * pasted into the package documentation.
 *
 * @param baselines - from {@link trivialBaselines}.
 * @returns the table, lines joined by `\n`, no trailing newline.
 */
export function formatBaselineTable(baselines: readonly TrivialBaseline[]): string {
  const rows = baselines.map(
    (b) =>
      `| ${b.task} | ${b.prediction} | ${formatScores(b.scores.validation)} | ${formatScores(b.scores.test)} |`,
  );
  return ['| task | trivial prediction | validation | test |', '|---|---|---|---|', ...rows].join('\n');
}
