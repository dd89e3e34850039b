/**
 * Reading experiment files from disk: one experiment, one sweep (base inline or by path),
 * or a folder of them (a comparison). Paths inside an experiment (data folders, checkpoint
 * folders) stay as written in the config, so the config hash does not depend on where the
 * files live; {@link resolveExperimentPath} makes them absolute against the file's folder.
 *
 * @packageDocumentation
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { ConfigError, DataError } from '@hyperprompt/core';
import type { ExperimentConfig } from './config';
import { resolveExperiment } from './resolve';
import { expandSweep } from './sweep';
import type { SweepFile } from './sweep-types';

/** A resolved experiment and where it came from. */
export interface LoadedExperiment {
  /** The resolved experiment. */
  readonly config: ExperimentConfig;
  /** The file it was read from (a sweep's file for sweep points). */
  readonly source: string;
  /** The folder relative paths in the config are resolved against. */
  readonly baseDir: string;
}

/**
 * Reads and parses a JSON file.
 *
 * @param file - the path.
 * @returns the parsed value.
 * @throws DataError naming the file when it is missing or not JSON.
 */
export async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new DataError(file, undefined, `cannot read: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new DataError(file, undefined, `not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * A path of an experiment (data or checkpoint folder) made absolute.
 *
 * @param experiment - the loaded experiment.
 * @param path - a path as written in the config.
 * @returns the absolute path (unchanged if already absolute).
 */
export function resolveExperimentPath(experiment: LoadedExperiment, path: string): string {
  return isAbsolute(path) ? path : resolve(experiment.baseDir, path);
}

/**
 * Whether a parsed file is a sweep (has a `grid`) rather than an experiment.
 *
 * @param json - a parsed file.
 * @returns true for a sweep.
 */
export function isSweepFile(json: unknown): json is SweepFile {
  return typeof json === 'object' && json !== null && 'grid' in json;
}

/**
 * Loads a sweep file; a string `base` is read relative to the sweep file.
 *
 * @param file - the sweep file.
 * @returns one loaded experiment per grid point.
 */
export async function loadSweep(file: string): Promise<readonly LoadedExperiment[]> {
  const json = await readJsonFile(file);
  if (!isSweepFile(json))
    throw new ConfigError(`${file}: grid`, undefined, 'a sweep file with "base" and "grid"');
  let sweep: SweepFile = json;
  if (typeof json.base === 'string') {
    const baseFile = resolve(dirname(file), json.base);
    sweep = { ...json, base: (await readJsonFile(baseFile)) as SweepFile['base'] };
  }
  const baseDir = dirname(resolve(file));
  return expandSweep(sweep, file).map((p) => ({ config: p.experiment, source: file, baseDir }));
}

/**
 * Loads one experiment file (not a sweep).
 *
 * @param file - the path.
 * @returns the loaded experiment.
 */
export async function loadExperiment(file: string): Promise<LoadedExperiment> {
  const config = resolveExperiment(await readJsonFile(file), file);
  return { config, source: file, baseDir: dirname(resolve(file)) };
}

/**
 * Loads what `hyperprompt run` accepts: an experiment file, a sweep file, or a folder of
 * them (a comparison: every `*.json` file, in file-name order; sweeps expand in place).
 *
 * @param path - a file or folder.
 * @returns the experiments, in order.
 * @throws ConfigError on an empty folder or two experiments with the same name.
 */
export async function loadExperiments(path: string): Promise<readonly LoadedExperiment[]> {
  const info = await stat(path).catch(() => undefined);
  if (info === undefined) throw new DataError(path, undefined, 'no such file or folder');
  const files = info.isDirectory()
    ? (await readdir(path))
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => join(path, f))
    : [path];
  if (files.length === 0)
    throw new ConfigError(path, 'a folder without *.json files', 'a folder of experiment files');
  const out: LoadedExperiment[] = [];
  for (const file of files) {
    const json = await readJsonFile(file);
    if (isSweepFile(json)) out.push(...(await loadSweep(file)));
    else out.push({ config: resolveExperiment(json, file), source: file, baseDir: dirname(resolve(file)) });
  }
  const names = out.map((e) => e.config.name);
  names.forEach((name, i) => {
    if (names.indexOf(name) !== i) {
      throw new ConfigError(
        `${out[i].source}: name`,
        name,
        `a name not used by ${out[names.indexOf(name)].source}`,
      );
    }
  });
  return out;
}
