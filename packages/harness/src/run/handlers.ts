/**
 * The CLI's delegated commands, implemented with the runner, the reports and the
 * benchmarks: what `bin/hyperprompt` wires into `buildProgram`.
 *
 * @packageDocumentation
 */
import { resolve } from 'node:path';
import { initBackend, THREADS_ENV } from '@hyperprompt/core';
import { type CliContext, writeLine } from '../cli/context';
import type { CommandHandlers, RunLikeOptions } from '../cli/handlers';
import { formatRunPlan, type LoadedExperiment, loadExperiments, loadSweep, planRuns } from '../experiment';
import { writeReport } from '../report';
import { runBenchCommand } from './bench-command';
import { predictCommand } from './predict';
import { runPlan, type RunOutcome } from './run-plan';
import type { WorkerBackendOptions } from './workers/messages';
import { allSmallBackbones, defaultWorkers } from './workers/parallelism';

function outcomeJson(outcomes: readonly RunOutcome[]): string {
  return JSON.stringify(
    outcomes.map((o) => ({
      id: o.planned.run.id,
      label: o.planned.run.config.label,
      seed: o.planned.run.seed,
      status: o.status,
      folder: o.planned.folder,
      ...(o.result ? { average: o.result.best.perTaskAverage, msPerStep: o.result.timing.msPerStep } : {}),
      ...(o.error === undefined ? {} : { error: o.error }),
    })),
  );
}

async function runExperiments(
  experiments: readonly LoadedExperiment[],
  options: RunLikeOptions,
  { io, cwd }: CliContext,
): Promise<number> {
  const results = resolve(cwd, options.results);
  const plan = planRuns(experiments, results, { seeds: options.seeds, shard: options.shard });
  if (options.dryRun) {
    io.stdout(
      options.json
        ? `${JSON.stringify(plan.map((p) => ({ id: p.run.id, done: p.done })))}\n`
        : formatRunPlan(plan),
    );
    return 0;
  }
  const log = (line: string): void => writeLine(io.stderr, line);
  const oneThread = process.env[THREADS_ENV] === undefined && (await allSmallBackbones(experiments));
  const backend: WorkerBackendOptions = {
    ...(options.backend === undefined
      ? {}
      : { prefer: [options.backend === 'node' ? 'tensorflow' : options.backend] }),
    ...(oneThread ? { threads: 1 } : {}),
  };
  const workers = options.workers ?? (await defaultWorkers(plan, { force: options.force, backend }));
  // With workers, each worker process initialises its own backend.
  if (workers === 1 && (options.backend !== undefined || oneThread)) {
    await initBackend({ ...backend, log });
  }
  const controller = new AbortController();
  const onSignal = (): void => {
    writeLine(io.stderr, 'interrupted: saving a checkpoint; rerun the same command to continue');
    controller.abort();
  };
  process.once('SIGINT', onSignal);
  let outcomes: RunOutcome[];
  try {
    outcomes = await runPlan(plan, {
      force: options.force,
      write: io.stderr,
      tty: options.progress && io.isTTY === true,
      signal: controller.signal,
      workers,
      backend,
    });
  } finally {
    process.removeListener('SIGINT', onSignal);
  }
  if (options.json) io.stdout(`${outcomeJson(outcomes)}\n`);
  if (outcomes.some((o) => o.status === 'ran' || o.status === 'skipped')) {
    const report = await writeReport(results);
    if (!options.json) io.stdout(`${report.table}\n\nreport: ${report.report}\n`);
  }
  return outcomes.some((o) => o.status === 'aborted' || o.status === 'failed') ? 1 : 0;
}

/** The handlers of `run`, `sweep`, `report`, `predict` and `bench`. */
export const runnerHandlers: CommandHandlers = {
  run: async (options, context) =>
    runExperiments(await loadExperiments(resolve(context.cwd, options.path)), options, context),
  sweep: async (options, context) =>
    runExperiments(await loadSweep(resolve(context.cwd, options.file)), options, context),
  report: async (options, { io, cwd }) => {
    const results = resolve(cwd, options.results);
    const files = await writeReport(
      results,
      options.out === undefined ? results : resolve(cwd, options.out),
      {
        select: options.select,
        plots: options.plots,
        ...(options.baseline === undefined ? {} : { referenceLabel: options.baseline }),
      },
    );
    if (options.json) {
      io.stdout(`${JSON.stringify({ report: files.report, summary: files.summary, plots: files.plots })}\n`);
    } else io.stdout(`${files.table}\n\nreport: ${files.report}\n`);
    return 0;
  },
  predict: predictCommand,
  bench: runBenchCommand,
};
