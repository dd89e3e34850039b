/**
 * Runs: an experiment times its seeds. Each run is identified by the hash of its resolved
 * config (the experiment with `seeds` replaced by the run's `seed`, as canonical JSON), which
 * is also its folder name under the results folder; a folder with `result.json` is done, so
 * reruns skip it and any scheduler can split a sweep across machines.
 *
 * @packageDocumentation
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fingerprintOf } from '@hyperprompt/core';
import type { ExperimentConfig } from './config';

/** Version of the hashed layout; bump it if the meaning of the hash input changes. */
export const RUN_ID_VERSION = 1;

/** Hex characters of the SHA-256 kept in a run id (64 bits: collisions are not a concern). */
export const RUN_ID_LENGTH = 16;

/** The file whose presence marks a finished run. */
export const RESULT_FILE = 'result.json';

/** The seed of one run. */
export interface RunSeed {
  /** The run's seed (one of the experiment's `seeds`). */
  readonly seed: number;
}

/** The config of one run: the experiment without `seeds`, with the run's `seed`. */
export type RunConfig = Omit<ExperimentConfig, 'seeds'> & RunSeed;

/** One run of an experiment. */
export interface Run {
  /** Hash of {@link Run.config}; also the run's folder name. */
  readonly id: string;
  /** The experiment it belongs to. */
  readonly experiment: ExperimentConfig;
  /** Its seed. */
  readonly seed: number;
  /** What the id hashes (what `result.json` stores as `config`). */
  readonly config: RunConfig;
}

/**
 * The config of one seed of an experiment.
 *
 * @param experiment - a resolved experiment.
 * @param seed - one of its seeds.
 * @returns the run config.
 */
export function runConfig(experiment: ExperimentConfig, seed: number): RunConfig {
  const rest = Object.fromEntries(Object.entries(experiment).filter(([key]) => key !== 'seeds'));
  return Object.freeze({ ...(rest as Omit<ExperimentConfig, 'seeds'>), seed });
}

/**
 * The id of a run config: the first {@link RUN_ID_LENGTH} hex digits of the SHA-256 of its
 * canonical JSON (key order does not matter).
 *
 * @param config - a run config.
 * @returns e.g. `3f9a0c1e5b7d2a44`.
 */
export function runId(config: RunConfig): string {
  return fingerprintOf({ version: RUN_ID_VERSION, config }).slice(0, RUN_ID_LENGTH);
}

/**
 * One run per seed, in seed order.
 *
 * @param experiment - a resolved experiment.
 * @returns its runs.
 */
export function expandRuns(experiment: ExperimentConfig): readonly Run[] {
  return Object.freeze(
    experiment.seeds.map((seed) => {
      const config = runConfig(experiment, seed);
      return Object.freeze({ id: runId(config), experiment, seed, config });
    }),
  );
}

/**
 * The folder of a run.
 *
 * @param resultsDir - the results folder (e.g. `results`).
 * @param run - the run (or its id).
 * @returns `<resultsDir>/<id>`.
 */
export function runFolder(resultsDir: string, run: Run | string): string {
  return join(resultsDir, typeof run === 'string' ? run : run.id);
}

/**
 * Whether a run folder holds a finished run (its `result.json` exists; runs write it last,
 * atomically).
 *
 * @param folder - a run folder.
 * @returns true if done.
 */
export function isDone(folder: string): boolean {
  return existsSync(join(folder, RESULT_FILE));
}
