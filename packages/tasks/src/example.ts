/**
 * The unit every loader, formatter, sampler and metric in this package exchanges: one
 * text-to-text example.
 *
 * @packageDocumentation
 */

/** One text-to-text example, ready for tokenisation. */
export interface Example {
  /** The model input, e.g. `rte sentence1: ... sentence2: ...`. */
  readonly input: string;
  /** The target text, e.g. `not_entailment` (`<unk>` for unlabelled test data, as in T5). */
  readonly target: string;
  /**
   * The gold label in the task's own terms: the class index for classification (index into
   * the task's label words), the score for regression; `undefined` for unlabelled data.
   */
  readonly label?: number;
  /** Index of the raw record this example came from (one record may yield several examples). */
  readonly idx?: number;
  /**
   * Group key for metrics computed per group (MultiRC: the question; ReCoRD: the query);
   * `undefined` when the task has no groups.
   */
  readonly group?: string;
  /** Every acceptable answer, for answer-set tasks (ReCoRD); `undefined` otherwise. */
  readonly answers?: readonly string[];
  /**
   * Candidate targets for rank classification when they differ per example (COPA choices,
   * ReCoRD entities); `undefined` when the task's label words are the candidates.
   */
  readonly candidates?: readonly string[];
}
