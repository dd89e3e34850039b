/**
 * Progress output of training runs: a live bar on a terminal (cli-progress: step, loss,
 * steps/s, ETA) and plain lines otherwise (every tenth of the run, for CI logs). Several runs
 * at once (worker processes) share a {@link progressBoard}: one bar per active run on a
 * terminal, interleaved lines prefixed with the run's title otherwise.
 *
 * @packageDocumentation
 */
import { MultiBar, type SingleBar as Bar, SingleBar } from 'cli-progress';
import type { PlannedRun } from '../experiment';
import type { RunResult } from '../result';
import type { TrainProgress } from '../train/trainer-config';

/** Receives a run's progress; `stop` is called once at the end. */
export interface ProgressSink {
  /** After every step. */
  readonly update: (progress: TrainProgress) => void;
  /** After the last step (or on failure). */
  readonly stop: () => void;
}

/**
 * The title of a run in progress output, e.g. `[3/14] HyperPrompt-Global seed 0`.
 *
 * @param index - the run's 0-based position in its plan.
 * @param count - the number of planned runs.
 * @param planned - the run.
 * @returns the title.
 */
export function runTitle(index: number, count: number, planned: PlannedRun): string {
  return `[${index + 1}/${count}] ${planned.run.config.label} seed ${planned.run.seed}`;
}

/**
 * The line printed when a run ends: best average, median step time, wall time.
 *
 * @param title - from {@link runTitle}.
 * @param result - the run's result.
 * @returns the line, with its newline.
 */
export function runSummaryLine(title: string, result: RunResult): string {
  return `${title}: average ${result.best.perTaskAverage.toFixed(1)} (best per task), ${result.timing.msPerStep.toFixed(0)} ms/step, ${result.timing.wallSeconds.toFixed(0)} s\n`;
}

function seconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${Math.round(s)}s`;
}

/**
 * A progress sink for one run.
 *
 * @param title - shown before the bar, e.g. `[3/14] HyperPrompt-Global seed 0`.
 * @param write - where lines go (standard error).
 * @param tty - draw a live bar (a terminal) or print lines.
 * @returns the sink.
 */
export function progressSink(title: string, write: (text: string) => void, tty: boolean): ProgressSink {
  if (!tty) return lineSink(title, write);
  const bar = new SingleBar({
    format: `${title} [{bar}] {value}/{total} loss {loss} | {rate} steps/s | ETA {eta_text}`,
    hideCursor: true,
    clearOnComplete: false,
    barsize: 24,
    stream: process.stderr,
  });
  let started = false;
  return {
    update(p) {
      if (!started) {
        bar.start(p.steps, p.step, payloadOf(p));
        started = true;
      } else bar.update(p.step, payloadOf(p));
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

function payloadOf(p: TrainProgress): { loss: string; rate: string; eta_text: string } {
  return { loss: p.loss.toFixed(3), rate: p.stepsPerSecond.toFixed(1), eta_text: seconds(p.etaSeconds) };
}

/** Plain lines, every tenth of the run and at its last step. */
function lineSink(title: string, write: (text: string) => void): ProgressSink {
  let next = 0;
  return {
    update(p) {
      if (p.step < next && p.step !== p.steps) return;
      next = p.step + Math.max(1, Math.ceil(p.steps / 10));
      write(
        `${title} step ${p.step}/${p.steps} loss ${p.loss.toFixed(3)} ${p.stepsPerSecond.toFixed(1)} steps/s ETA ${seconds(p.etaSeconds)}\n`,
      );
    },
    stop: () => undefined,
  };
}

/** Progress output shared by several runs that execute at the same time. */
export interface ProgressBoard {
  /** A sink for one run; its bar (on a terminal) disappears when the sink is stopped. */
  readonly sink: (title: string) => ProgressSink;
  /** Writes log text (whole lines) without breaking the bars. */
  readonly write: (text: string) => void;
  /** Ends the output (after every run). */
  readonly stop: () => void;
}

/**
 * Progress output for runs executing at the same time: on a terminal one live bar per active
 * run (cli-progress `MultiBar`) with log lines printed above the bars; otherwise the line
 * output of {@link progressSink}, each line prefixed with its run's title, so interleaved
 * lines stay readable in CI logs.
 *
 * @param write - where lines go (standard error).
 * @param tty - draw live bars (a terminal) or print lines.
 * @returns the board.
 */
export function progressBoard(write: (text: string) => void, tty: boolean): ProgressBoard {
  if (!tty) return { sink: (title) => lineSink(title, write), write, stop: () => undefined };
  const bars = new MultiBar({
    format: '{title} [{bar}] {value}/{total} loss {loss} | {rate} steps/s | ETA {eta_text}',
    hideCursor: true,
    clearOnComplete: false,
    barsize: 24,
    stream: process.stderr,
  });
  let active = 0;
  return {
    sink(title) {
      let bar: Bar | undefined;
      return {
        update(p) {
          const payload = { title, ...payloadOf(p) };
          if (bar === undefined) {
            bar = bars.create(p.steps, p.step, payload);
            active++;
          } else bar.update(p.step, payload);
        },
        stop() {
          if (bar === undefined) return;
          bars.remove(bar);
          bar = undefined;
          active--;
        },
      };
    },
    write(text) {
      // While bars are drawn, text goes above them at the next redraw.
      if (active > 0) bars.log(text);
      else write(text);
    },
    stop: () => bars.stop(),
  };
}
