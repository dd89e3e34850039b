/**
 * Classification metrics over integer class labels, equal to scikit-learn's
 * `accuracy_score`, `f1_score` and `matthews_corrcoef` on the same inputs, degenerate inputs
 * included. All values are on the 0-1 scale (reports multiply by 100).
 *
 * Labels are integers; any integer is a class, so T5's "invalid prediction" id -1 is simply
 * one more class (it never equals a gold label, so it counts as wrong), exactly as when T5
 * passes such predictions to scikit-learn.
 *
 * Degenerate inputs follow scikit-learn's defaults (`zero_division="warn"`), without the
 * warning: an F1 whose precision and recall are both undefined (no true and no predicted
 * member of the class) is 0, and the Matthews correlation is 0 when either marginal is
 * constant (one class only in the gold labels or in the predictions).
 *
 * @packageDocumentation
 */
import { ConfigError } from '@hyperprompt/core';
import { checkLabel, checkLabels, checkPaired } from './internal';

function checkClassification(fn: string, yTrue: ArrayLike<number>, yPred: ArrayLike<number>): void {
  checkPaired(fn, 'yTrue', yTrue, 'yPred', yPred);
  checkLabels(fn, 'yTrue', yTrue);
  checkLabels(fn, 'yPred', yPred);
}

/** Sorted union of the labels present in both arrays (scikit-learn's `unique_labels`). */
function presentLabels(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number[] {
  const seen = new Set<number>();
  for (let i = 0; i < yTrue.length; i++) seen.add(yTrue[i] + 0); // + 0 folds -0 into 0
  for (let i = 0; i < yPred.length; i++) seen.add(yPred[i] + 0);
  return [...seen].sort((a, b) => a - b);
}

/** F1 of one class from its counts: `2 tp / (|true| + |pred|)`, 0 when both are empty. */
function f1FromCounts(tp: number, trueCount: number, predCount: number): number {
  const denominator = trueCount + predCount;
  return denominator === 0 ? 0 : (2 * tp) / denominator;
}

/**
 * Fraction of positions where the prediction equals the gold label, on the 0-1 scale
 * (scikit-learn `accuracy_score`).
 *
 * @param yTrue - gold class labels (integers).
 * @param yPred - predicted class labels (integers; -1 or any other label never in `yTrue`
 *   counts as wrong).
 * @returns a value in [0, 1].
 * @throws ConfigError if the arrays are empty, differ in length, or hold non-integers.
 */
export function accuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkClassification('accuracy', yTrue, yPred);
  let correct = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) correct++;
  return correct / yTrue.length;
}

/**
 * F1 score of one class (the positive class) against all others, on the 0-1 scale:
 * `2 tp / (2 tp + fp + fn)`.
 *
 * When the inputs hold at most two distinct labels this equals scikit-learn
 * `f1_score(yTrue, yPred, pos_label=positive)` (`average="binary"`). With more labels
 * scikit-learn refuses `average="binary"`; this function then returns the one-vs-rest F1 of
 * `positive`, i.e. `f1_score(yTrue, yPred, labels=[positive], average="macro")` (likewise
 * when two labels are present and neither is `positive`, where scikit-learn raises and this
 * function returns 0). For T5's
 * MRPC/QQP convention, where invalid predictions count as wrong, use
 * {@link f1ScoreWithInvalid}.
 *
 * Degenerate case: if `positive` occurs neither in `yTrue` nor in `yPred`, precision and
 * recall are undefined and the result is 0 (scikit-learn's `zero_division` default, which
 * also warns).
 *
 * @param yTrue - gold class labels (integers).
 * @param yPred - predicted class labels (integers).
 * @param positive - the label of the positive class (default 1).
 * @returns a value in [0, 1].
 * @throws ConfigError if the arrays are empty, differ in length, or hold non-integers, or if
 *   `positive` is not an integer.
 */
export function f1Binary(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, positive = 1): number {
  checkClassification('f1Binary', yTrue, yPred);
  checkLabel('f1Binary', 'positive', positive);
  let tp = 0;
  let trueCount = 0;
  let predCount = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i] === positive;
    const p = yPred[i] === positive;
    if (t) trueCount++;
    if (p) predCount++;
    if (t && p) tp++;
  }
  return f1FromCounts(tp, trueCount, predCount);
}

