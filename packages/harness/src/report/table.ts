/**
 * The paper-style main table as Markdown: one row per method, one column per task, the
 * average, the extra parameters and the relative step time, each cell `mean ± std` over seeds.
 *
 * @packageDocumentation
 */
import { formatMeanStd, type MeanStd } from './stats';
import type { ReportSummary, SummaryRow } from './summary';

/** Options of {@link formatMarkdownTable}. */
export interface TableOptions {
  /**
   * Digits after the point for task scores and the average.
   * @defaultValue `1`
   */
  readonly scoreDecimals?: number;
  /**
   * Add the explanatory footnote under the table.
   * @defaultValue `true`
   */
  readonly footnote?: boolean;
}

/** Resolved {@link TableOptions}. */
export const DEFAULT_TABLE_OPTIONS: Required<TableOptions> = { scoreDecimals: 1, footnote: true };

/** Shown in a cell whose label has no value (a task the method's runs did not train). */
export const MISSING_CELL = '–';

/**
 * Formats a percentage with at least two significant digits (`1.23`, `0.012`, `0`), and its
 * std only when the seeds disagree (parameter counts normally do not).
 *
 * @param value - percentages over seeds.
 */
export function formatPercent(value: MeanStd): string {
  const decimalsFor = (v: number): number =>
    v === 0 ? 2 : Math.min(4, Math.max(2, 1 - Math.floor(Math.log10(Math.abs(v)))));
  const decimals = decimalsFor(value.mean);
  const std = value.std === 0 ? null : value.std;
  return formatMeanStd({ ...value, std }, decimals);
}

/** Escapes the characters that would break a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** One formatted row. */
function rowCells(row: SummaryRow, tasks: readonly string[], decimals: number): string[] {
  const scores = tasks.map((task) => {
    const score = row.scores[task] as MeanStd | undefined;
    return score ? formatMeanStd(score, decimals) : MISSING_CELL;
  });
  return [
    cell(row.label),
    String(row.seeds.length),
    ...scores,
    formatMeanStd(row.average, decimals),
    formatPercent(row.addedPercent),
    formatMeanStd(row.relativeStepTime, 2, 'x'),
  ];
}

/**
 * The Markdown table of a {@link ReportSummary}, with a footnote saying what each column is.
 *
 * @param summary - aggregated runs.
 * @param options - decimals and footnote.
 * @returns Markdown text ending with a newline.
 */
export function formatMarkdownTable(summary: ReportSummary, options: TableOptions = {}): string {
  const { scoreDecimals, footnote } = { ...DEFAULT_TABLE_OPTIONS, ...options };
  const header = ['Method', 'Seeds', ...summary.tasks.map(cell), 'Avg', 'Params (%)', 'Step time'];
  const align = header.map((_, i) => (i === 0 ? ':---' : '---:'));
  const lines = [
    header,
    align,
    ...summary.rows.map((row) => rowCells(row, summary.tasks, scoreDecimals)),
  ].map((cells) => `| ${cells.join(' | ')} |`);
  if (footnote) {
    const reference = summary.rows.find((row) => row.label === summary.referenceLabel);
    const ms = reference ? ` (${reference.msPerStep.mean.toFixed(1)} ms/step)` : '';
    lines.push(
      '',
      `Scores: best validation score of each task over evaluations (T5 convention), mean ± sample ` +
        `standard deviation over seeds (Seeds = number of runs; one run shows the mean only). ` +
        `Avg: mean over tasks of the per-task best scores. Params: parameters added to the ` +
        `backbone, % of the backbone's. Step time: median ms per training step relative to ` +
        `${cell(summary.referenceLabel)}${ms}.`,
    );
  }
  return `${lines.join('\n')}\n`;
}
