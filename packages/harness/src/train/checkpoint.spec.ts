/**
 * Run checkpoints: an interrupted-then-resumed run (6 steps, save, new objects, load, 6 more)
 * ends bit-identical to an uninterrupted 12-step run (tiny T5 with dropout, a Prompt-Tuning
 * module, mixed-task batches); the layout is atomic; foreign checkpoints are refused; the
 * initial backbone loader reads presets, HF folders and saved runs.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CheckpointError, ConfigError } from '@hyperprompt/core';
import { expectNoTensorLeak } from '@hyperprompt/core/testing';
import { loadBackbone } from './backbone';
import { CHECKPOINT_FILES, latestCheckpoint, readTrainState } from './checkpoint';
import type { OptimizerConfig } from './create-optimizer';
import { Evaluator } from './evaluator';
import { Trainer } from './trainer';
import type { TrainablePolicy } from './trainable';
import {
  useWasm,
  evalTasks,
  promptModule,
  snapshot,
  tinyModel,
  tokenizer,
  trainTasks,
} from './__fixtures__/setup';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'harness-train-'));
}

function makeTrainer(
  optimizer: OptimizerConfig,
  dir?: string,
  withEval = false,
  trainable: TrainablePolicy = 'all',
) {
  const model = tinyModel(3, 0.1);
  const pt = promptModule(model, 4);
  const trainer = new Trainer({
    model,
    modules: [pt],
    tasks: trainTasks(),
    optimizer,
    schedule: { kind: 'linear', lr: 1e-2, warmupSteps: 3, totalSteps: 12 },
    settings: {
      steps: 12,
      batchSize: 4,
      seed: 5,
      clipNorm: 1,
      logEvery: 2,
      evalEvery: withEval ? 6 : 0,
      trainable,
    },
    checkpointDir: dir,
    evaluator: withEval ? new Evaluator(tokenizer(), evalTasks(), { maxExamples: 2 }) : undefined,
  });
  const dispose = (): void => {
    trainer.dispose();
    pt.dispose();
    model.dispose();
  };
  return { model, pt, trainer, dispose };
}

describe('checkpoints', () => {
  beforeAll(async () => {
    await useWasm();
  });

  it('resume is bit-identical to an uninterrupted run', async () => {
    const optimizer: OptimizerConfig = { kind: 'adafactor', beta1: 0.9 };
    const straight = makeTrainer(optimizer);
    await straight.trainer.train();
    const expected = snapshot([straight.model, straight.pt]);
    const expectedState = straight.trainer.state();
    straight.dispose();

    const dir = tempDir();
    const first = makeTrainer(optimizer, dir, true);
    for (let i = 0; i < 6; i++) first.trainer.trainStep();
    first.trainer.evaluate();
    first.trainer.save();
    first.dispose();

    const second = makeTrainer(optimizer, dir);
    expect(second.trainer.restore()).toBe(true);
    expect(second.trainer.step).toBe(6);
    expect(second.trainer.state().evals.map((e) => e.step)).toEqual([6]);
    await second.trainer.train();
    const resumed = snapshot([second.model, second.pt]);
    expect([...resumed.keys()]).toEqual([...expected.keys()]);
    for (const [name, values] of expected) expect(resumed.get(name)).toEqual(values);
    const state = second.trainer.state();
    expect(state.losses).toEqual(expectedState.losses);
    expect(state.sampler).toEqual(expectedState.sampler);
    expect(state.rng).toEqual(expectedState.rng);
    expect(state.optimizer).toEqual(expectedState.optimizer);
    second.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes one complete step folder and latest.json, prunes older ones, loads without leaks', async () => {
    const dir = tempDir();
    const run = makeTrainer({ kind: 'adafactor' }, dir);
    run.trainer.trainStep();
    run.trainer.save();
    run.trainer.trainStep();
    const folder = run.trainer.save();
    expect(fs.readdirSync(dir).sort()).toEqual(['latest.json', 'step-00000002']);
    expect(latestCheckpoint(dir)).toBe(folder);
    expect(fs.readdirSync(folder).sort()).toEqual(
      [
        CHECKPOINT_FILES.backbone,
        CHECKPOINT_FILES.modules,
        CHECKPOINT_FILES.optimizer,
        CHECKPOINT_FILES.state,
      ].sort(),
    );
    expect(readTrainState(folder)).toMatchObject({
      step: 2,
      modules: ['prompt-tuning'],
      trainable: { policy: 'all' },
    });
    await expectNoTensorLeak(() => run.trainer.restore(), 'restore');
    expect(run.trainer.step).toBe(2);
    expect(latestCheckpoint(tempDir())).toBeUndefined();
    run.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses checkpoints of another setup', () => {
    const dir = tempDir();
    const run = makeTrainer({ kind: 'adafactor' }, dir);
    run.trainer.trainStep();
    run.trainer.save();
    const adam = makeTrainer({ kind: 'adamw' }, dir);
    expect(() => adam.trainer.restore()).toThrow(CheckpointError);
    const model = tinyModel();
    const fewerTasks = new Trainer({ model, tasks: trainTasks().slice(0, 2), checkpointDir: dir });
    expect(() => fewerTasks.restore()).toThrow(ConfigError);
    const frozen = makeTrainer({ kind: 'adafactor' }, dir, false, 'method');
    expect(() => frozen.trainer.restore()).toThrow(/train.trainable/);
    frozen.dispose();
    const noModules = new Trainer({ model, tasks: trainTasks(), checkpointDir: dir });
    expect(() => noModules.restore()).toThrow(/modules/);
    fs.writeFileSync(path.join(dir, CHECKPOINT_FILES.latest), '{"folder": "../elsewhere"}');
    expect(() => latestCheckpoint(dir)).toThrow(CheckpointError);
    [run, adam].forEach((r) => r.dispose());
    model.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a state.json with a field of the wrong type, naming it (found by the fuzzer)', () => {
    const dir = tempDir();
    const run = makeTrainer({ kind: 'adafactor' }, dir);
    run.trainer.trainStep();
    const folder = run.trainer.save();
    const file = path.join(folder, CHECKPOINT_FILES.state);
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    const cases: [Record<string, unknown> | null, string | undefined, RegExp][] = [
      [{ ...saved, modules: 1.5 }, 'modules', /expected an array of method kinds, got 1\.5/],
      [{ ...saved, optimizer: null }, 'optimizer', /expected \{ kind, step \}, got null/],
      [{ ...saved, rng: { seed: 1, words: {} } }, 'rng', /expected \{ seed, words: \[4 integers\] \}/],
      [{ ...saved, losses: [{ step: 1, loss: null }] }, 'losses', /expected an array of \{ step, loss \}/],
      [null, '(root)', /expected a JSON object, got null/],
    ];
    for (const [state, key, reason] of cases) {
      fs.writeFileSync(file, JSON.stringify(state));
      let error: unknown;
      try {
        run.trainer.restore();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CheckpointError);
      expect(error).toMatchObject({ file, key });
      expect((error as Error).message).toMatch(reason);
    }
    run.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('loads the initial backbone from a preset, a Hugging Face folder or a saved run', () => {
    const dir = tempDir();
    const preset = loadBackbone({ kind: 'preset', preset: 'tiny', overrides: { vocabSize: 200 }, seed: 2 });
    expect(preset.config.vocabSize).toBe(200);
    preset.save(path.join(dir, 'hf'));
    const pretrained = loadBackbone({ kind: 'pretrained', dir: path.join(dir, 'hf') });
    expect(snapshot([pretrained])).toEqual(snapshot([preset]));
    const run = makeTrainer({ kind: 'adafactor' }, path.join(dir, 'run'));
    run.trainer.trainStep();
    run.trainer.save();
    const fromRun = loadBackbone({ kind: 'run', dir: path.join(dir, 'run') });
    expect(snapshot([fromRun])).toEqual(snapshot([run.model]));
    expect(() => loadBackbone({ kind: 'run', dir })).toThrow(CheckpointError);
    expect(() => loadBackbone({ kind: 'zoo' } as never)).toThrow(/backbone.kind/);
    [preset, pretrained, fromRun].forEach((m) => m.dispose());
    run.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
