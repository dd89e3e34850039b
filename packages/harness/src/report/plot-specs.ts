/**
 * Vega-Lite specs of the report's plots, as plain JSON built by pure functions: learning
 * curves (average and per task), ablation curves from a sweep, and attention mass on
 * hyper-prompts per layer. `renderSvg` turns a spec into SVG.
 *
 * @packageDocumentation
 */
import type { AblationRow, AttentionRow, CurveRow } from './plot-data';

/** A Vega-Lite specification (JSON). */
export type VegaLiteSpec = Readonly<Record<string, unknown>>;

/** Vega-Lite schema the specs are written against. */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Options shared by the plot builders. */
export interface PlotOptions {
  /**
   * Width of a single plot, pixels (small multiples use about half).
   * @defaultValue `480`
   */
  readonly width?: number;
  /**
   * Legend order of the method labels (others follow in data order).
   * @defaultValue `[]`
   */
  readonly labels?: readonly string[];
  /**
   * Draw a mean ± std band (or error bars) over seeds.
   * @defaultValue `true`
   */
  readonly band?: boolean;
}

/** Resolved {@link PlotOptions}. */
export const DEFAULT_PLOT_OPTIONS: Required<PlotOptions> = { width: 480, labels: [], band: true };

/** Height of a single plot for a width (golden-ish ratio). */
function heightFor(width: number): number {
  return Math.round(width * 0.625);
}

/** Top-level fields every spec shares. */
function base(title: string, subtitle: string, values: readonly object[]): Record<string, unknown> {
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: title, subtitle, anchor: 'start' },
    background: 'white',
    padding: 8,
    data: { values },
  };
}

/** Colour encoding of method labels in the given order. */
function labelColor(field: string, title: string, order: readonly string[]): Record<string, unknown> {
  const legend = { symbolOpacity: 1, symbolStrokeWidth: 2, labelLimit: 400 };
  return { field, type: 'nominal', title, legend, ...(order.length > 0 ? { sort: order } : {}) };
}

/** Line (with points) plus an optional band behind it, sharing x and colour. */
function curveLayers(yTitle: string, band: boolean, yScale: object): object[] {
  const line = {
    mark: { type: 'line', point: true, strokeWidth: 2 },
    encoding: {
      y: { field: 'score', type: 'quantitative', title: yTitle, scale: yScale },
      tooltip: [{ field: 'label' }, { field: 'step' }, { field: 'score', format: '.1f' }, { field: 'seeds' }],
    },
  };
  const area = {
    mark: { type: 'area', opacity: 0.18 },
    encoding: { y: { field: 'lower', type: 'quantitative' }, y2: { field: 'upper' } },
  };
  return band ? [area, line] : [line];
}

/**
 * Average validation score against training step, one line per method (mean over seeds,
 * band = ± sample std).
 *
 * @param rows - {@link CurveRow}s of the average (`learningCurveRows(results, false)`).
 * @param options - width, label order, band.
 */
export function learningCurveSpec(rows: readonly CurveRow[], options: PlotOptions = {}): VegaLiteSpec {
  const { width, labels, band } = { ...DEFAULT_PLOT_OPTIONS, ...options };
  return {
    ...base('Learning curves', 'Average validation score over tasks; mean over seeds, band ± std', rows),
    width,
    height: heightFor(width),
    encoding: {
      x: { field: 'step', type: 'quantitative', title: 'Training step' },
      color: labelColor('label', 'Method', labels),
    },
    layer: curveLayers('Average score (0-100)', band, { zero: false }),
  };
}

/**
 * Per-task learning curves as small multiples (one panel per task, three per row, each with
 * its own y scale), one line per method.
 *
 * @param rows - per-task {@link CurveRow}s (`learningCurveRows(results, true)`).
 * @param options - width of the whole figure, label order, band.
 */
