/**
 * GLUE/SuperGLUE metrics on decoded strings, exactly as the T5 library scores them
 * (`t5/data/glue_utils.py` `GLUE_METRICS`/`SUPERGLUE_METRICS`, with the post-processors of
 * `t5/data/postprocessors.py`): a prediction that is not one of the label words becomes
 * class -1 and counts as wrong. All values are on the 0-1 scale (T5 reports ×100).
 *
 * | task | metrics |
 * |---|---|
 * | CoLA | {@link t5MatthewsCorrelation} |
 * | SST-2, MNLI, QNLI, RTE, WNLI, BoolQ, COPA, WiC | {@link t5Accuracy} |
 * | MRPC, QQP | {@link t5F1WithInvalid} and {@link t5Accuracy} |
 * | CB | {@link t5MeanMulticlassF1} and {@link t5Accuracy} |
 * | STS-B | {@link t5StsbScores} |
 * | MultiRC | {@link t5MultircScores} |
 * | ReCoRD | {@link recordMetrics} |
 *
 * Targets may be given as class ids (numbers) or as target strings (post-processed like the
 * predictions, as T5 does).
 *
 * @packageDocumentation
 */
import { ConfigError } from '@hyperprompt/core';
import { accuracy, f1Macro, matthewsCorrelation } from './classification';
import { pearson, spearman } from './correlation';
import { checkLabels, checkPaired, checkStrings } from './internal';
import { multircExactMatch, multircF1a } from './multirc';
import {
  f1ScoreWithInvalid,
  parseStsbPrediction,
  stringLabelToClassId,
  stringToFloat,
} from './t5-postprocess';

/** MultiRC's label words (TFDS `super_glue` default), in class-id order. */
export const MULTIRC_LABEL_WORDS: readonly string[] = ['False', 'True'];

function checkLabelWords(fn: string, labelWords: readonly string[], size?: number): void {
  if (!Array.isArray(labelWords) || labelWords.length === 0) {
    throw new ConfigError(`${fn}.labelWords`, labelWords, 'a non-empty array of label words');
  }
  checkStrings(fn, 'labelWords', labelWords);
  if (new Set(labelWords).size !== labelWords.length) {
    throw new ConfigError(`${fn}.labelWords`, labelWords, 'distinct label words');
  }
  if (size !== undefined && labelWords.length !== size) {
    throw new ConfigError(`${fn}.labelWords.length`, labelWords.length, String(size));
  }
}

/** Post-processes predictions and targets to class ids; numeric targets are kept as ids. */
function toIds(
  fn: string,
  predictions: ArrayLike<string>,
  targets: ArrayLike<number | string>,
  labelWords: readonly string[],
): { yTrue: number[]; yPred: number[] } {
  checkPaired(fn, 'predictions', predictions, 'targets', targets);
  checkStrings(fn, 'predictions', predictions);
  const yTrue = Array.from(targets, (t) => (typeof t === 'string' ? stringLabelToClassId(t, labelWords) : t));
  checkLabels(fn, 'targets', yTrue);
  return { yTrue, yPred: t5ClassIds(predictions, labelWords) };
}

/**
 * Maps decoded predictions to class ids (T5 `string_label_to_class_id`): the index of the
 * matching label word, or -1.
 *
 * @param predictions - decoded strings.
 * @param labelWords - the task's label words in class-id order.
 * @returns one class id per prediction.
 */
export function t5ClassIds(predictions: ArrayLike<string>, labelWords: readonly string[]): number[] {
  return Array.from(predictions, (p) => stringLabelToClassId(p, labelWords));
}

/**
 * Accuracy on decoded strings (T5 `metrics.accuracy`); an unknown string counts as wrong.
 *
 * @param predictions - decoded strings.
 * @param targets - gold class ids, or gold target strings.
 * @param labelWords - the task's label words in class-id order.
 * @returns a value in [0, 1].
 * @throws ConfigError on empty or mismatched arrays, or bad label words.
 */
export function t5Accuracy(
  predictions: ArrayLike<string>,
  targets: ArrayLike<number | string>,
  labelWords: readonly string[],
): number {
  checkLabelWords('t5Accuracy', labelWords);
  const { yTrue, yPred } = toIds('t5Accuracy', predictions, targets, labelWords);
  return accuracy(yTrue, yPred);
}

/**
 * Binary F1 of class 1 on decoded strings with unknown strings counted as wrong (T5
 * `f1_score_with_invalid`, MRPC and QQP).
 *
 * @param predictions - decoded strings.
 * @param targets - gold class ids (0 or 1), or gold target strings.
 * @param labelWords - exactly two label words; the second is the positive class.
 * @returns a value in [0, 1].
 * @throws ConfigError on empty or mismatched arrays, bad label words, or targets not 0/1.
 */
