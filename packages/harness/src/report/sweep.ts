/**
 * What a sweep varies: config fields by dotted path, the fields that differ between runs of
 * one label, and relabelling runs by those fields so each sweep point gets its own table row.
 *
 * @packageDocumentation
 */
import type { RunResult } from '../result';
import { groupByLabel } from './load';

/**
 * A field of a run's resolved config by dotted path (`methods.0.promptLength`); array items by
 * index.
 *
 * @param config - `RunResult.config`.
 * @param path - dotted path.
 * @returns the value, or `undefined` when the path does not exist.
 */
export function getConfigField(config: unknown, path: string): unknown {
  let current: unknown = config;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Leaf values of a JSON value by dotted path. */
function leaves(value: unknown, prefix: string, out: Map<string, string>): void {
  if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) leaves(child, prefix ? `${prefix}.${key}` : key, out);
  } else if (prefix) out.set(prefix, JSON.stringify(value));
}

/** Config path segments that vary between runs without being swept: seeds, names, folders. */
const IGNORED_FIELD = /seed|^name$|^id$|dir$|path$|file$/i;

/**
 * Config fields that differ between runs sharing a label (what a sweep varies), ignoring
 * paths with a segment that names a seed, a name, an id, a folder, a path or a file.
 *
 * @param results - runs of any labels.
 * @returns dotted paths, in first-seen order.
 */
export function findVaryingFields(results: readonly RunResult[]): string[] {
  const varying: string[] = [];
  for (const runs of groupByLabel(results).values()) {
    const seen = new Map<string, Set<string>>();
    for (const run of runs) {
      const values = new Map<string, string>();
      leaves(run.config, '', values);
      for (const [path, value] of values) seen.set(path, (seen.get(path) ?? new Set()).add(value));
    }
    for (const [path, values] of seen) {
      const ignored = path.split('.').some((segment) => IGNORED_FIELD.test(segment));
      if (values.size > 1 && !ignored && !varying.includes(path)) varying.push(path);
    }
  }
  return varying;
}

/** Short text of a config value for a label: strings bare, anything else as JSON. */
function shortValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Appends the values of `fields` to each run's label, e.g. `HyperPrompt-Global` becomes
 * `HyperPrompt-Global (promptLength=8)`, so the seeds of one sweep point aggregate into one
 * row and different points do not. Runs without any of the fields keep their label.
 *
 * @param results - runs.
 * @param fields - dotted config paths (the label shows each path's last segment).
 * @returns new run objects (the inputs are not changed).
 */
export function labelByFields(results: readonly RunResult[], fields: readonly string[]): RunResult[] {
  if (fields.length === 0) return [...results];
  return results.map((run) => {
    const parts = fields.flatMap((field) => {
      const value = getConfigField(run.config, field);
      return value === undefined ? [] : [`${field.split('.').pop() ?? field}=${shortValue(value)}`];
    });
    return parts.length === 0 ? run : { ...run, label: `${run.label} (${parts.join(', ')})` };
  });
}
