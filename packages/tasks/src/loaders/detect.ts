/**
 * Finding a split's files in a task folder and detecting their layout.
 *
 * Rules of `'auto'` detection, in order:
 * 1. the task's native file for the split exists (`dev.tsv`, `val.jsonl`, ...): native layout,
 *    except that a JSONL file whose name an HF export also uses (`train.jsonl`, `test.jsonl`)
 *    is read as an HF export when its first line looks like one (the task source's
 *    `isNative`, e.g. integer labels instead of booleans or words);
 * 2. parquet files for the HF split name (`<split>.parquet`, or shards
 *    `<split>-00000-of-00002.parquet`, ...), in the folder or its `data/` subfolder: `hf-parquet`;
 * 3. `<split>.jsonl` or `<split>.json` there: `hf-jsonl`.
 *
 * @packageDocumentation
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DataError } from '@hyperprompt/core';
import type { SplitName, TaskDefinition } from '../registry';
import { peekJsonLine } from './lines';
import type { DataLayout } from './types';

/** A split's files and their layout. */
export interface SplitFiles {
  /** The layout the files are read with. */
  readonly layout: DataLayout;
  /** The files, in reading order (several for sharded parquet). */
  readonly files: readonly string[];
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

async function listFiles(dir: string): Promise<Map<string, string>> {
  if (!(await isDirectory(dir))) throw new DataError(dir, undefined, 'expected a folder with the task data');
  const found = new Map<string, string>();
  for (const folder of [join(dir, 'data'), dir]) {
    if (!(await isDirectory(folder))) continue;
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      if (entry.isFile()) found.set(entry.name, join(folder, entry.name));
    }
  }
  return found;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Lists a split's files in each layout, without choosing.
 *
 * @param task - the task.
 * @param dir - the task folder.
 * @param split - the split.
 * @returns the candidate files per layout (empty lists where absent).
 */
export async function findSplitFiles(
  task: TaskDefinition,
  dir: string,
  split: SplitName,
): Promise<Record<DataLayout, string[]>> {
  const files = await listFiles(dir);
  const nativeName = task.splits[split];
  const native = nativeName === undefined ? undefined : files.get(nativeName);
  const shard = new RegExp(`^${escape(split)}(?:-\\d+-of-\\d+[^/]*)?\\.parquet$`);
  const parquet = [...files.keys()].filter((name) => shard.test(name)).sort();
  const hfJson = [`${split}.jsonl`, `${split}.json`]
    .map((name) => files.get(name))
    .filter((p) => p !== undefined);
  return {
    tsv: task.source.kind === 'tsv' && native !== undefined ? [native] : [],
    jsonl: task.source.kind === 'jsonl' && native !== undefined ? [native] : [],
    'hf-parquet': parquet.map((name) => files.get(name) as string),
    'hf-jsonl': hfJson.slice(0, 1),
  };
}

/**
 * Resolves a split's files and layout.
 *
 * @param task - the task.
 * @param dir - the task folder (e.g. `glue_data/RTE`).
 * @param split - the split to read.
 * @param layout - a layout to force, or `'auto'` to detect.
 * @returns the layout and files.
 * @throws DataError naming the folder when no file for the split exists in that layout.
 */
export async function resolveSplitFiles(
  task: TaskDefinition,
  dir: string,
  split: SplitName,
  layout: DataLayout | 'auto' = 'auto',
): Promise<SplitFiles> {
  const candidates = await findSplitFiles(task, dir, split);
  if (layout !== 'auto') {
    if (candidates[layout].length === 0) {
      throw new DataError(dir, undefined, `no ${layout} file for split "${split}" of ${task.name}`);
    }
    return { layout, files: candidates[layout] };
  }
  if (candidates.tsv.length > 0) return { layout: 'tsv', files: candidates.tsv };
  if (candidates.jsonl.length > 0) {
    const file = candidates.jsonl[0];
    const sameName = candidates['hf-jsonl'].includes(file);
    const isNative = task.source.kind === 'jsonl' ? task.source.isNative : undefined;
    if (sameName && isNative !== undefined) {
      const first = await peekJsonLine(file);
      if (first !== undefined && !isNative(first)) return { layout: 'hf-jsonl', files: [file] };
    }
    return { layout: 'jsonl', files: [file] };
  }
  if (candidates['hf-parquet'].length > 0) return { layout: 'hf-parquet', files: candidates['hf-parquet'] };
  if (candidates['hf-jsonl'].length > 0) return { layout: 'hf-jsonl', files: candidates['hf-jsonl'] };
  const native = task.splits[split];
  const expected = [
    ...(native === undefined || task.source.kind === 'hf' ? [] : [native]),
    `${split}.parquet`,
    `${split}-00000-of-00001.parquet`,
    `${split}.jsonl`,
  ];
  throw new DataError(
    dir,
    undefined,
    `no data for split "${split}" of ${task.name}: expected one of ${expected.join(', ')}`,
  );
}

/**
 * Finds a task's folder under a benchmark root by its conventional names (GLUE site: `RTE`,
 * `STS-B`, ...; SuperGLUE: `BoolQ`, `ReCoRD`, ...; HF configs: `rte`, `stsb`, ...).
 *
 * @param root - the benchmark folder, e.g. `glue_data`.
 * @param task - the task.
 * @returns the first existing folder among `task.folderNames`.
 * @throws DataError naming the root when none exists.
 */
export async function resolveTaskDir(root: string, task: TaskDefinition): Promise<string> {
  for (const name of task.folderNames) {
    const dir = join(root, name);
    if (await isDirectory(dir)) return dir;
  }
  throw new DataError(
    root,
    undefined,
    `no folder for ${task.name}: expected one of ${task.folderNames.join(', ')}`,
  );
}