export function perTaskCurvesSpec(rows: readonly CurveRow[], options: PlotOptions = {}): VegaLiteSpec {
  const { width, labels, band } = { ...DEFAULT_PLOT_OPTIONS, ...options };
  const tasks = [...new Set(rows.map((row) => row.task))];
  const columns = Math.min(3, Math.max(1, tasks.length));
  const panel = Math.round(width / Math.min(columns, 2));
  return {
    ...base('Learning curves per task', 'Validation score of each task; mean over seeds, band ± std', rows),
    columns,
    facet: { field: 'task', type: 'nominal', title: null, sort: tasks, header: { labelFontSize: 12 } },
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: panel,
      height: heightFor(panel),
      encoding: {
        x: { field: 'step', type: 'quantitative', title: 'Training step' },
        color: labelColor('label', 'Method', labels),
      },
      layer: curveLayers('Score (0-100)', band, { zero: false }),
    },
  };
}

/**
 * Ablation curve: best score against the swept field's value, one line per group, with
 * ± std error bars over seeds. A numeric field gets a quantitative axis, anything else an
 * ordinal one.
 *
 * @param rows - {@link AblationRow}s (`ablationRows(results, field)`).
 * @param field - dotted config path of the swept field (its last segment titles the x-axis).
 * @param yTitle - what the score is, e.g. `Average score (0-100)`.
 * @param options - width, group order, error bars.
 */
export function ablationSpec(
  rows: readonly AblationRow[],
  field: string,
  yTitle: string,
  options: PlotOptions = {},
): VegaLiteSpec {
  const { width, labels, band } = { ...DEFAULT_PLOT_OPTIONS, ...options };
  const numeric = rows.every((row) => typeof row.value === 'number');
  const name = field.split('.').pop() ?? field;
  const scale = numeric ? { zero: false, padding: 12 } : {};
  const x = {
    field: 'value',
    type: numeric ? 'quantitative' : 'ordinal',
    title: name,
    scale,
    axis: { labelAngle: 0 },
  };
  const errorBars = {
    mark: { type: 'rule', strokeWidth: 1.5 },
    encoding: { y: { field: 'lower', type: 'quantitative' }, y2: { field: 'upper' } },
  };
  const line = {
    mark: { type: 'line', point: { size: 60 }, strokeWidth: 2 },
    encoding: {
      y: { field: 'score', type: 'quantitative', title: yTitle, scale: { zero: false } },
      tooltip: [
        { field: 'group' },
        { field: 'value' },
        { field: 'score', format: '.1f' },
        { field: 'seeds' },
      ],
    },
  };
  return {
    ...base(
      `Ablation: ${name}`,
      `Best validation score against config field ${field}; mean over seeds, bars ± std`,
      rows,
    ),
    width,
    height: heightFor(width),
    encoding: { x, color: labelColor('group', 'Method', labels) },
    layer: band ? [errorBars, line] : [line],
  };
}

/**
 * Attention mass on the hyper-prompts per layer: grouped bars (x = layer, colour = stack),
 * one panel per method label.
 *
 * @param rows - {@link AttentionRow}s (`attentionRows(results)`).
 * @param options - width of the whole figure and label order (`band` is unused).
 */
export function attentionSpec(rows: readonly AttentionRow[], options: PlotOptions = {}): VegaLiteSpec {
  const { width, labels } = { ...DEFAULT_PLOT_OPTIONS, ...options };
  const present = [...new Set(rows.map((row) => row.label))];
  const order = [...labels.filter((l) => present.includes(l)), ...present.filter((l) => !labels.includes(l))];
  const columns = Math.min(3, Math.max(1, order.length));
  const panel = Math.round(width / Math.min(columns, 2));
  return {
    ...base(
      'Attention mass on hyper-prompts per layer',
      'Mean softmax mass of queries on the prompt columns, over tasks and seeds',
      rows,
    ),
    columns,
    facet: { field: 'label', type: 'nominal', title: null, sort: order, header: { labelFontSize: 12 } },
    spec: {
      width: panel,
      height: heightFor(panel),
      mark: { type: 'bar' },
      encoding: {
        x: { field: 'layer', type: 'ordinal', title: 'Layer', axis: { labelAngle: 0 } },
        xOffset: { field: 'stack', type: 'nominal', sort: ['encoder', 'decoder'] },
        y: { field: 'mass', type: 'quantitative', title: 'Attention mass' },
        color: { field: 'stack', type: 'nominal', title: 'Stack', sort: ['encoder', 'decoder'] },
        tooltip: [
          { field: 'label' },
          { field: 'stack' },
          { field: 'layer' },
          { field: 'mass', format: '.3f' },
        ],
      },
    },
  };
}
