/**
 * SQuAD v1.1-style answer metrics as T5 computes them for ReCoRD
 * (`t5/evaluation/qa_utils.py`: `normalize_squad`, `_exact_match_score`, `_f1_score`,
 * `_metric_max_over_ground_truths`, `qa_metrics`; `t5/evaluation/metrics.py`: `squad`,
 * `deduplicate_metric`). Values are on the 0-1 scale (T5 and reports multiply by 100).
 *
 * Python's string semantics are reproduced where JavaScript differs: `str.split()` splits on
 * Python's Unicode whitespace set, and `\b` in the article pattern uses Python's Unicode
 * word characters (letters, numbers, underscore) rather than JavaScript's ASCII ones.
 *
 * @packageDocumentation
 */
import { ConfigError } from '@hyperprompt/core';
import { checkPaired, checkStrings, isNonEmptyArrayLike, pythonSplit } from './internal';

/** Python's `string.punctuation`: the 32 ASCII punctuation characters. */
const PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;
/** `re.sub(r"\b(a|an|the)\b", " ", s)` with Python 3's Unicode word characters. */
const ARTICLES = /(?<![\p{L}\p{N}_])(?:a|an|the)(?![\p{L}\p{N}_])/gu;

/**
 * SQuAD v1.1 answer normalisation (T5 `normalize_squad`): lower-case, delete ASCII
 * punctuation, replace the articles "a", "an", "the" (whole words) by a space, and collapse
 * whitespace to single spaces with none at either end.
 *
 * @param text - a predicted or gold answer.
 * @returns the normalised answer, e.g. `"The  Eiffel-Tower!"` becomes `"eiffeltower"`.
 */
export function normalizeAnswer(text: string): string {
  const lowered = text.toLowerCase().replace(PUNCTUATION, '');
  return pythonSplit(lowered.replace(ARTICLES, ' ')).join(' ');
}

/** Token F1 of two already-normalised answers (T5 `_f1_score`): 0 when no token is shared. */
function tokenF1(target: string, prediction: string): number {
  const predictionTokens = pythonSplit(prediction);
  const targetTokens = pythonSplit(target);
  const counts = new Map<string, number>();
  for (const token of targetTokens) counts.set(token, (counts.get(token) ?? 0) + 1);
  let same = 0;
  for (const token of predictionTokens) {
    const left = counts.get(token) ?? 0;
    if (left > 0) {
      same++;
      counts.set(token, left - 1);
    }
  }
  if (same === 0) return 0;
  const precision = same / predictionTokens.length;
  const recall = same / targetTokens.length;
  return (2 * precision * recall) / (precision + recall);
}

function checkAnswers(fn: string, prediction: unknown, groundTruths: ArrayLike<unknown>): void {
  if (typeof prediction !== 'string') throw new ConfigError(`${fn}.prediction`, prediction, 'a string');
  if (!isNonEmptyArrayLike(groundTruths)) {
    throw new ConfigError(`${fn}.groundTruths`, groundTruths, 'a non-empty array of gold answers');
  }
  checkStrings(fn, 'groundTruths', groundTruths);
}

function checkCorpus(
  fn: string,
  predictions: ArrayLike<string>,
  groundTruths: ArrayLike<ArrayLike<string>>,
): void {
  checkPaired(fn, 'predictions', predictions, 'groundTruths', groundTruths);
  checkStrings(fn, 'predictions', predictions);
  for (let i = 0; i < groundTruths.length; i++) {
    const answers: unknown = groundTruths[i];
    if (!isNonEmptyArrayLike(answers)) {
      throw new ConfigError(`${fn}.groundTruths[${i}]`, answers, 'a non-empty array of gold answers');
    }
    checkStrings(fn, `groundTruths[${i}]`, answers);
  }
}

function exactMatch(target: string, prediction: string): number {
  return target === prediction ? 1 : 0;
}

function maxOverGroundTruths(
  metric: (target: string, prediction: string) => number,
  prediction: string,
  groundTruths: ArrayLike<string>,
): number {
  const normalized = normalizeAnswer(prediction);
  let best = -Infinity;
  for (let i = 0; i < groundTruths.length; i++) {
    best = Math.max(best, metric(normalizeAnswer(groundTruths[i]), normalized));
  }
  return best;
}

