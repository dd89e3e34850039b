/**
 * Sweeps: a base experiment plus a grid over dotted field paths, expanded to the cartesian
 * product of the values (first path varies slowest). Each point is a full experiment, named
 * `<sweep>/<field>=<value>,...` and keeping the base label (reports label rows per point), and is
 * resolved like any experiment file, so a bad path or value is a `ConfigError` naming it.
 *
 * @packageDocumentation
 */
import { ConfigError } from '@hyperprompt/core';
import type { ExperimentConfig } from './config';
import type { ExperimentFile } from './file-types';
import { resolveExperiment } from './resolve';
import { validateAgainstSchema } from './schema';
import type { SweepFile } from './sweep-types';

/** One point of a sweep grid. */
export interface SweepPoint {
  /** The value of each grid path at this point. */
  readonly values: Readonly<Record<string, unknown>>;
  /** The resolved experiment. */
  readonly experiment: ExperimentConfig;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A copy of a JSON value with the value at a dotted path replaced (array entries by index;
 * missing object keys are created).
 *
 * @param root - a JSON object.
 * @param path - e.g. `methods.0.promptLength`.
 * @param value - the new value.
 * @returns the modified deep copy.
 * @throws ConfigError naming the path when it crosses a non-object or a missing array entry.
 */
export function setPath(
  root: Readonly<Record<string, unknown>>,
  path: string,
  value: unknown,
): Record<string, unknown> {
  const copy = structuredClone(root);
  const keys = path.split('.');
  if (keys.some((k) => k === ''))
    throw new ConfigError(`grid.${path}`, path, 'a dotted path like "methods.0.promptLength"');
  let node: unknown = copy;
  keys.forEach((key, i) => {
    const here = keys.slice(0, i + 1).join('.');
    const last = i === keys.length - 1;
    if (Array.isArray(node)) {
      const index = Number(key);
      if (!Number.isInteger(index) || index < 0 || index >= node.length) {
        throw new ConfigError(
          `grid.${path}`,
          here,
          `an index in [0, ${node.length}) at ${keys.slice(0, i).join('.')}`,
        );
      }
      if (last) node[index] = value;
      else node = node[index];
    } else if (isObject(node)) {
      if (last) node[key] = value;
      else node = node[key] ??= {};
    } else {
      throw new ConfigError(`grid.${path}`, here, 'a path through objects and arrays only');
    }
  });
  return copy;
}

function formatValue(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.replace(/[^A-Za-z0-9._+-]/g, '_');
}

/** Short names of the grid paths: last segments, or whole paths where those collide. */
function shortNames(paths: readonly string[]): string[] {
  const last = paths.map((p) => p.split('.').at(-1) ?? p);
  return paths.map((p, i) => (last.filter((l) => l === last[i]).length > 1 ? p : last[i]));
}

/**
 * Expands a sweep whose base is inline.
 *
 * @param sweep - the parsed sweep file (validated here), with `base` an experiment object.
 * @param source - the file, named in errors.
 * @returns one point per grid combination.
 * @throws ConfigError for a bad sweep or a bad expanded experiment.
 */
export function expandSweep(sweep: SweepFile, source?: string): readonly SweepPoint[] {
  validateAgainstSchema('sweep', sweep, source);
  if (typeof sweep.base === 'string') {
    throw new ConfigError(
      `${source ?? 'sweep'}: base`,
      sweep.base,
      'an inline experiment (use loadSweep for a path)',
    );
  }
  const base = sweep.base as ExperimentFile & Record<string, unknown>;
  const paths = Object.keys(sweep.grid);
  if (paths.length === 0) throw new ConfigError('grid', sweep.grid, 'at least one field path');
  for (const p of paths) {
    if (sweep.grid[p].length === 0)
      throw new ConfigError(`grid.${p}`, sweep.grid[p], 'a non-empty list of values');
  }
  const names = shortNames(paths);
  let combos: unknown[][] = [[]];
  for (const p of paths) combos = combos.flatMap((c) => sweep.grid[p].map((v) => [...c, v]));
  return Object.freeze(
    combos.map((combo) => {
      let json: Record<string, unknown> = base;
      combo.forEach((v, i) => (json = setPath(json, paths[i], v)));
      const tag = combo.map((v, i) => `${names[i]}=${formatValue(v)}`);
      const name = `${sweep.name}/${tag.join(',')}`;
      const where = `${source ?? sweep.name} [${name}]`;
      // The label stays the base's: reports find the swept fields (runs of one label whose
      // configs differ), label rows per point and draw the ablation curves.
      json = { ...json, name };
      const values = Object.fromEntries(paths.map((p, i) => [p, combo[i]]));
      return Object.freeze({ values, experiment: resolveExperiment(json, where) });
    }),
  );
}
