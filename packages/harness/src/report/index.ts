/**
 * Reports of a results folder: the paper-style Markdown table with mean ± 95 % Student t
 * confidence interval over seeds, paired differences to a reference row and a majority-class
 * row, a JSON summary of the same numbers, and SVG plots (learning curves, ablations,
 * attention mass on hyper-prompts), all read from the runs' `result.json` files.
 *
 * @packageDocumentation
 */
export {
  RESULT_FILE_NAME,
  findResultFiles,
  groupByLabel,
  loadResults,
  validateRunResult,
  type LoadedResult,
} from './load';
export {
  CONFIDENCE,
  RESOLVED_MARKER,
  confidenceInterval,
  formatDifference,
  formatInterval,
  formatMeanStd,
  meanStd,
  pairedDifference,
  type ConfidenceInterval,
  type MeanStd,
  type PairedDifference,
  type SeedValues,
} from './stats';
export { logGamma, regularizedIncompleteBeta, studentTCdf, studentTPdf, studentTQuantile } from './student-t';
export {
  DEFAULT_SUMMARY_OPTIONS,
  MAJORITY_LABEL,
  buildSummary,
  collectTasks,
  orderLabels,
  secondarySelection,
  selectedScores,
  type MajorityRow,
  type RowDifferences,
  type ScoreRow,
  type ScoreSelection,
  type SeedStats,
  type SelectedScores,
  type SelectionStats,
  type ReportSummary,
  type SummaryOptions,
  type SummaryRow,
} from './summary';
export {
  DEFAULT_TABLE_OPTIONS,
  MISSING_CELL,
  REFERENCE_CELL,
  alignMarkdownTable,
  formatMarkdownTable,
  formatPercent,
  type TableOptions,
} from './table';
export {
  AVERAGE_TASK,
  DEFAULT_ABLATION_OPTIONS,
  ablationRows,
  attentionRows,
  learningCurveRows,
  type AblationOptions,
  type AblationRow,
  type AttentionRow,
  type BandPoint,
  type CurveRow,
} from './plot-data';
export {
  DEFAULT_PLOT_OPTIONS,
  VEGA_LITE_SCHEMA,
  ablationSpec,
  attentionSpec,
  learningCurveSpec,
  perTaskCurvesSpec,
  type PlotOptions,
  type VegaLiteSpec,
} from './plot-specs';
export { renderSvg } from './render';
export { findVaryingFields, getConfigField, labelByFields } from './sweep';
export {
  planPlots,
  writeReport,
  type PlannedPlot,
  type ReportFiles,
  type ReportOptions,
} from './write-report';