/**
 * Exact match after {@link normalizeAnswer}, maximised over the gold answers: 1 if the
 * prediction equals any gold answer after normalisation, else 0.
 *
 * @param prediction - the predicted answer.
 * @param groundTruths - the gold answers (at least one).
 * @returns 0 or 1.
 * @throws ConfigError if `groundTruths` is empty or an element is not a string.
 */
export function squadExactMatch(prediction: string, groundTruths: ArrayLike<string>): number {
  checkAnswers('squadExactMatch', prediction, groundTruths);
  return maxOverGroundTruths(exactMatch, prediction, groundTruths);
}

/**
 * Token-overlap F1 after {@link normalizeAnswer}, maximised over the gold answers. Tokens are
 * whitespace-separated words counted with multiplicity; the F1 is 0 when no token is shared
 * (in particular when either side normalises to the empty string, as in the official script).
 *
 * @param prediction - the predicted answer.
 * @param groundTruths - the gold answers (at least one).
 * @returns a value in [0, 1].
 * @throws ConfigError if `groundTruths` is empty or an element is not a string.
 */
export function squadF1(prediction: string, groundTruths: ArrayLike<string>): number {
  checkAnswers('squadF1', prediction, groundTruths);
  return maxOverGroundTruths(tokenF1, prediction, groundTruths);
}

/** Corpus-level SQuAD scores on the 0-1 scale. */
export interface SquadScores {
  /** Mean over examples of {@link squadExactMatch}. */
  readonly exactMatch: number;
  /** Mean over examples of {@link squadF1}. */
  readonly f1: number;
}

/**
 * Mean exact match and F1 over examples (T5 `metrics.squad`, divided by 100).
 *
 * @param predictions - one predicted answer per example.
 * @param groundTruths - the gold answers of each example (each list non-empty).
 * @returns the mean scores, each in [0, 1].
 * @throws ConfigError if the arrays are empty or differ in length, or an answer list is empty.
 */
export function squadMetrics(
  predictions: ArrayLike<string>,
  groundTruths: ArrayLike<ArrayLike<string>>,
): SquadScores {
  checkCorpus('squadMetrics', predictions, groundTruths);
  let em = 0;
  let f1 = 0;
  for (let i = 0; i < predictions.length; i++) {
    const answers = groundTruths[i];
    em += maxOverGroundTruths(exactMatch, predictions[i], answers);
    f1 += maxOverGroundTruths(tokenF1, predictions[i], answers);
  }
  return { exactMatch: em / predictions.length, f1: f1 / predictions.length };
}

/**
 * ReCoRD's metric (T5 `deduplicate_metric(squad)`): T5 duplicates a query once per gold
 * answer for training; at evaluation only the first example of each query group is scored,
 * with all of that query's gold answers, then {@link squadMetrics} is applied.
 *
 * @param predictions - one predicted entity per example.
 * @param groundTruths - all gold answers of the example's query (each list non-empty).
 * @param groups - the query id of each example (e.g. `idx/query`); duplicates after the first are skipped.
 * @returns the mean scores over distinct queries, each in [0, 1].
 * @throws ConfigError if the arrays are empty or differ in length, or an answer list is empty.
 */
export function recordMetrics(
  predictions: ArrayLike<string>,
  groundTruths: ArrayLike<ArrayLike<string>>,
  groups: ArrayLike<string | number>,
): SquadScores {
  checkCorpus('recordMetrics', predictions, groundTruths);
  checkPaired('recordMetrics', 'predictions', predictions, 'groups', groups);
  const seen = new Set<string | number>();
  const keptPredictions: string[] = [];
  const keptAnswers: ArrayLike<string>[] = [];
  for (let i = 0; i < predictions.length; i++) {
    if (seen.has(groups[i])) continue;
    seen.add(groups[i]);
    keptPredictions.push(predictions[i]);
    keptAnswers.push(groundTruths[i]);
  }
  return squadMetrics(keptPredictions, keptAnswers);
}