export function t5F1WithInvalid(
  predictions: ArrayLike<string>,
  targets: ArrayLike<number | string>,
  labelWords: readonly string[],
): number {
  checkLabelWords('t5F1WithInvalid', labelWords, 2);
  const { yTrue, yPred } = toIds('t5F1WithInvalid', predictions, targets, labelWords);
  return f1ScoreWithInvalid(yTrue, yPred);
}

/**
 * Matthews correlation on decoded strings (T5's CoLA metric: scikit-learn's
 * `matthews_corrcoef` on the class ids, so unknown strings form an extra class -1).
 *
 * @param predictions - decoded strings.
 * @param targets - gold class ids, or gold target strings.
 * @param labelWords - the task's label words in class-id order.
 * @returns a value in [-1, 1]; 0 when the gold labels or the predictions are constant.
 * @throws ConfigError on empty or mismatched arrays, or bad label words.
 */
export function t5MatthewsCorrelation(
  predictions: ArrayLike<string>,
  targets: ArrayLike<number | string>,
  labelWords: readonly string[],
): number {
  checkLabelWords('t5MatthewsCorrelation', labelWords);
  const { yTrue, yPred } = toIds('t5MatthewsCorrelation', predictions, targets, labelWords);
  return matthewsCorrelation(yTrue, yPred);
}

/**
 * Unweighted mean of per-class F1 over classes `0 .. labelWords.length - 1` (T5
 * `mean_multiclass_f1`, CB); unknown strings count only as misses of their gold class.
 *
 * @param predictions - decoded strings.
 * @param targets - gold class ids, or gold target strings.
 * @param labelWords - the task's label words in class-id order.
 * @returns a value in [0, 1].
 * @throws ConfigError on empty or mismatched arrays, or bad label words.
 */
export function t5MeanMulticlassF1(
  predictions: ArrayLike<string>,
  targets: ArrayLike<number | string>,
  labelWords: readonly string[],
): number {
  checkLabelWords('t5MeanMulticlassF1', labelWords);
  const { yTrue, yPred } = toIds('t5MeanMulticlassF1', predictions, targets, labelWords);
  return f1Macro(
    yTrue,
    yPred,
    labelWords.map((_, k) => k),
  );
}

/** STS-B's two correlations, in [-1, 1] (NaN when the predictions are constant). */
export interface StsbScores {
  /** Pearson correlation of predictions and gold scores. */
  readonly pearson: number;
  /** Spearman rank correlation of predictions and gold scores. */
  readonly spearman: number;
}

/**
 * STS-B on decoded strings: each prediction is parsed with {@link parseStsbPrediction}
 * (Python `float()`, -1 when unparsable, so it counts as a wrong value), then Pearson and
 * Spearman correlations with the gold scores are computed. A constant prediction (or
 * constant gold scores) gives NaN, as in T5/SciPy.
 *
 * @param predictions - decoded strings, e.g. `"3.8"`.
 * @param targets - gold similarity scores (numbers), or gold target strings.
 * @returns both correlations.
 * @throws ConfigError on empty or mismatched arrays, or non-finite numeric targets.
 */
export function t5StsbScores(
  predictions: ArrayLike<string>,
  targets: ArrayLike<number | string>,
): StsbScores {
  checkPaired('t5StsbScores', 'predictions', predictions, 'targets', targets);
  checkStrings('t5StsbScores', 'predictions', predictions);
  const gold = Array.from(targets, (t) => (typeof t === 'string' ? stringToFloat(t) : t));
  const predicted = Array.from(predictions, parseStsbPrediction);
  return { pearson: pearson(predicted, gold), spearman: spearman(predicted, gold) };
}

/** MultiRC's two metrics on the 0-1 scale. */
export interface MultircScores {
  /** F1 over all answers ({@link multircF1a}). */
  readonly f1a: number;
  /** Exact match per question, averaged over questions ({@link multircExactMatch}). */
  readonly exactMatch: number;
}

/**
 * MultiRC on decoded strings (label words `"False"`, `"True"`).
 *
 * @param predictions - decoded strings, one per (question, answer) pair.
 * @param targets - gold labels (0/1) or gold target strings.
 * @param questionIds - the question of each pair.
 * @returns F1a and per-question exact match.
 * @throws ConfigError on empty or mismatched arrays, or targets not 0/1.
 */
export function t5MultircScores(
  predictions: ArrayLike<string>,
  targets: ArrayLike<number | string>,
  questionIds: ArrayLike<string | number>,
): MultircScores {
  const { yTrue, yPred } = toIds('t5MultircScores', predictions, targets, MULTIRC_LABEL_WORDS);
  return { f1a: multircF1a(yTrue, yPred), exactMatch: multircExactMatch(yTrue, yPred, questionIds) };
}
