/**
 * Loads the `result.json` files of a results folder, checks the fields reports need, and
 * groups runs by label (the seeds of one method).
 *
 * @packageDocumentation
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataError } from '@hyperprompt/core';
import { type DivergedRunResult, isDivergedResult, RESULT_SCHEMA_VERSION, type RunResult } from '../result';

/** Name of the file every run writes. */
export const RESULT_FILE_NAME = 'result.json';

/** A run's result together with the file it came from. */
export interface LoadedResult {
  /** Path of the `result.json` file. */
  readonly file: string;
  /** Its parsed, checked content. */
  readonly result: RunResult;
}

/**
 * Paths of every `result.json` one or two folders below `dir` (`dir/<run>/result.json` and
 * `dir/<experiment>/<run>/result.json`), sorted. Hidden folders and `node_modules` are skipped.
 *
 * @param dir - the results folder.
 * @throws `DataError` when `dir` cannot be read.
 */
export async function findResultFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  const visit = async (folder: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      throw new DataError(folder, undefined, `cannot read the results folder (${String(error)})`);
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(folder, entry.name);
      if (entry.isFile() && entry.name === RESULT_FILE_NAME && depth > 0) found.push(path);
      else if (entry.isDirectory() && depth < 2) await visit(path, depth + 1);
    }
  };
  await visit(dir, 0);
  return found.sort();
}

/** Reads a nested field for validation messages. */
function field(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Throws a `DataError` naming the file and field when `ok` is false. */
function expect(ok: boolean, file: string, path: string, wanted: string, found: unknown): void {
  if (!ok) {
    const shown = found === undefined ? 'nothing' : JSON.stringify(found).slice(0, 80);
    throw new DataError(file, undefined, `field "${path}" must be ${wanted}, found ${shown}`);
  }
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isObject = (v: unknown): v is object => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks that `value` has the `RESULT_SCHEMA_VERSION` and the fields reports read
 * (label, seed, tasks, evals, best, parameters, timing, optional attention and baselines),
 * and returns it typed.
 *
 * @param value - parsed JSON.
 * @param file - where it came from, for error messages.
 * @throws `DataError` naming the file and the first missing or mistyped field.
 */
export function validateRunResult(value: unknown, file: string): RunResult {
  expect(isObject(value), file, '(root)', 'an object', value);
  const version = field(value, 'schemaVersion');
  expect(version === RESULT_SCHEMA_VERSION, file, 'schemaVersion', `${RESULT_SCHEMA_VERSION}`, version);
  for (const path of ['id', 'label']) {
    const v = field(value, path);
    expect(typeof v === 'string' && v.length > 0, file, path, 'a non-empty string', v);
  }
  const numbers = ['seed', 'best.perTaskAverage', 'parameters.addedPercent', 'timing.msPerStep'];
  for (const path of numbers)
    expect(isNumber(field(value, path)), file, path, 'a number', field(value, path));
  const tasks = field(value, 'tasks');
  const taskList = Array.isArray(tasks) && tasks.every((t) => typeof t === 'string');
  expect(taskList, file, 'tasks', 'an array of task names', tasks);
  const perTask = field(value, 'best.perTask');
  expect(isObject(perTask), file, 'best.perTask', 'an object of task → { step, score }', perTask);
  for (const [task, record] of Object.entries(perTask as object)) {
    const score = field(record, 'score');
    expect(isNumber(score), file, `best.perTask.${task}.score`, 'a number', score);
  }
  const evals = field(value, 'evals');
  expect(Array.isArray(evals), file, 'evals', 'an array', evals);
  (evals as unknown[]).forEach((record, i) => {
    for (const key of ['step', 'average']) {
      const v = field(record, key);
      expect(isNumber(v), file, `evals.${i}.${key}`, 'a number', v);
    }
    const scores = field(record, 'scores');
    expect(isObject(scores), file, `evals.${i}.scores`, 'an object of task → score', scores);
  });
  const attention = field(value, 'attention');
  expect(attention === undefined || Array.isArray(attention), file, 'attention', 'an array', attention);
  const baselines = field(value, 'baselines');
  const shape = 'an object of task → { majority: { label, score } }';
  expect(baselines === undefined || isObject(baselines), file, 'baselines', shape, baselines);
  for (const [task, record] of Object.entries(baselines ?? {})) {
    expect(isObject(record), file, `baselines.${task}`, 'an object', record);
    const majority = field(record, 'majority');
    if (majority === undefined) continue;
    const label = field(majority, 'label');
    expect(typeof label === 'string', file, `baselines.${task}.majority.label`, 'a string', label);
    const score = field(majority, 'score');
    expect(isNumber(score), file, `baselines.${task}.majority.score`, 'a number', score);
  }
  return value as RunResult;
}

/**
 * Reads and checks every `result.json` under `dir` (see {@link findResultFiles}). Runs that
 * diverged (status `diverged`) have no scores: they are left out of the returned list and
 * passed to `onDiverged`, so that a report can list them as diverged.
 *
 * @param dir - the results folder.
 * @param onDiverged - receives each diverged run's file and content, in sorted path order.
 * @returns the completed runs, in sorted path order.
 * @throws `DataError` naming the file when one is not valid JSON or misses a field, or naming
 * the folder when it holds no result at all, or (without `onDiverged`) only diverged ones.
 */
export async function loadResults(
  dir: string,
  onDiverged?: (file: string, result: DivergedRunResult) => void,
): Promise<LoadedResult[]> {
  const files = await findResultFiles(dir);
  if (files.length === 0) {
    throw new DataError(dir, undefined, `no ${RESULT_FILE_NAME} found one or two folders below`);
  }
  const loaded: LoadedResult[] = [];
  const diverged: [string, DivergedRunResult][] = [];
  for (const file of files) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      throw new DataError(file, undefined, `not valid JSON (${String(error)})`);
    }
    if (isDivergedResult(parsed)) diverged.push([file, parsed]);
    else loaded.push({ file, result: validateRunResult(parsed, file) });
  }
  if (loaded.length === 0 && onDiverged === undefined) {
    const [file, { divergence }] = diverged[0];
    throw new DataError(
      dir,
      undefined,
      `no completed run: all ${diverged.length} diverged (e.g. ${file}: step ${divergence.step}, ` +
        `${divergence.quantity} ${divergence.value}), and diverged runs have no scores`,
    );
  }
  for (const [file, result] of diverged) onDiverged?.(file, result);
  return loaded;
}

/**
 * Groups runs by label, keeping first-seen order within each group.
 *
 * @param results - runs of any labels.
 * @returns label → its runs (one per seed, usually).
 */
export function groupByLabel(results: readonly RunResult[]): Map<string, RunResult[]> {
  const groups = new Map<string, RunResult[]>();
  for (const result of results) {
    const group = groups.get(result.label);
    if (group) group.push(result);
    else groups.set(result.label, [result]);
  }
  return groups;
}
