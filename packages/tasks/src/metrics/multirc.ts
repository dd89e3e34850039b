/**
 * MultiRC's two official metrics as T5 computes them (`t5/evaluation/metrics.py`:
 * `multirc_f1_over_all_answers` and `mean_group_metric(all_match)`). Each example is one
 * (question, candidate answer) pair labelled 0 (False) or 1 (True); values are on the 0-1
 * scale.
 *
 * @packageDocumentation
 */
import { ConfigError } from '@hyperprompt/core';
import { checkLabels, checkPaired } from './internal';
import { f1ScoreWithInvalid } from './t5-postprocess';

/**
 * F1a: binary F1 over all candidate answers of all questions, with invalid predictions
 * (anything but 0 or 1) counted as wrong (T5 `multirc_f1_over_all_answers`, which is
 * {@link f1ScoreWithInvalid}).
 *
 * @param yTrue - gold labels of every answer, each 0 or 1.
 * @param yPred - predicted class ids of every answer (integers; -1 for an unknown string).
 * @returns a value in [0, 1]; 0 when there is no positive answer and no positive prediction.
 * @throws ConfigError if the arrays are empty, differ in length, or hold invalid labels.
 */
export function multircF1a(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkPaired('multircF1a', 'yTrue', yTrue, 'yPred', yPred);
  return f1ScoreWithInvalid(yTrue, yPred);
}

/**
 * Exact match per question (T5 `mean_group_metric(all_match)`): a question scores 1 when
 * the predictions of all its candidate answers equal the gold labels, else 0; the result is
 * the mean over distinct questions (each question weighs the same, whatever its number of
 * answers). An invalid prediction (e.g. -1) never equals a gold label.
 *
 * @param yTrue - gold labels of every answer (integers, normally 0 or 1).
 * @param yPred - predicted class ids of every answer (integers).
 * @param questionIds - the question each answer belongs to (e.g. T5's `idx/question`, or a
 *   `"paragraph-question"` string); answers of one question need not be adjacent.
 * @returns a value in [0, 1].
 * @throws ConfigError if the arrays are empty or differ in length, a label is not an
 *   integer, or a question id is neither a string nor a finite number.
 */
export function multircExactMatch(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  questionIds: ArrayLike<string | number>,
): number {
  checkPaired('multircExactMatch', 'yTrue', yTrue, 'yPred', yPred);
  checkPaired('multircExactMatch', 'yTrue', yTrue, 'questionIds', questionIds);
  checkLabels('multircExactMatch', 'yTrue', yTrue);
  checkLabels('multircExactMatch', 'yPred', yPred);
  const allMatch = new Map<string | number, boolean>();
  for (let i = 0; i < yTrue.length; i++) {
    const id = questionIds[i];
    if (typeof id !== 'string' && !(typeof id === 'number' && Number.isFinite(id))) {
      throw new ConfigError(`multircExactMatch.questionIds[${i}]`, id, 'a string or a finite number');
    }
    const key = typeof id === 'number' ? id + 0 : id;
    allMatch.set(key, (allMatch.get(key) ?? true) && yTrue[i] === yPred[i]);
  }
  let matched = 0;
  for (const ok of allMatch.values()) if (ok) matched++;
  return matched / allMatch.size;
}
