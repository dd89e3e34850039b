/** Test helpers: fixture paths and collecting async iterables. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Absolute path of a fixture under `__fixtures__`. */
export function fixture(...parts: string[]): string {
  return join(__dirname, ...parts);
}

/** Collects an async iterable into an array. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const created: string[] = [];

/** A fresh temporary folder with the given files (name -> content); see {@link removeTempFolders}. */
export function tempFolder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'hyperprompt-tasks-'));
  created.push(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

/** Removes every folder made by {@link tempFolder} (call from `afterAll`). */
export function removeTempFolders(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}
