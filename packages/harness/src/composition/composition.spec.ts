/**
 * Composition of methods on one backbone (`composeHooks` of `@hyperprompt/core` folds their
 * hooks left to right), with the real method packages: Prompt-Tuning + HyperFormer++,
 * HyperPrompt + HyperFormer++ and HyperPrompt + Prompt-Tuning each train together (every
 * module's variables move), save and load as bundles with bit-identical logits, and decode
 * (cached = uncached greedy decoding).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import {
  createForwardContext,
  initBackend,
  loadModuleBundle,
  type PeftModule,
  Rng,
  saveModuleBundle,
} from '@hyperprompt/core';
import { T5Model, t5Preset } from '@hyperprompt/t5';
import { type MethodSpec, type ResolvedMethod, resolveMethods } from '../experiment';

const TASKS = ['a', 'b', 'c'];
const INPUTS = {
  inputIds: [
    [5, 6, 7, 1],
    [8, 9, 1],
    [5, 6, 7, 1],
    [10, 11, 12, 13, 1],
  ],
  labels: [
    [20, 1],
    [21, 22, 1],
    [23, 1],
    [24, 1],
  ],
};
const TASK_IDS = [0, 1, 2, 1];

const PAIRS: readonly (readonly [string, readonly MethodSpec[]])[] = [
  [
    'Prompt-Tuning + HyperFormer++',
    [
      { kind: 'prompt-tuning', promptLength: 3 },
      { kind: 'hyperformer-pp', reductionFactor: 4 },
    ],
  ],
  [
    'HyperPrompt-Global + HyperFormer++',
    [
      { kind: 'hyperprompt', variant: 'global', promptLength: 2 },
      { kind: 'hyperformer-pp', reductionFactor: 4 },
    ],
  ],
  [
    'HyperPrompt-Share + Prompt-Tuning',
    [
      { kind: 'hyperprompt', variant: 'share', promptLength: 2 },
      { kind: 'prompt-tuning', promptLength: 3 },
    ],
  ],
];

function logits(model: T5Model, modules: readonly PeftModule[]): Float32Array {
  return tf.tidy(() => {
    const ctx = createForwardContext({ taskIds: TASK_IDS, numTasks: TASKS.length });
    return model
      .forward(INPUTS, { context: ctx, hooks: modules.map((m) => m.hooks(ctx)) })
      .logits.dataSync() as Float32Array;
  });
}

function snapshot(modules: readonly PeftModule[]): Float32Array[][] {
  return modules.map((m) => m.variables.entries().map((e) => e.variable.dataSync() as Float32Array));
}

describe.each(PAIRS)('%s on one backbone', (_name, specs) => {
  let model: T5Model;
  let methods: readonly ResolvedMethod[];
  let modules: PeftModule[];
  let dir: string;

  beforeAll(async () => {
    await initBackend({ prefer: ['wasm'], log: () => undefined });
  });
  beforeEach(() => {
    model = T5Model.random(t5Preset('tiny', { dropoutRate: 0 }), 0);
    methods = resolveMethods(specs, model.spec, TASKS.length);
    modules = methods.map((m, i) => m.method.create(model, m.config, i + 1));
    dir = mkdtempSync(join(tmpdir(), 'composition-'));
  });
  afterEach(() => {
    for (const m of modules) m.dispose();
    model.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('trains every module together with the backbone, without leaking', () => {
    const before = snapshot(modules);
    const optimizer = tf.train.adam(0.01);
    const varList = [
      ...model.variables.trainableVariables(),
      ...modules.flatMap((m) => m.variables.entries().map((e) => e.variable)),
    ];
    const rng = new Rng(0);
    const step = (): number => {
      const ctx = createForwardContext({ taskIds: TASK_IDS, numTasks: TASKS.length, training: true, rng });
      const loss = optimizer.minimize(
        () => model.loss(INPUTS, { context: ctx, hooks: modules.map((m) => m.hooks(ctx)) }),
        true,
        varList,
      );
      const value = loss?.dataSync()[0] ?? NaN;
      loss?.dispose();
      ctx.dispose();
      return value;
    };
    const first = step();
    const tensors = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) step();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(step()).toBeLessThan(first);
    const after = snapshot(modules);
    modules.forEach((_m, k) => {
      const moved = after[k].some((values, v) => values.some((x, j) => x !== before[k][v][j]));
      expect(moved).toBe(true);
    });
    optimizer.dispose();
  });

  it('saves and loads as bundles with identical logits, and decodes', () => {
    // Move every variable away from its seeded init, so loading must restore saved values.
    for (const m of modules) {
      for (const e of m.variables.entries()) {
        tf.tidy(() =>
          e.variable.assign(tf.add(e.variable, tf.randomNormal(e.variable.shape, 0, 0.05, 'float32', 7))),
        );
      }
    }
    const expected = logits(model, modules);
    const loaded = modules.map((m, i) => {
      const folder = join(dir, `module-${i}`);
      saveModuleBundle(folder, m, model, { tasks: TASKS });
      return loadModuleBundle(folder, methods[i].method, model).module;
    });
    try {
      expect(logits(model, loaded)).toEqual(expected);
      const decode = (useCache: boolean): number[][] =>
        model.generate(
          { inputIds: INPUTS.inputIds },
          {
            taskIds: TASK_IDS,
            numTasks: TASKS.length,
            maxNewTokens: 4,
            useCache,
            hooks: (ctx) => loaded.map((m) => m.hooks(ctx)),
          },
        );
      const cached = decode(true);
      expect(cached).toHaveLength(INPUTS.inputIds.length);
      expect(decode(false)).toEqual(cached);
    } finally {
      for (const m of loaded) m.dispose();
    }
  });
});
