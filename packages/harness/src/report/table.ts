/**
 * The paper-style main table as Markdown, with aligned columns so it also reads in a
 * terminal: one row per method and a majority-class row, one column per task, the average,
 * the average at the last evaluation, the paired difference of the average to the reference
 * row, the extra parameters and the relative step time. Score cells are `mean ± half-width of
 * the 95 % confidence interval` over seeds. Under it, the paired differences per task and a
 * legend in plain words.
 *
 * @packageDocumentation
 */
import {
  RESOLVED_MARKER,
  formatDifference,
  formatInterval,
  type ConfidenceInterval,
  type PairedDifference,
} from './stats';
import {
  MAJORITY_LABEL,
  type ReportSummary,
  type ScoreRow,
  type ScoreSelection,
  type SummaryRow,
} from './summary';

/** Options of {@link formatMarkdownTable}. */
export interface TableOptions {
  /**
   * Digits after the point for task scores, averages and differences.
   * @defaultValue `1`
   */
  readonly scoreDecimals?: number;
  /**
   * Add the table of per-task paired differences to the reference row.
   * @defaultValue `true`
   */
  readonly differences?: boolean;
  /**
   * Add the legend under the tables (what each column, `±` and the marker mean).
   * @defaultValue `true`
   */
  readonly footnote?: boolean;
}

/** Resolved {@link TableOptions}. */
export const DEFAULT_TABLE_OPTIONS: Required<TableOptions> = {
  scoreDecimals: 1,
  differences: true,
  footnote: true,
};

/** Shown in a cell whose label has no value (a task the method's runs did not train). */
export const MISSING_CELL = '–';

/** Shown in the reference row's difference cell. */
export const REFERENCE_CELL = 'reference';

/**
 * Formats a percentage with at least two significant digits (`1.23`, `0.012`, `0`), and its
 * interval only when the seeds disagree (parameter counts normally do not).
 *
 * @param value - percentages over seeds.
 */
export function formatPercent(value: ConfidenceInterval): string {
  const decimalsFor = (v: number): number =>
    v === 0 ? 2 : Math.min(4, Math.max(2, 1 - Math.floor(Math.log10(Math.abs(v)))));
  const decimals = decimalsFor(value.mean);
  const halfWidth = value.halfWidth === 0 ? null : value.halfWidth;
  return formatInterval({ ...value, halfWidth }, decimals);
}

/** Escapes the characters that would break a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/**
 * Lays out rows of cells as a Markdown table with padded, aligned columns (the first left
 * aligned, the others right aligned), as Prettier formats Markdown tables.
 *
 * @param header - column titles.
 * @param rows - the body.
 * @returns the lines, without a trailing newline.
 */
