/**
 * Runs a list of planned runs one after the other (skipping finished ones unless forced),
 * with progress output, and returns what each did. This is `hyperprompt run` / `sweep` and
 * the main job of `npm start`.
 *
 * @packageDocumentation
 */
import { rmSync } from 'node:fs';
import type { PlannedRun } from '../experiment';
import type { RunResult } from '../result';
import { executeRun } from './execute-run';
import { progressSink } from './progress';

/** Options of {@link runPlan}. */
export interface RunPlanOptions {
  /** Re-run finished runs (their folders are cleared first). @defaultValue false */
  readonly force?: boolean;
  /** Where progress and log lines go. @defaultValue nowhere */
  readonly write?: (text: string) => void;
  /** Draw live progress bars (a terminal) instead of lines. @defaultValue false */
  readonly tty?: boolean;
  /** Stops after the current step of the current run. */
  readonly signal?: AbortSignal;
}

/** What happened to one planned run. */
export interface RunOutcome {
  /** The planned run. */
  readonly planned: PlannedRun;
  /** `ran`, `skipped` (already done) or `aborted`. */
  readonly status: 'ran' | 'skipped' | 'aborted';
  /** The result, when it ran to the end. */
  readonly result?: RunResult;
}

/**
 * Executes every run of a plan in order.
 *
 * @param plan - from `planRuns`.
 * @param options - force, output, abort.
 * @returns one outcome per planned run, in order (stops early when aborted).
 */
export async function runPlan(
  plan: readonly PlannedRun[],
  options: RunPlanOptions = {},
): Promise<RunOutcome[]> {
  const write = options.write ?? ((): void => undefined);
  const outcomes: RunOutcome[] = [];
  for (const [i, planned] of plan.entries()) {
    const title = `[${i + 1}/${plan.length}] ${planned.run.config.label} seed ${planned.run.seed}`;
    if (planned.done && options.force !== true) {
      write(`${title}: done already (${planned.folder}), skipped\n`);
      outcomes.push({ planned, status: 'skipped' });
      continue;
    }
    if (planned.done) rmSync(planned.folder, { recursive: true, force: true });
    const sink = progressSink(title, write, options.tty === true);
    let result: RunResult | undefined;
    try {
      result = await executeRun(planned, {
        onProgress: sink.update,
        log: (line) => write(`${title}: ${line}\n`),
        signal: options.signal,
      });
    } finally {
      sink.stop();
    }
    if (result === undefined) {
      outcomes.push({ planned, status: 'aborted' });
      break;
    }
    write(
      `${title}: average ${result.best.perTaskAverage.toFixed(1)} (best per task), ${result.timing.msPerStep.toFixed(0)} ms/step, ${result.timing.wallSeconds.toFixed(0)} s\n`,
    );
    outcomes.push({ planned, status: 'ran', result });
  }
  return outcomes;
}
