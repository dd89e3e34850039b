/**
 * `writeReport`: a results folder in, `report.md` (the table and the plots), `summary.json`
 * and the SVG plots out. What `hyperprompt report <folder>` and `npm start` call.
 *
 * @packageDocumentation
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type { DivergedRunResult, RunResult } from '../result';
import { loadResults } from './load';
import {
  AVERAGE_TASK,
  ablationRows,
  attentionRows,
  learningCurveRows,
  type AblationOptions,
} from './plot-data';
import {
  ablationSpec,
  attentionSpec,
  learningCurveSpec,
  perTaskCurvesSpec,
  type PlotOptions,
  type VegaLiteSpec,
} from './plot-specs';
import { renderSvg } from './render';
import { buildSummary, type SummaryOptions } from './summary';
import { findVaryingFields, labelByFields } from './sweep';
import { formatMarkdownTable, type TableOptions } from './table';

/** Options of {@link writeReport}: table, summary and plot options plus what to plot. */
export interface ReportOptions extends SummaryOptions, TableOptions, Omit<PlotOptions, 'labels'> {
  /**
   * Config fields (dotted paths) a sweep varies. Each gets an ablation curve, and the table
   * and learning curves show one row/line per sweep point (labels like
   * `HyperPrompt-Global (promptLength=8)`). By default every field that differs between runs
   * sharing a label (see `findVaryingFields`); `[]` turns both off.
   * @defaultValue the varying fields
   */
  readonly sweepFields?: readonly string[];
  /**
   * Grouping and metric of the ablation curves.
   * @defaultValue `{}` (one line per label, average score)
   */
  readonly ablation?: AblationOptions;
  /**
   * Title of `report.md`.
   * @defaultValue `'Results'`
   */
  readonly title?: string;
  /**
   * Render the SVG plots (`false`: only `report.md` and `summary.json`).
   * @defaultValue true
   */
  readonly plots?: boolean;
}

/** What {@link writeReport} wrote. */
export interface ReportFiles {
  /** Path of `report.md`. */
  readonly report: string;
  /** Path of `summary.json`. */
  readonly summary: string;
  /** Paths of the SVG plots. */
  readonly plots: readonly string[];
  /** The Markdown table (also in `report.md`), for printing. */
  readonly table: string;
}

/** A plot to write: file name, caption and spec. */
export interface PlannedPlot {
  /** File name, e.g. `learning-curves.svg`. */
  readonly file: string;
  /** Caption in `report.md`. */
  readonly caption: string;
  /** Vega-Lite spec. */
  readonly spec: VegaLiteSpec;
}

/** File-name-safe form of a field path. */
function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/**
 * The plots a report draws for these runs (pure: no rendering, no files): learning curves
 * when runs have evaluations, attention mass when runs recorded it, and one ablation curve
 * per swept field (learning curves and attention then show one line per sweep point).
 *
 * @param results - the runs, with their own labels.
 * @param labels - legend order of the labels (the table's row order).
 * @param options - plot and ablation options.
 */
export function planPlots(
  results: readonly RunResult[],
  labels: readonly string[],
  options: ReportOptions = {},
): PlannedPlot[] {
  const plot: PlotOptions = {
    labels,
    ...(options.width ? { width: options.width } : {}),
    band: options.band ?? true,
  };
  const plots: PlannedPlot[] = [];
  const sweepFields = options.sweepFields ?? findVaryingFields(results);
  const points = labelByFields(results, sweepFields);
  const average = learningCurveRows(points, false);
  if (average.length > 0) {
    plots.push({
      file: 'learning-curves.svg',
      caption: 'Learning curves (average score)',
      spec: learningCurveSpec(average, plot),
    });
    const perTask = learningCurveRows(points, true);
    if (perTask.length > 0) {
      plots.push({
        file: 'learning-curves-per-task.svg',
        caption: 'Learning curves per task',
        spec: perTaskCurvesSpec(perTask, plot),
      });
    }
  }
  const attention = attentionRows(points);
  if (attention.length > 0) {
    plots.push({
      file: 'attention-mass.svg',
      caption: 'Attention mass on hyper-prompts per layer',
      spec: attentionSpec(attention, plot),
    });
  }
  const metric = options.ablation?.metric ?? AVERAGE_TASK;
  const yTitle = metric === AVERAGE_TASK ? 'Average score (0-100)' : `${metric} score (0-100)`;
  for (const field of sweepFields) {
    const rows = ablationRows(results, field, options.ablation);
    plots.push({
      file: `ablation-${slug(field)}.svg`,
      caption: `Ablation: ${field}`,
      spec: ablationSpec(rows, field, yTitle, plot),
    });
  }
  return plots;
}