export function alignMarkdownTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string[] {
  const widths = header.map((h, c) => Math.max(3, h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    `| ${widths.map((w, c) => (c === 0 ? (cells[c] ?? '').padEnd(w) : (cells[c] ?? '').padStart(w))).join(' | ')} |`;
  const rule = `| ${widths.map((w, c) => (c === 0 ? `:${'-'.repeat(w - 1)}` : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`;
  return [line(header), rule, ...rows.map(line)];
}

/** Header of the second average column, e.g. `Avg (last)`. */
function secondaryHeader(select: ScoreSelection): string {
  return select === 'last' ? 'Avg (last)' : select === 'best-average' ? 'Avg (best avg)' : 'Avg (best)';
}

/** Longest reference label named in the difference column's header. */
const HEADER_LABEL_LENGTH = 20;

/** Header of the paired-difference column: `Δ Avg vs MTL`, or `Δ Avg (paired)` for a long reference label. */
function differenceHeader(summary: ReportSummary): string {
  const reference = cell(summary.referenceLabel);
  return reference.length <= HEADER_LABEL_LENGTH ? `Δ Avg vs ${reference}` : 'Δ Avg (paired)';
}

/** Score cells of a row, one per task. */
function taskCells(row: ScoreRow, tasks: readonly string[], decimals: number): string[] {
  return tasks.map((task) => {
    const score = row.scores[task] as ConfidenceInterval | undefined;
    return score ? formatInterval(score, decimals) : MISSING_CELL;
  });
}

/** The paired-difference cell of a row's average. */
function averageDifferenceCell(row: ScoreRow, decimals: number): string {
  if (row.differences === null) return REFERENCE_CELL;
  return row.differences.average ? formatDifference(row.differences.average, decimals) : MISSING_CELL;
}

/** One formatted method row. */
function methodCells(row: SummaryRow, tasks: readonly string[], decimals: number): string[] {
  return [
    cell(row.label),
    String(row.seeds.length),
    ...taskCells(row, tasks, decimals),
    formatInterval(row.average, decimals),
    formatInterval(row.secondary.average, decimals),
    averageDifferenceCell(row, decimals),
    formatPercent(row.addedPercent),
    formatInterval(row.relativeStepTime, 2, 'x'),
  ];
}

/** The majority row: no evaluations to choose from, no parameters, no training. */
function majorityCells(row: ScoreRow, tasks: readonly string[], decimals: number): string[] {
  const average = formatInterval(row.average, decimals);
  return [
    cell(row.label),
    String(row.seeds.length),
    ...taskCells(row, tasks, decimals),
    average,
    average,
    averageDifferenceCell(row, decimals),
    MISSING_CELL,
    MISSING_CELL,
  ];
}

/** Every row of the table, the majority row last. */
function allRows(summary: ReportSummary): ScoreRow[] {
  return [...summary.rows, ...(summary.majority ? [summary.majority] : [])];
}

/** The per-task paired differences table (rows other than the reference). */
function differencesTable(summary: ReportSummary, decimals: number): string[] {
  const rows = allRows(summary).filter((row) => row.differences !== null);
  if (rows.length === 0) return [];
  const reference = cell(summary.referenceLabel);
  const header = ['Method', 'Pairs', ...summary.tasks.map(cell), 'Avg'];
  const body = rows.map((row) => {
    const differences = row.differences as NonNullable<ScoreRow['differences']>;
    const format = (d: PairedDifference | null | undefined): string =>
      d ? formatDifference(d, decimals) : MISSING_CELL;
    return [
      cell(row.label),
      String(differences.seeds.length),
      ...summary.tasks.map((task) => format(differences.scores[task])),
      format(differences.average),
    ];
  });
  return [
    `Paired differences to ${reference} (this row minus ${reference}, over the seeds both have):`,
    '',
    ...alignMarkdownTable(header, body),
  ];
}

/** What the scores are, per selection. */
const SELECTION_TEXT: Record<ScoreSelection, string> = {
  'best-per-task': "each task's best validation score over the evaluations (T5 convention)",
  'best-average': 'the scores of the one evaluation with the best average',
  last: 'the scores of the last evaluation (no checkpoint selection)',
};

/** The t quantiles the rows' averages used, e.g. ` (here t = 4.30 for 3 seeds, 12.71 for 2)`. */
function tValues(summary: ReportSummary): string {
  const byN = new Map<number, number>();
  for (const { average } of allRows(summary)) if (average.t !== null) byN.set(average.n, average.t);
  const parts = [...byN]
    .sort(([a], [b]) => b - a)
    .map(([n, t], i) => `${i === 0 ? 't = ' : ''}${t.toFixed(2)} for ${n} seeds`);
  return parts.length === 0 ? '' : ` (here ${parts.join(', ')})`;
}

/** The legend under the tables, as Markdown bullet points. */
function legend(summary: ReportSummary): string[] {
  const ref = cell(summary.referenceLabel);
  const reference = summary.rows.find((row) => row.label === summary.referenceLabel);
  const ms = reference ? ` (${reference.msPerStep.mean.toFixed(1)} ms/step)` : '';
  const percent = Number((summary.confidence * 100).toFixed(3));
  const quantile = Number((((1 + summary.confidence) / 2) * 100).toFixed(3));
  const secondary = secondaryHeader(summary.secondarySelect);
  return [
    `- Scores (0-100): ${SELECTION_TEXT[summary.select]}. Seeds: number of runs of the row.`,
    `- \`a ± b\`: a is the mean over seeds and a ± b its ${percent} % confidence interval: ` +
      `b = t × s / √n, where s is the sample standard deviation over the n seeds and t the ` +
      `${quantile} % quantile of Student's t distribution with n - 1 degrees of freedom${tValues(summary)}. ` +
      `Few seeds make wide intervals. A row with one seed shows the mean only: one run has no interval.`,
    `- Avg: for each seed, the mean over tasks of that seed's scores; then mean ± interval over seeds. ` +
      `${secondary}: the same for ${SELECTION_TEXT[summary.secondarySelect]}.`,
    `- ${differenceHeader(summary)}: for each seed that this row and ${ref} both have, this row's Avg minus ${ref}'s ` +
      `(a paired difference, so seed-to-seed swings shared by both rows cancel); then mean ± ` +
      `${percent} % interval of those differences. \`${RESOLVED_MARKER}\` marks a resolved difference: ` +
      `its interval excludes 0, so the sign is trustworthy at that level. With one common seed only ` +
      `the difference is shown. Seeds ${ref} lacks (or this row lacks) are left out, and averages over ` +
      `different task sets are not compared (–).`,
    ...(summary.majority
      ? [
          `- ${MAJORITY_LABEL}: always predicting the most frequent training label of each task, scored ` +
            `like the models on the same evaluation examples; it has no checkpoints, parameters or ` +
            `training, so both Avg columns are the same.`,
        ]
      : []),
    `- Params: parameters added to the backbone, % of the backbone's. Step time: median ms per ` +
      `training step relative to ${ref}${ms}.`,
  ];
}

/**
 * The Markdown tables of a {@link ReportSummary}: the main table (mean ± 95 % interval per
 * cell, the second average, the paired difference of the average to the reference and the
 * majority row), the per-task paired differences, and a legend saying what each column,
 * `±` and the resolved-difference marker mean.
 *
 * @param summary - aggregated runs.
 * @param options - decimals, differences table, legend.
 * @returns Markdown text ending with a newline.
 */
export function formatMarkdownTable(summary: ReportSummary, options: TableOptions = {}): string {
  const { scoreDecimals, differences, footnote } = { ...DEFAULT_TABLE_OPTIONS, ...options };
  const header = [
    'Method',
    'Seeds',
    ...summary.tasks.map(cell),
    'Avg',
    secondaryHeader(summary.secondarySelect),
    differenceHeader(summary),
    'Params (%)',
    'Step time',
  ];
  const body = [
    ...summary.rows.map((row) => methodCells(row, summary.tasks, scoreDecimals)),
    ...(summary.majority ? [majorityCells(summary.majority, summary.tasks, scoreDecimals)] : []),
  ];
  const lines = alignMarkdownTable(header, body);
  const paired = differences ? differencesTable(summary, scoreDecimals) : [];
  if (paired.length > 0) lines.push('', ...paired);
  if (footnote) lines.push('', ...legend(summary));
  return `${lines.join('\n')}\n`;
}
