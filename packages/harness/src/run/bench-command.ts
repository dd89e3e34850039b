/**
 * `hyperprompt bench`: the methods' training-step time relative to plain multi-task T5 on
 * the reference workload, as a table or JSON lines.
 *
 * @packageDocumentation
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { initBackend } from '@hyperprompt/core';
import { BENCH_SHAPE, BENCH_WORKLOADS, runMethodBench } from '../bench';
import { writeLine } from '../cli/context';
import type { BenchCommandOptions, CommandHandler } from '../cli/handlers';

/** The `bench` handler. */
export const runBenchCommand: CommandHandler<BenchCommandOptions> = async (options, { io, cwd }) => {
  if (options.list) {
    for (const w of BENCH_WORKLOADS) io.stdout(`${w.name}\n`);
    return 0;
  }
  const prefer =
    options.backend === undefined ? undefined : [options.backend === 'node' ? 'tensorflow' : options.backend];
  const backend = await initBackend({
    ...(prefer ? { prefer: prefer as never } : {}),
    log: (l) => writeLine(io.stderr, l),
  });
  writeLine(
    io.stderr,
    `training step, batch ${BENCH_SHAPE.batch} (${BENCH_SHAPE.tasks} tasks mixed), input ${BENCH_SHAPE.inputLength}, target ${BENCH_SHAPE.targetLength}; ${options.steps} interleaved rounds`,
  );
  const results = await runMethodBench({
    ...(options.workloads.length > 0 ? { workloads: options.workloads } : {}),
    steps: options.steps,
    warmup: options.warmup,
  });
  const lines = results.map((r) => ({ ...r, backend: backend.name, threads: backend.threads }));
  if (options.out !== undefined)
    writeFileSync(resolve(cwd, options.out), `${JSON.stringify(lines, null, 2)}\n`);
  if (options.json) {
    for (const l of lines) io.stdout(`${JSON.stringify(l)}\n`);
  } else {
    io.stdout('| workload | ms/step | vs MTL | added parameters |\n|---|---:|---:|---:|\n');
    for (const r of results) {
      io.stdout(
        `| ${r.workload} | ${r.msPerStep.toFixed(1)} | ${r.ratioToMtl.toFixed(3)}x | ${r.addedParameters.toLocaleString('en-US')} |\n`,
      );
    }
  }
  return 0;
};
