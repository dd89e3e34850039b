/**
 * Progress output of training runs: a live bar on a terminal (cli-progress: step, loss,
 * steps/s, ETA) and plain lines otherwise (every tenth of the run, for CI logs).
 *
 * @packageDocumentation
 */
import { SingleBar } from 'cli-progress';
import type { TrainProgress } from '../train/trainer-config';

/** Receives a run's progress; `stop` is called once at the end. */
export interface ProgressSink {
  /** After every step. */
  readonly update: (progress: TrainProgress) => void;
  /** After the last step (or on failure). */
  readonly stop: () => void;
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
  if (tty) {
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
        const payload = {
          loss: p.loss.toFixed(3),
          rate: p.stepsPerSecond.toFixed(1),
          eta_text: seconds(p.etaSeconds),
        };
        if (!started) {
          bar.start(p.steps, p.step, payload);
          started = true;
        } else bar.update(p.step, payload);
      },
      stop: () => {
        if (started) bar.stop();
      },
    };
  }
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