/** One line naming a diverged run: label, seed, where and on what it diverged, its folder. */
function divergedLine(resultsDir: string, file: string, run: DivergedRunResult): string {
  const { step, quantity, value } = run.divergence;
  const folder = relative(resultsDir, dirname(file)) || '.';
  return `${run.label} seed ${run.seed}: diverged at step ${step} (${quantity} ${value}), \`${folder}\``;
}

/** The report of a folder whose runs all diverged: no table, only the list. */
async function writeDivergedOnly(
  outDir: string,
  options: ReportOptions,
  divergedSection: readonly string[],
): Promise<ReportFiles> {
  await mkdir(outDir, { recursive: true });
  const table = ['No run finished with scores.', ...divergedSection].join('\n');
  const report = join(outDir, 'report.md');
  const summary = join(outDir, 'summary.json');
  await writeFile(report, [`# ${options.title ?? 'Results'}`, '', table, ''].join('\n'));
  await writeFile(summary, `${JSON.stringify({ rows: [], diverged: divergedSection.slice(3) }, null, 2)}\n`);
  return { report, summary, plots: [], table };
}

/**
 * Loads every run under `resultsDir`, and writes `report.md` (the paper-style table and the
 * plots), `summary.json` (the table's numbers) and the SVG plots into `outDir`. Runs that
 * diverged (no scores) are listed under the table; when every run diverged, the report holds
 * only that list.
 *
 * @param resultsDir - folder holding `<run>/result.json` (or `<experiment>/<run>/result.json`).
 * @param outDir - where to write; the results folder itself by default.
 * @param options - row order, reference label, decimals, plot options, ablation fields.
 * @returns the paths written and the table text.
 * @throws `DataError` naming the file when a result is unreadable or incomplete.
 */
export async function writeReport(
  resultsDir: string,
  outDir: string = resultsDir,
  options: ReportOptions = {},
): Promise<ReportFiles> {
  const diverged: string[] = [];
  const loaded = await loadResults(resultsDir, (file, run) =>
    diverged.push(divergedLine(resultsDir, file, run)),
  );
  const results = loaded.map((entry) => entry.result);
  const divergedSection =
    diverged.length === 0
      ? []
      : [
          '',
          `Diverged runs (no scores; each stopped at a non-finite value):`,
          '',
          ...diverged.map((d) => `- ${d}`),
        ];
  if (results.length === 0) return writeDivergedOnly(outDir, options, divergedSection);
  const sweepFields = options.sweepFields ?? findVaryingFields(results);
  const summary = buildSummary(labelByFields(results, sweepFields), options);
  const table = [formatMarkdownTable(summary, options), ...divergedSection].join('\n');
  const labels = summary.rows.map((row) => row.label);
  const plots = options.plots === false ? [] : planPlots(results, labels, { ...options, sweepFields });
  await mkdir(outDir, { recursive: true });
  const plotPaths: string[] = [];
  for (const plot of plots) {
    const path = join(outDir, plot.file);
    await writeFile(path, await renderSvg(plot.spec));
    plotPaths.push(path);
  }
  const source = relative(outDir, resultsDir) || '.';
  const markdown = [
    `# ${options.title ?? 'Results'}`,
    '',
    `${summary.runs} runs in ${summary.rows.length} rows, read from \`${source}\`.`,
    '',
    table,
    ...(plots.length > 0
      ? ['## Plots', '', ...plots.flatMap((p) => [`### ${p.caption}`, '', `![${p.caption}](${p.file})`, ''])]
      : []),
  ].join('\n');
  const report = join(outDir, 'report.md');
  const summaryPath = join(outDir, 'summary.json');
  await writeFile(report, markdown);
  await writeFile(summaryPath, `${JSON.stringify(summary, null, 2)}\n`);
  return { report, summary: summaryPath, plots: plotPaths, table };
}
