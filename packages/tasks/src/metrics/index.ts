/**
 * Metrics of the GLUE and SuperGLUE tasks, equal to scikit-learn, SciPy and T5's official
 * evaluation code on the same inputs. Every metric is a pure function over arrays and
 * returns a value on the 0-1 scale (correlations in [-1, 1]); reports multiply by 100.
 *
 * @packageDocumentation
 */
export { accuracy, f1Binary, f1Macro, matthewsCorrelation } from './classification';
export { pearson, spearman, averageRanks } from './correlation';
export {
  normalizeAnswer,
  squadExactMatch,
  squadF1,
  squadMetrics,
  recordMetrics,
  type SquadScores,
} from './squad';
export { multircF1a, multircExactMatch } from './multirc';
export {
  INVALID_CLASS_ID,
  stringLabelToClassId,
  stringToFloat,
  parseStsbPrediction,
  f1ScoreWithInvalid,
} from './t5-postprocess';
export {
  MULTIRC_LABEL_WORDS,
  t5ClassIds,
  t5Accuracy,
  t5F1WithInvalid,
  t5MatthewsCorrelation,
  t5MeanMulticlassF1,
  t5StsbScores,
  t5MultircScores,
  type StsbScores,
  type MultircScores,
} from './t5-metrics';
export { taskScore, benchmarkScore } from './averages';
