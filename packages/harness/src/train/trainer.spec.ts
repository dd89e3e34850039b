/**
 * The trainer on a tiny T5 with a Prompt-Tuning module and mixed-task batches of the
 * synthetic suite: no tensor leak per step, only the chosen variables change, the loss
 * falls, callbacks and cadences, and settings validation.
 */
import { expectNoTensorLeak } from '@hyperprompt/core/testing';
import { Evaluator } from './evaluator';
import { Trainer } from './trainer';
import type { TrainProgress } from './trainer-config';
import {
  useWasm,
  evalTasks,
  promptModule,
  snapshot,
  tinyModel,
  tokenizer,
  trainTasks,
} from './__fixtures__/setup';

describe('Trainer', () => {
  beforeAll(async () => {
    await useWasm();
  });

  it('takes steps without leaking tensors; method policy changes only the method', async () => {
    const model = tinyModel();
    const pt = promptModule(model);
    const trainer = new Trainer({
      model,
      modules: [pt],
      tasks: trainTasks(),
      optimizer: { kind: 'adamw' },
      schedule: { lr: 1e-2 },
      settings: { trainable: 'method', batchSize: 4, clipNorm: 1, labelSmoothing: 0.1 },
    });
    trainer.trainStep(); // creates the optimiser slots
    const backboneBefore = snapshot([model]);
    const methodBefore = snapshot([pt]);
    const result = await expectNoTensorLeak(() => trainer.trainStep(), 'a training step');
    expect(result.step).toBe(2);
    expect(Number.isFinite(result.loss)).toBe(true);
    expect(result.lr).toBe(1e-2);
    expect(snapshot([model])).toEqual(backboneBefore);
    expect(snapshot([pt])).not.toEqual(methodBefore);
    trainer.dispose();
    pt.dispose();
    model.dispose();
  });

  it('lowers the loss, reports progress, logs the trainable count, evaluates on the cadence', async () => {
    const model = tinyModel(0, 0);
    const progress: TrainProgress[] = [];
    const lines: string[] = [];
    const evaluator = new Evaluator(tokenizer(), evalTasks(), { maxExamples: 2 });
    const trainer = new Trainer({
      model,
      tasks: trainTasks(),
      evaluator,
      optimizer: { kind: 'adafactor' },
      schedule: { lr: 1e-2 },
      settings: { steps: 12, batchSize: 8, evalEvery: 5, logEvery: 4 },
      onProgress: (p) => progress.push(p),
      log: (line) => lines.push(line),
    });
    const summary = await trainer.train();
    expect(lines[0]).toMatch(/^trainable \(all\): /);
    expect(progress.map((p) => p.step)).toEqual([...Array(12).keys()].map((i) => i + 1));
    expect(progress.every((p) => p.steps === 12 && p.stepsPerSecond > 0 && p.etaSeconds >= 0)).toBe(true);
    expect(progress[11].etaSeconds).toBe(0);
    const first = (progress[0].loss + progress[1].loss) / 2;
    const last = (progress[10].loss + progress[11].loss) / 2;
    expect(last).toBeLessThan(first);
    expect(summary.evals.map((e) => e.step)).toEqual([5, 10, 12]);
    expect(summary.losses.map((l) => l.step)).toEqual([4, 8, 12]);
    expect(summary.best?.perTask['syn-sentiment']).toBeDefined();
    expect(summary.stepMs).toHaveLength(12);
    expect(summary.aborted).toBe(false);
    expect(trainer.step).toBe(12);
    expect((await trainer.train()).stepMs).toHaveLength(0); // already done
    trainer.dispose();
    model.dispose();
  });

  it('stops on an abort signal', async () => {
    const model = tinyModel();
    const controller = new AbortController();
    const trainer = new Trainer({
      model,
      tasks: trainTasks(),
      settings: { steps: 50, batchSize: 2 },
      onProgress: (p) => {
        if (p.step === 2) controller.abort();
      },
    });
    const summary = await trainer.train({ signal: controller.signal });
    expect(summary).toMatchObject({ step: 2, aborted: true });
    trainer.dispose();
    model.dispose();
  });

  it('validates settings and task lists', () => {
    const model = tinyModel();
    const tasks = trainTasks();
    expect(() => new Trainer({ model, tasks, settings: { steps: 0 } })).toThrow(/train.steps/);
    expect(() => new Trainer({ model, tasks, settings: { clipNorm: -1 } })).toThrow(/clipNorm/);
    expect(() => new Trainer({ model, tasks, settings: { lr: 1 } as never })).toThrow(/train.lr/);
    expect(() => new Trainer({ model, tasks: [] })).toThrow(/tasks/);
    expect(() => new Trainer({ model, tasks, settings: { trainable: 'method' } })).toThrow(/trainable/);
    const evaluator = new Evaluator(tokenizer(), evalTasks().reverse());
    expect(() => new Trainer({ model, tasks, evaluator })).toThrow(/evaluator.tasks/);
    model.dispose();
  });
});