/**
 * Unweighted mean of the per-class F1 scores, on the 0-1 scale (scikit-learn
 * `f1_score(yTrue, yPred, labels=labels, average="macro")`).
 *
 * Without `labels`, the classes are the sorted union of the labels present in `yTrue` and
 * `yPred` (so an invalid prediction -1 becomes a class with F1 0, as in scikit-learn). With
 * `labels`, only those classes are averaged; predictions outside them count only as misses
 * of their gold class. T5's CB metric is `f1Macro(yTrue, yPred, [0, 1, 2])`
 * (`mean_multiclass_f1(num_classes=3)`). A listed class that occurs neither in `yTrue` nor
 * in `yPred` has F1 0 (scikit-learn's `zero_division` default).
 *
 * @param yTrue - gold class labels (integers).
 * @param yPred - predicted class labels (integers).
 * @param labels - the classes to average over (distinct integers); defaults to the present labels.
 * @returns a value in [0, 1].
 * @throws ConfigError if the arrays are empty, differ in length or hold non-integers, or if
 *   `labels` is empty or holds non-integers or duplicates.
 */
export function f1Macro(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  labels?: ArrayLike<number>,
): number {
  checkClassification('f1Macro', yTrue, yPred);
  let classes: number[];
  if (labels === undefined) {
    classes = presentLabels(yTrue, yPred);
  } else {
    checkLabels('f1Macro', 'labels', labels);
    classes = Array.from(labels, (l) => l + 0);
    if (classes.length === 0) throw new ConfigError('f1Macro.labels', [], 'a non-empty array of labels');
    if (new Set(classes).size !== classes.length) {
      throw new ConfigError('f1Macro.labels', classes, 'distinct labels');
    }
  }
  const index = new Map(classes.map((label, k) => [label, k]));
  const tp = new Float64Array(classes.length);
  const trueCount = new Float64Array(classes.length);
  const predCount = new Float64Array(classes.length);
  for (let i = 0; i < yTrue.length; i++) {
    const t = index.get(yTrue[i] + 0);
    const p = index.get(yPred[i] + 0);
    if (t !== undefined) trueCount[t]++;
    if (p !== undefined) predCount[p]++;
    if (t !== undefined && t === p) tp[t]++;
  }
  let sum = 0;
  for (let k = 0; k < classes.length; k++) sum += f1FromCounts(tp[k], trueCount[k], predCount[k]);
  return sum / classes.length;
}

/**
 * Matthews correlation coefficient, in [-1, 1] (scikit-learn `matthews_corrcoef`; its
 * multiclass generalisation by Gorodkin (2004) when more than two labels are present).
 *
 * Computed from the confusion matrix `C` over the union of labels exactly as scikit-learn
 * does: with `t` and `p` the row and column sums, `c = trace(C)` and `s = n`,
 * `MCC = (c s - t.p) / sqrt((s^2 - t.t) (s^2 - p.p))`. Degenerate case: when either factor
 * under the square root is 0 (all gold labels equal, or all predictions equal) the result is
 * 0, as in scikit-learn. T5's CoLA metric passes invalid predictions (-1) through as an extra
 * class, and so does this function.
 *
 * @param yTrue - gold class labels (integers).
 * @param yPred - predicted class labels (integers).
 * @returns a value in [-1, 1].
 * @throws ConfigError if the arrays are empty, differ in length, or hold non-integers.
 */
export function matthewsCorrelation(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkClassification('matthewsCorrelation', yTrue, yPred);
  const classes = presentLabels(yTrue, yPred);
  const index = new Map(classes.map((label, k) => [label, k]));
  const tSum = new Float64Array(classes.length);
  const pSum = new Float64Array(classes.length);
  let nCorrect = 0;
  for (let i = 0; i < yTrue.length; i++) {
    tSum[index.get(yTrue[i] + 0) ?? 0]++;
    pSum[index.get(yPred[i] + 0) ?? 0]++;
    if (yTrue[i] === yPred[i]) nCorrect++;
  }
  const n = yTrue.length;
  let tp = 0;
  let pp = 0;
  let tt = 0;
  for (let k = 0; k < classes.length; k++) {
    tp += tSum[k] * pSum[k];
    pp += pSum[k] * pSum[k];
    tt += tSum[k] * tSum[k];
  }
  // Integer-valued float64 sums: exact for any n below ~9e7, so the order does not matter.
  const covYtYp = nCorrect * n - tp;
  const covYpYp = n * n - pp;
  const covYtYt = n * n - tt;
  if (covYpYp * covYtYt === 0) return 0;
  return covYtYp / Math.sqrt(covYtYt * covYpYp);
}
