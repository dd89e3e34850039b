/**
 * Paper-style parameter accounting: counts by {@link ParameterCategory}, extra parameters as
 * a percentage of the backbone, printable as a Markdown table or as JSON.
 *
 * @packageDocumentation
 */
import { ConfigError } from './errors';
import { PARAMETER_CATEGORIES, type ParameterCategory, type ReadonlyVariableStore } from './variables';

/** Parameter counts by category. */
export type ParameterBreakdown = Readonly<Record<ParameterCategory, number>>;

/** A breakdown with every category at zero. */
export const EMPTY_BREAKDOWN: ParameterBreakdown = Object.freeze({
  backbone: 0,
  shared: 0,
  'per-task': 0,
  hypernetwork: 0,
});

/** Builds a breakdown from the categories given (others are 0). */
export function breakdown(counts: Partial<Record<ParameterCategory, number>>): ParameterBreakdown {
  const out = { ...EMPTY_BREAKDOWN, ...counts };
  for (const c of PARAMETER_CATEGORIES) {
    if (!Number.isInteger(out[c]) || out[c] < 0) {
      throw new ConfigError(`parameters.${c}`, out[c], 'a non-negative integer');
    }
  }
  return Object.freeze(out);
}

/** Element-wise sum of breakdowns. */
export function addBreakdowns(...parts: readonly ParameterBreakdown[]): ParameterBreakdown {
  const sum: Record<ParameterCategory, number> = { ...EMPTY_BREAKDOWN };
  for (const p of parts) for (const c of PARAMETER_CATEGORIES) sum[c] += p[c];
  return Object.freeze(sum);
}

/** Sum over all categories. */
export function totalParameters(b: ParameterBreakdown): number {
  return PARAMETER_CATEGORIES.reduce((acc, c) => acc + b[c], 0);
}

/** Parameters that are not the backbone's (what a method adds). */
export function extraParameters(b: ParameterBreakdown): number {
  return totalParameters(b) - b.backbone;
}

/** Counts the variables of a store by category. */
export function countStore(store: ReadonlyVariableStore): ParameterBreakdown {
  const counts: Record<ParameterCategory, number> = { ...EMPTY_BREAKDOWN };
  for (const v of store.entries()) counts[v.category] += v.variable.size;
  return Object.freeze(counts);
}

/** One row of a {@link ParameterTable}: a component (backbone, a method) and its counts. */
export interface ParameterTableRow {
  /** Name of the component, e.g. `t5-base` or `hyperprompt (global, l=16)`. */
  readonly component: string;
  /** Its parameters by category. */
  readonly parameters: ParameterBreakdown;
}

/** A parameter table: rows plus the backbone size that percentages refer to. */
export interface ParameterTable {
  /** Size of the backbone alone (the denominator of every percentage). */
  readonly backboneParameters: number;
  /** One row per component. */
  readonly rows: readonly ParameterTableRow[];
}

/** JSON form of one row, with totals and percentages computed. */
export interface ParameterTableRowJSON extends ParameterTableRow {
  /** Sum over categories. */
  readonly total: number;
  /** Non-backbone parameters. */
  readonly extra: number;
  /** `extra` as a percentage of the backbone. */
  readonly extraPercentOfBackbone: number;
}

/** JSON form of a {@link ParameterTable}. */
export interface ParameterTableJSON {
  /** Size of the backbone alone. */
  readonly backboneParameters: number;
  /** Rows with totals and percentages. */
  readonly rows: readonly ParameterTableRowJSON[];
}

/** Builds a table; the backbone size must be positive. */
export function parameterTable(
  backboneParameters: number,
  rows: readonly ParameterTableRow[],
): ParameterTable {
  if (!Number.isInteger(backboneParameters) || backboneParameters <= 0) {
    throw new ConfigError('backboneParameters', backboneParameters, 'a positive integer');
  }
  return { backboneParameters, rows };
}

/** The table with totals and percentages, for `result.json` files. */
export function parameterTableToJSON(table: ParameterTable): ParameterTableJSON {
  return {
    backboneParameters: table.backboneParameters,
    rows: table.rows.map((r) => {
      const extra = extraParameters(r.parameters);
      return {
        ...r,
        total: totalParameters(r.parameters),
        extra,
        extraPercentOfBackbone: (100 * extra) / table.backboneParameters,
      };
    }),
  };
}

/** Formats an integer with thousands separators: 1234567 -> `1,234,567`. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** Formats a percentage with enough digits for small PEFT fractions, e.g. `0.142 %`. */
export function formatPercent(p: number): string {
  if (p === 0) return '0 %';
  const digits = p >= 10 ? 1 : p >= 1 ? 2 : 3;
  return `${p.toFixed(digits)} %`;
}

/** Markdown table: one row per component, one column per category, extra as % of backbone. */
export function formatParameterTable(table: ParameterTable): string {
  const json = parameterTableToJSON(table);
  const header = ['component', ...PARAMETER_CATEGORIES, 'total', 'extra', 'extra % of backbone'];
  const lines = [
    `| ${header.join(' | ')} |`,
    `|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
  ];
  for (const r of json.rows) {
    const cells = [
      r.component,
      ...PARAMETER_CATEGORIES.map((c) => formatCount(r.parameters[c])),
      formatCount(r.total),
      formatCount(r.extra),
      formatPercent(r.extraPercentOfBackbone),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}
