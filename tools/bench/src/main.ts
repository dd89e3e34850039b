/**
 * Benchmark entry point. Runs every configuration (native tensorflow when installed, wasm
 * with 1 and 2 threads, cpu at small sizes) in its own child process, `--rounds` times in
 * alternation, pools the samples and prints Markdown tables; `--json <file>` also writes the
 * raw results. Progress goes to stderr, tables to stdout.
 *
 * Usage: `node dist/main.js [--quick] [--json out.json] [--rounds 2] [--configs wasm-1,wasm-2]`,
 * or `node dist/main.js <workload> [<workload> ...]` for the named T5 workloads
 * (`t5-train-ref`, `t5-forward-ref`, `t5-generate-ref-cached`, `t5-generate-ref-uncached`),
 * which print one JSON line each on the backend `initBackend` picks.
 *
 * @packageDocumentation
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { comparisonTable, configTable, mergeRounds } from './report';
import { runT5Workload, T5_WORKLOADS, type T5Workload } from './t5-workloads';
import { runConfig, type ConfigResult } from './worker';

/** Command-line options. */
interface Options {
  readonly quick: boolean;
  readonly json: string | undefined;
  readonly rounds: number;
  readonly configs: readonly string[];
  readonly worker: string | undefined;
}

const DEFAULT_CONFIGS = ['tensorflow', 'wasm-1', 'wasm-2', 'cpu'];
const USAGE =
  'usage: main.js [--quick] [--json <file>] [--rounds <n>] [--configs tensorflow,wasm-1,wasm-2,cpu]';

function parseArgs(argv: readonly string[]): Options {
  let quick = false;
  let json: string | undefined;
  let rounds = 1;
  let configs = DEFAULT_CONFIGS;
  let worker: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const value = (): string => {
      if (i + 1 >= argv.length) throw new Error(`${argv[i]} needs a value\n${USAGE}`);
      return argv[++i];
    };
    const arg = argv[i];
    if (arg === '--quick') quick = true;
    else if (arg === '--json') json = value();
    else if (arg === '--rounds') rounds = Number(value());
    else if (arg === '--configs') configs = value().split(',');
    else if (arg === '--worker') worker = value();
    else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  if (!Number.isInteger(rounds) || rounds < 1)
    throw new Error(`--rounds must be a positive integer\n${USAGE}`);
  for (const id of configs) parseConfig(id);
  return { quick, json, rounds, configs, worker };
}

/** `tensorflow`, `cpu` or `wasm-<threads>` -> the environment of its child process. */
function parseConfig(id: string): { backend: string; threads: string } {
  const wasm = /^wasm-([1-8])$/.exec(id);
  if (wasm) return { backend: 'wasm', threads: wasm[1] };
  if (id === 'cpu' || id === 'tensorflow') return { backend: id, threads: '1' };
  throw new Error(`unknown configuration ${id}: expected tensorflow, cpu or wasm-<1..8>\n${USAGE}`);
}

function tfjsNodeInstalled(): boolean {
  try {
    require.resolve('@tensorflow/tfjs-node');
    return true;
  } catch {
    return false;
  }
}

function runChild(id: string, quick: boolean): Promise<ConfigResult> {
  const { backend, threads } = parseConfig(id);
  const args = [...process.execArgv, __filename, '--worker', id, ...(quick ? ['--quick'] : [])];
  const env = { ...process.env, HYPERPROMPT_BACKEND: backend, HYPERPROMPT_THREADS: threads };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const last = stdout.trim().split('\n').pop() ?? '';
      if (code === 0 && last.startsWith('{')) resolve(JSON.parse(last) as ConfigResult);
      else reject(new Error(`configuration ${id} exited with code ${code}`));
    });
  });
}

async function orchestrate(options: Options): Promise<void> {
  const configs = options.configs.filter((id) => id !== 'tensorflow' || tfjsNodeInstalled());
  const skipped: string[] = options.configs
    .filter((id) => !configs.includes(id))
    .map((id) => `${id}: not installed`);
  const rounds = new Map<string, ConfigResult[]>();
  for (let round = 1; round <= options.rounds; round++) {
    for (const id of configs) {
      if (skipped.some((s) => s.startsWith(`${id}:`))) continue;
      process.stderr.write(`[bench] round ${round}/${options.rounds}: ${id}\n`);
      try {
        rounds.set(id, [...(rounds.get(id) ?? []), await runChild(id, options.quick)]);
      } catch (error) {
        if (id !== 'tensorflow') throw error;
        skipped.push(`${id}: failed to load (see its log above)`);
      }
    }
  }
  const results = [...rounds.values()].map(mergeRounds);
  const cpu = os.cpus();
  const header = [
    `## HyperPrompt kernel benchmark (${options.quick ? 'quick' : 'full'}, ${options.rounds} round(s))`,
    '',
    `${cpu.length} x ${cpu[0]?.model ?? 'unknown cpu'}, Node ${process.version}. Medians of the timed runs after warm-up;`,
    'every ratio compares runs from the same benchmark invocation.',
    ...(skipped.length > 0 ? ['', `Skipped: ${skipped.join('; ')}.`] : []),
  ];
  const sections = [header.join('\n'), ...results.map(configTable)];
  const threads = comparisonTable(results, 'wasm-1', 'wasm-2');
  if (threads !== undefined) sections.push(threads);
  process.stdout.write(`${sections.join('\n\n')}\n`);
  if (options.json !== undefined) {
    const payload = {
      generatedAt: new Date().toISOString(),
      node: process.version,
      cpus: cpu.length,
      cpuModel: cpu[0]?.model,
      options,
      skipped,
      results,
    };
    writeFileSync(options.json, `${JSON.stringify(payload, null, 2)}\n`);
    process.stderr.write(`[bench] wrote ${options.json}\n`);
  }
}

function isWorkload(arg: string): arg is T5Workload {
  return (T5_WORKLOADS as readonly string[]).includes(arg);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const named = argv.filter((a) => !a.startsWith('-'));
  if (named.length > 0 && named.length === argv.length) {
    const unknown = named.filter((a) => !isWorkload(a));
    if (unknown.length > 0)
      throw new Error(`unknown workload ${unknown.join(', ')}: expected ${T5_WORKLOADS.join(', ')}`);
    for (const workload of named.filter(isWorkload)) {
      process.stderr.write(`[bench] ${workload}\n`);
      process.stdout.write(`${JSON.stringify(await runT5Workload(workload))}\n`);
    }
    return;
  }
  const options = parseArgs(argv);
  if (options.worker !== undefined) {
    const result = await runConfig(options.worker, options.quick);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } else {
    await orchestrate(options);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
