/**
 * HyperPrompt on the tiny T5 (through `@hyperprompt/testing`): a sane loss at init, task
 * conditioning learned on a toy problem, cached vs uncached generation, and the materialised
 * form reproducing logits and generations.
 *
 * Axis legend: B batch, T target length, V vocabulary.
 */
import * as tf from '@tensorflow/tfjs';
import {
  createForwardContext,
  initBackend,
  loadModuleBundle,
  Rng,
  saveModuleBundle,
} from '@hyperprompt/core';
import { methodVarList, runForward, tinyBackbone, withTempDir } from '@hyperprompt/testing';
import type { HyperPromptOptions } from './config';
import { hyperPrompt, type HyperPromptModule } from './hyperprompt';

type Model = ReturnType<typeof tinyBackbone>;
let model: Model;
beforeAll(async () => {
  // wasm (the default backend without tfjs-node) is several times faster than cpu here.
  await initBackend({ prefer: ['wasm'], log: () => undefined });
  model = tinyBackbone(0);
});
afterAll(() => model.dispose());

function make(options: HyperPromptOptions, numTasks = 2, seed = 3): HyperPromptModule {
  return hyperPrompt.create(model, hyperPrompt.resolve(options, model.spec, { numTasks }), seed);
}

const INPUTS = [
  [5, 17, 33, 9, 1],
  [5, 17, 33, 9, 1],
  [44, 12, 1],
  [44, 12, 1],
];

function lossOf(module: HyperPromptModule | undefined, taskIds: number[], labels: number[][]): number {
  return tf.tidy(() => {
    const ctx = createForwardContext({ taskIds, numTasks: 2, training: false });
    const hooks = module ? module.hooks(ctx) : {};
    return model.loss({ inputIds: INPUTS, labels }, { hooks, context: ctx }).dataSync()[0];
  });
}

describe('hyperPrompt on a tiny T5', () => {
  it.each(['share', 'sep', 'global'] as const)('starts from a sane loss (%s, l = 16)', (variant) => {
    const labels = [
      [7, 1],
      [8, 1],
      [7, 1],
      [8, 1],
    ];
    const plain = lossOf(undefined, [0, 1, 0, 1], labels);
    const module = make({ variant, promptLength: 16 });
    const hooked = lossOf(module, [0, 1, 0, 1], labels);
    module.dispose();
    expect(Number.isFinite(hooked)).toBe(true);
    // Prompt columns take softmax mass (no init is a no-op), so the loss moves, but stays
    // within 10 % of the plain backbone's (measured: 4.73 -> 5.03 with l = 16 on 5-token inputs).
    expect(hooked).not.toBe(plain);
    expect(Math.abs(hooked - plain)).toBeLessThan(0.1 * plain);
  });

  it('learns different answers for two tasks with identical inputs (global, backbone frozen)', () => {
    const [a, b] = [20, 30];
    const module = make({ variant: 'global', promptLength: 4, bottleneck: 8 });
    const taskIds = [0, 1, 0, 1];
    const labels = taskIds.map((t) => [t === 0 ? a : b]);
    const optimizer = tf.train.adam(0.05);
    const varList = methodVarList(module);
    for (let step = 0; step < 12; step++) {
      const cost = optimizer.minimize(
        () =>
          tf.tidy(() => {
            const ctx = createForwardContext({ taskIds, numTasks: 2, training: true, rng: new Rng(step) });
            return model.loss({ inputIds: INPUTS, labels }, { hooks: module.hooks(ctx), context: ctx });
          }),
        false,
        varList,
      );
      cost?.dispose();
    }
    optimizer.dispose();
    const generated = model.generate(
      { inputIds: INPUTS },
      { taskIds, numTasks: 2, hooks: (ctx) => module.hooks(ctx), maxNewTokens: 1 },
    );
    expect(generated).toEqual(labels);
    module.dispose();
  });

  it.each<HyperPromptOptions>([
    { variant: 'global', promptLength: 3, bottleneck: 4 },
    { variant: 'share', promptLength: 2, useEncoder: false, useCrossAttention: true },
    { variant: 'static', promptLength: 2, layers: [1] },
  ])('cached and uncached generation agree, and match the materialised form: %j', (options) => {
    const module = make(options, 3);
    const frozen = module.materialize();
    const run = (m: HyperPromptModule, useCache: boolean) =>
      model.generate(
        { inputIds: INPUTS },
        { taskIds: [2, 0, 1, 2], numTasks: 3, hooks: (ctx) => m.hooks(ctx), maxNewTokens: 4, useCache },
      );
    const cached = run(module, true);
    expect(cached.every((ids) => ids.length > 0)).toBe(true);
    expect(run(module, false)).toEqual(cached);
    expect(run(frozen, true)).toEqual(cached);
    const labels = [[3, 4, 1], [5, 1], [6, 7, 8], [9]];
    const logits = [module, frozen].map((m) =>
      runForward(model, m, { inputIds: INPUTS, labels }, [2, 0, 1, 2]),
    );
    const [x, y] = logits.map((l) => Float32Array.from(l.dataSync()));
    const worst = x.reduce((w, v, i) => Math.max(w, Math.abs(v - y[i])), 0);
    expect(worst).toBeLessThan(1e-5);
    tf.dispose(logits);
    frozen.dispose();
    module.dispose();
  });

  it('saves and loads the materialised form as a bundle with the same method', async () => {
    const module = make({ variant: 'share', promptLength: 2, bottleneck: 4 });
    const frozen = module.materialize();
    const inputs = {
      inputIds: INPUTS,
      labels: [
        [3, 1],
        [4, 1],
        [5, 1],
        [6, 1],
      ],
    };
    await withTempDir((dir) => {
      saveModuleBundle(dir, frozen, model, { tasks: ['a', 'b'] });
      const loaded = loadModuleBundle(dir, hyperPrompt, model).module;
      expect(loaded.config).toEqual(frozen.config);
      const [x, y] = [module, loaded].map((m) =>
        Float32Array.from(runForward(model, m, inputs, [1, 0, 1, 0]).dataSync()),
      );
      expect(x.reduce((w, v, i) => Math.max(w, Math.abs(v - y[i])), 0)).toBeLessThan(1e-5);
      loaded.dispose();
    });
    frozen.dispose();
    module.dispose();
  });

  it('cached generation with prompts differs from the plain backbone (the hook is applied)', () => {
    const module = make({ variant: 'static', promptLength: 4 });
    const values = module.variables.entries()[0].variable;
    values.assign(tf.mul(values, 40)); // large prompts: the decoder must notice them
    const withPrompts = model.generate(
      { inputIds: INPUTS },
      { taskIds: [0, 1, 0, 1], hooks: (ctx) => module.hooks(ctx) },
    );
    const plain = model.generate({ inputIds: INPUTS }, { taskIds: [0, 1, 0, 1] });
    expect(withPrompts).not.toEqual(plain);
    module.dispose();
  });
});
