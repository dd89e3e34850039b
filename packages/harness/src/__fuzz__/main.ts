#!/usr/bin/env node
/**
 * The fuzzer's command line (see `README.md` beside it):
 *
 * ```sh
 * node packages/harness/dist/__fuzz__/main.js                 # 2,000 cases, seed 1
 * node packages/harness/dist/__fuzz__/main.js --cases 200     # the short mode CI runs
 * node packages/harness/dist/__fuzz__/main.js --seed 7 --first 1234 --cases 1 --verbose   # replay one case
 * ```
 *
 * The cases run in a worker thread; a case that reports nothing within `--timeout-ms` is a
 * hang: the worker is terminated and a new one continues with the next case. Prints the
 * outcome counts (overall and per target) and every failing case; exits 1 when a case failed.
 *
 * @packageDocumentation
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { initBackend } from '@hyperprompt/core';
import { createFuzzFixtures, type FuzzCase, runFuzzCase, summarizeFuzz } from './fuzz';

/** Options of a fuzz run. */
interface FuzzOptions {
  readonly cases: number;
  readonly seed: number;
  readonly first: number;
  readonly timeoutMs: number;
  readonly verbose: boolean;
  readonly json: boolean;
}

/** What the worker is told. */
interface WorkerTask {
  readonly seed: number;
  readonly from: number;
  readonly to: number;
}

/** What the worker posts. */
type WorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'start'; readonly pending: PendingCase }
  | { readonly type: 'case'; readonly result: FuzzCase };

/** A case that has started and not reported yet. */
type PendingCase = Omit<FuzzCase, 'outcome' | 'ok'>;

const USAGE = `usage: main.js [--cases N (2000)] [--seed S (1)] [--first I (0)] [--timeout-ms T (30000)] [--verbose] [--json]`;

function parseArgs(argv: readonly string[]): FuzzOptions {
  const options = { cases: 2000, seed: 1, first: 0, timeoutMs: 30_000, verbose: false, json: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const number = (): number => {
      const value = Number(argv[++i]);
      if (!Number.isSafeInteger(value) || value < 0)
        throw new Error(`${arg}: expected an integer >= 0\n${USAGE}`);
      return value;
    };
    if (arg === '--cases') options.cases = number();
    else if (arg === '--seed') options.seed = number();
    else if (arg === '--first') options.first = number();
    else if (arg === '--timeout-ms') options.timeoutMs = number();
    else if (arg === '--verbose') options.verbose = true;
    else if (arg === '--json') options.json = true;
    else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  return options;
}

/** Worker side: builds the fixtures and runs cases [from, to), posting each result. */
async function work(task: WorkerTask): Promise<void> {
  const port = parentPort;
  if (port === null) return;
  await initBackend({ prefer: ['cpu'], log: () => undefined }); // cpu: no threads, no banner
  const fixtures = createFuzzFixtures(mkdtempSync(join(tmpdir(), 'hyperprompt-fuzz-')));
  try {
    port.postMessage({ type: 'ready' } satisfies WorkerMessage);
    for (let index = task.from; index < task.to; index++) {
      const result = await runFuzzCase(fixtures, task.seed, index, (pending) => {
        port.postMessage({ type: 'start', pending } satisfies WorkerMessage);
      });
      port.postMessage({ type: 'case', result } satisfies WorkerMessage);
    }
  } finally {
    fixtures.dispose();
  }
}

/** Main side: runs every case in workers under a watchdog. */
function runAll(options: FuzzOptions, progress: (done: number) => void): Promise<FuzzCase[]> {
  const results: FuzzCase[] = [];
  const end = options.first + options.cases;
  return new Promise((resolve) => {
    const start = (from: number): void => {
      if (from >= end) {
        resolve(results);
        return;
      }
      let next = from;
      let pending: PendingCase | undefined;
      let last = Date.now();
      let finished = false;
      const worker = new Worker(__filename, { workerData: { seed: options.seed, from, to: end } });
      /** Records the case in progress as failed and continues after it in a new worker. */
      const fail = (outcome: string, detail: string): void => {
        if (finished) return;
        finished = true;
        clearInterval(watchdog);
        const what =
          pending?.index === next
            ? pending
            : { index: next, target: 'setup' as const, file: '-', mutation: '-' };
        results.push({ ...what, outcome, ok: false, detail });
        void worker.terminate().then(() => start(next + 1));
      };
      const watchdog = setInterval(() => {
        if (Date.now() - last > options.timeoutMs) fail('hang', `no result within ${options.timeoutMs} ms`);
      }, 250);
      worker.on('message', (message: WorkerMessage) => {
        last = Date.now();
        if (message.type === 'start') pending = message.pending;
        if (message.type === 'case') {
          results.push(message.result);
          next = message.result.index + 1;
          progress(results.length);
        }
      });
      worker.on('error', (error) => fail('worker crash', String(error)));
      worker.on('exit', (code) => {
        if (next < end) fail('worker exit', `the worker exited with code ${code}`);
        else if (!finished) {
          finished = true;
          clearInterval(watchdog);
          resolve(results);
        }
      });
    };
    start(options.first);
  });
}

function table(counts: Readonly<Record<string, number>>): string {
  return Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([outcome, n]) => `  ${outcome.padEnd(28)} ${String(n).padStart(6)}`)
    .join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  let options: FuzzOptions;
  try {
    options = parseArgs(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  const started = performance.now();
  const results = await runAll(options, (done) => {
    if (!options.json && process.stderr.isTTY && done % 50 === 0)
      process.stderr.write(`\r${done}/${options.cases}`);
  });
  const seconds = (performance.now() - started) / 1000;
  const summary = summarizeFuzz(results.sort((a, b) => a.index - b.index));
  if (options.json) {
    process.stdout.write(
      `${JSON.stringify({ seed: options.seed, first: options.first, seconds, ...summary })}\n`,
    );
  } else {
    const out: string[] = [
      `fuzz: ${summary.cases} cases (seed ${options.seed}, first ${options.first}) in ${seconds.toFixed(1)} s`,
      'outcomes:',
      table(summary.outcomes),
      ...Object.entries(summary.byTarget).flatMap(([target, counts]) => [`${target}:`, table(counts)]),
    ];
    if (options.verbose) {
      for (const c of results)
        out.push(
          `case ${c.index} ${c.target} ${c.file}: ${c.mutation} -> ${c.outcome}${c.detail ? `: ${c.detail}` : ''}`,
        );
    }
    out.push(`failures: ${summary.failures.length}`);
    for (const c of summary.failures) {
      out.push(
        `  case ${c.index} (${c.target}, ${c.file}): ${c.mutation} -> ${c.outcome}: ${c.detail ?? ''}`,
      );
    }
    process.stdout.write(`${out.join('\n')}\n`);
  }
  return summary.failures.length === 0 ? 0 : 1;
}

if (isMainThread) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
} else {
  void work(workerData as WorkerTask);
}
