/**
 * The optimisers against reference values: torch.optim.AdamW / Adam and a line-by-line
 * transcription of Hugging Face's Adafactor (scale_parameter=False, relative_step=False),
 * computed by tools/fixtures/optim/make_optim_fixtures.py with torch. Plus exact state round
 * trips, no tensor leaks, and config validation.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { CheckpointError, ConfigError } from '@hyperprompt/core';
import { expectClose, expectNoTensorLeak } from '@hyperprompt/core/testing';
import { AdafactorOptimizer } from './adafactor';
import { AdamOptimizer } from './adam';
import { createOptimizer, type OptimizerConfig } from './create-optimizer';
import type { NamedVariable, TrainOptimizer } from './optimizer';

interface Reference {
  readonly shapes: Record<string, number[]>;
  readonly lrs: number[];
  readonly initial: Record<string, number[]>;
  readonly gradients: Record<string, number[]>[];
  readonly cases: Record<string, { config: Record<string, number>; history: Record<string, number[]>[] }>;
}

const REF = JSON.parse(
  fs.readFileSync(path.join(__dirname, '__fixtures__', 'optim-reference.json'), 'utf8'),
) as Reference;
const NAMES = Object.keys(REF.shapes);

function params(): NamedVariable[] {
  return NAMES.map((name) => ({
    name,
    variable: tf.variable(tf.tensor(REF.initial[name], REF.shapes[name])),
  }));
}

function step(opt: TrainOptimizer, vars: readonly NamedVariable[], t: number): void {
  const grads = NAMES.map((n) => tf.tensor(REF.gradients[t][n], REF.shapes[n]));
  opt.apply(vars, grads, REF.lrs[t]);
  tf.dispose(grads);
}

const CASES: Record<string, OptimizerConfig> = {
  adamw: { kind: 'adamw', ...REF.cases.adamw.config, noDecay: [] },
  'adam-l2': { kind: 'adam', ...REF.cases['adam-l2'].config, noDecay: [] },
  adafactor: { kind: 'adafactor' },
  'adafactor-momentum-decay': { kind: 'adafactor', ...REF.cases['adafactor-momentum-decay'].config },
};

describe('optimisers match the PyTorch / Hugging Face reference', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it.each(Object.keys(CASES))('%s: every parameter after every step', (name) => {
    const opt = createOptimizer(CASES[name]);
    const vars = params();
    REF.cases[name].history.forEach((expected, t) => {
      step(opt, vars, t);
      for (const v of vars) expectClose(v.variable.dataSync(), expected[v.name], { rtol: 2e-5, atol: 1e-6 });
    });
    expect(opt.step).toBe(REF.lrs.length);
    opt.dispose();
    tf.dispose(vars.map((v) => v.variable));
  });

  it('Adafactor factors rank >= 2 (row and column slots) and keeps a full slot for vectors', () => {
    const opt = new AdafactorOptimizer();
    const vars = params();
    step(opt, vars, 0);
    const shapes = Object.fromEntries([...opt.stateTensors()].map(([k, t]) => [k, t.shape]));
    expect(shapes).toEqual({
      'vector#v': [4],
      'matrix#row': [3],
      'matrix#col': [4],
      'cube#row': [2, 3],
      'cube#col': [2, 2],
    });
    opt.dispose();
    tf.dispose(vars.map((v) => v.variable));
  });

  it.each(Object.keys(CASES))(
    '%s: saving and loading the state mid-way continues bit-identically',
    (name) => {
      const straight = createOptimizer(CASES[name]);
      const a = params();
      for (let t = 0; t < 4; t++) step(straight, a, t);

      const first = createOptimizer(CASES[name]);
      const b = params();
      step(first, b, 0);
      step(first, b, 1);
      const json = JSON.parse(JSON.stringify(first.stateJSON())) as ReturnType<TrainOptimizer['stateJSON']>;
      const tensors = new Map(
        [...first.stateTensors()].map(([k, t]) => [k, tf.tensor(t.dataSync(), t.shape)]),
      );
      first.dispose();
      const second = createOptimizer(CASES[name]);
      second.loadState(json, tensors);
      tf.dispose([...tensors.values()]);
      step(second, b, 2);
      step(second, b, 3);
      a.forEach((v, i) => expect(b[i].variable.dataSync()).toEqual(v.variable.dataSync()));
      straight.dispose();
      second.dispose();
      tf.dispose([...a, ...b].map((v) => v.variable));
    },
  );

  it.each(Object.keys(CASES))('%s: no tensor leaks per step, and dispose frees the slots', async (name) => {
    const vars = params();
    const before = tf.memory().numTensors;
    const opt = createOptimizer(CASES[name]);
    step(opt, vars, 0); // creates the slots
    await expectNoTensorLeak(() => step(opt, vars, 1), `${name} step`);
    opt.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(vars.map((v) => v.variable));
  });

  it('AdamW does not decay variables named in noDecay, and Adam(W) apply checks shapes', () => {
    const opt = new AdamOptimizer({ weightDecay: 0.5 });
    const norm = { name: 'encoder/final_layer_norm/weight', variable: tf.variable(tf.ones([2])) };
    const grad = tf.zeros([2]);
    opt.apply([norm], [grad], 0.1);
    expect(Array.from(norm.variable.dataSync())).toEqual([1, 1]); // zero gradient, no decay
    expect(() => opt.apply([norm], [], 0.1)).toThrow(/gradients/);
    expect(() => opt.apply([norm], [tf.zeros([3])], 0.1)).toThrow(/gradient of encoder/);
    opt.dispose();
    tf.dispose([norm.variable, grad]);
  });

  it('rejects bad configs and foreign states', () => {
    expect(() => createOptimizer({ kind: 'adamw', beta1: 1 })).toThrow(/optimizer.beta1/);
    expect(() => createOptimizer({ kind: 'adafactor', decayRate: 0 })).toThrow(ConfigError);
    expect(() => createOptimizer({ kind: 'adafactor', lr: 1 } as unknown as OptimizerConfig)).toThrow(
      /optimizer.lr/,
    );
    expect(() => createOptimizer({ kind: 'sgd' } as unknown as OptimizerConfig)).toThrow(/optimizer.kind/);
    const adam = new AdamOptimizer();
    expect(() => adam.loadState({ kind: 'adafactor', step: 1 }, new Map())).toThrow(CheckpointError);
    expect(adam.kind).toBe('adamw');
    expect(new AdamOptimizer({ decoupled: false }).kind).toBe('adam');
  });
});
