/**
 * Data rows behind the plots, aggregated over seeds: learning curves, ablation curves from a
 * sweep, and attention mass on hyper-prompts per layer. Pure functions of `RunResult`s.
 *
 * @packageDocumentation
 */
import { DataError } from '@hyperprompt/core';
import type { RunResult } from '../result';
import { groupByLabel } from './load';
import { meanStd } from './stats';
import { getConfigField } from './sweep';

/** A mean over seeds with its band (mean ± sample std; the mean itself for one seed). */
export interface BandPoint {
  /** Mean over seeds. */
  readonly score: number;
  /** `score - std` (or `score` for one seed). */
  readonly lower: number;
  /** `score + std` (or `score` for one seed). */
  readonly upper: number;
  /** Number of runs averaged. */
  readonly seeds: number;
}

/** One point of a learning curve. */
export interface CurveRow extends BandPoint {
  /** Method label. */
  readonly label: string;
  /** Task name, or `average` for the benchmark average. */
  readonly task: string;
  /** Training step of the evaluation. */
  readonly step: number;
}

/** One point of an ablation curve. */
export interface AblationRow extends BandPoint {
  /** Value of the swept field. */
  readonly value: number | string;
  /** Line the point belongs to (the label, or the value of the grouping field). */
  readonly group: string;
}

/** Attention mass of one label, stack and layer, averaged over tasks and seeds. */
export interface AttentionRow {
  /** Method label. */
  readonly label: string;
  /** `encoder` or `decoder`. */
  readonly stack: string;
  /** Block index within the stack. */
  readonly layer: number;
  /** Mean softmax mass on the hyper-prompt columns, in [0, 1]. */
  readonly mass: number;
}

/** Name used in {@link CurveRow.task} for the benchmark average. */
export const AVERAGE_TASK = 'average';

/** Mean and band of values. */
function band(values: readonly number[]): BandPoint {
  const { mean, std } = meanStd(values);
  return { score: mean, lower: mean - (std ?? 0), upper: mean + (std ?? 0), seeds: values.length };
}

/**
 * Learning-curve points: per label, task (or {@link AVERAGE_TASK}) and evaluation step, the
 * mean and band over the seeds that evaluated at that step.
 *
 * @param results - runs of any labels.
 * @param perTask - per-task scores (`true`) or the average (`false`).
 */
export function learningCurveRows(results: readonly RunResult[], perTask: boolean): CurveRow[] {
  const rows: CurveRow[] = [];
  for (const [label, runs] of groupByLabel(results)) {
    const values = new Map<string, { task: string; step: number; values: number[] }>();
    for (const run of runs) {
      for (const record of run.evals) {
        const entries = perTask ? Object.entries(record.scores) : [[AVERAGE_TASK, record.average] as const];
        for (const [task, score] of entries) {
          const key = `${task}\u0000${record.step}`;
          const slot = values.get(key) ?? { task, step: record.step, values: [] };
          slot.values.push(score);
          values.set(key, slot);
        }
      }
    }
    const slots = [...values.values()];
    const taskOrder = [...new Set(slots.map((slot) => slot.task))];
    slots.sort((a, b) => taskOrder.indexOf(a.task) - taskOrder.indexOf(b.task) || a.step - b.step);
    for (const slot of slots) rows.push({ label, task: slot.task, step: slot.step, ...band(slot.values) });
  }
  return rows;
}

/** Orders swept values: numbers numerically, anything else as text. */
function compareValues(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

/** Options of {@link ablationRows}. */
export interface AblationOptions {
  /**
   * One line per value of this: `label` (the run's label) or a dotted config path.
   * @defaultValue `'label'`
   */
  readonly groupBy?: string;
  /**
   * Score plotted: `average` (`best.perTaskAverage`) or a task name (its best score).
   * @defaultValue `'average'`
   */
  readonly metric?: string;
}

/** Resolved {@link AblationOptions}. */
export const DEFAULT_ABLATION_OPTIONS: Required<AblationOptions> = { groupBy: 'label', metric: AVERAGE_TASK };

/**
 * Ablation points: the best score against the value of a swept config field, per line,
 * averaged over seeds.
 *
 * @param results - runs whose configs differ in `field` (and seeds); runs without the field are
 * left out.
 * @param field - dotted config path of the swept field.
 * @param options - grouping and metric.
 * @throws `DataError` when no run has the field, or naming the run when its config lacks the
 * grouping field or its scores lack the metric's task.
 */
export function ablationRows(
  results: readonly RunResult[],
  field: string,
  options: AblationOptions = {},
): AblationRow[] {
  const { groupBy, metric } = { ...DEFAULT_ABLATION_OPTIONS, ...options };
  const slots = new Map<string, { value: number | string; group: string; values: number[] }>();
  const swept = results.filter((run) => getConfigField(run.config, field) !== undefined);
  if (swept.length === 0)
    throw new DataError('result.json', undefined, `no run's config has the field "${field}"`);
  for (const run of swept) {
    const where = `${run.id}/result.json`;
    const raw = getConfigField(run.config, field);
    const value = typeof raw === 'number' || typeof raw === 'string' ? raw : JSON.stringify(raw);
    const groupValue = groupBy === 'label' ? run.label : getConfigField(run.config, groupBy);
    if (groupValue === undefined) throw new DataError(where, undefined, `config has no field "${groupBy}"`);
    const group = typeof groupValue === 'string' ? groupValue : JSON.stringify(groupValue);
    const perTask = run.best.perTask;
    const best =
      metric === AVERAGE_TASK
        ? run.best.perTaskAverage
        : metric in perTask
          ? perTask[metric].score
          : undefined;
    if (best === undefined) throw new DataError(where, undefined, `best.perTask has no task "${metric}"`);
    const key = `${group}\u0000${JSON.stringify(value)}`;
    const slot = slots.get(key) ?? { value, group, values: [] };
    slot.values.push(best);
    slots.set(key, slot);
  }
  const rows = [...slots.values()].map(({ value, group, values }) => ({ value, group, ...band(values) }));
  return rows.sort((a, b) => compareValues(a.value, b.value));
}

/**
 * Attention-mass points from `RunResult.attention`: per label, stack and layer, the mean over
 * tasks and seeds. Runs without attention records contribute nothing.
 *
 * @param results - runs of any labels.
 */
export function attentionRows(results: readonly RunResult[]): AttentionRow[] {
  const slots = new Map<string, { label: string; stack: string; layer: number; values: number[] }>();
  for (const run of results) {
    for (const record of run.attention ?? []) {
      const key = `${run.label}\u0000${record.stack}\u0000${record.layer}`;
      const slot = slots.get(key) ?? {
        label: run.label,
        stack: record.stack,
        layer: record.layer,
        values: [],
      };
      slot.values.push(record.mass);
      slots.set(key, slot);
    }
  }
  return [...slots.values()].map(({ label, stack, layer, values }) => ({
    label,
    stack,
    layer,
    mass: meanStd(values).mean,
  }));
}
