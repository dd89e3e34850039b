/**
 * HyperPrompt composed with an input-side (embed-hook) method on the tiny T5, in training and
 * in cached generation. The embed method is a local toy (methods never import each other);
 * the harness tests the composition with the real Prompt-Tuning.
 */
import * as tf from '@tensorflow/tfjs';
import { createForwardContext, initBackend, Rng } from '@hyperprompt/core';
import { methodVarList, snapshotVariables, tinyBackbone } from '@hyperprompt/testing';
import { toyEmbed } from './__fixtures__/toy-embed-method';
import { hyperPrompt } from './hyperprompt';

type Model = ReturnType<typeof tinyBackbone>;
let model: Model;
beforeAll(async () => {
  await initBackend({ prefer: ['wasm'], log: () => undefined }); // faster than cpu here
  model = tinyBackbone(0);
});
afterAll(() => model.dispose());

const INPUTS = {
  inputIds: [
    [5, 17, 33, 1],
    [44, 12, 1],
    [9, 1],
  ],
  labels: [
    [3, 1],
    [4, 5, 1],
    [6, 1],
  ],
};
const TASKS = [1, 0, 1];

describe('hyperPrompt composed with an embed-hook method', () => {
  it('trains both, lengthens the encoder input, and generates the same with and without cache', () => {
    const spec = model.spec;
    const hp = hyperPrompt.create(
      model,
      hyperPrompt.resolve({ promptLength: 2, bottleneck: 4 }, spec, { numTasks: 2 }),
      1,
    );
    const toy = toyEmbed.create(model, toyEmbed.resolve({}, spec, { numTasks: 2 }), 2);
    const hooks = (ctx: ReturnType<typeof createForwardContext>) => [toy.hooks(ctx), hp.hooks(ctx)];

    const out = tf.tidy(() => {
      const ctx = createForwardContext({ taskIds: TASKS, numTasks: 2 });
      return model.forward(INPUTS, { hooks: hooks(ctx), context: ctx });
    });
    expect(out.encoderMask.shape).toEqual([3, 5]); // 1 toy position + 4 (padded) tokens
    tf.dispose(out);

    const before = snapshotVariables([...hp.variables.entries(), ...toy.variables.entries()]);
    const optimizer = tf.train.adam(0.01);
    optimizer
      .minimize(
        () =>
          tf.tidy(() => {
            const ctx = createForwardContext({
              taskIds: TASKS,
              numTasks: 2,
              training: true,
              rng: new Rng(0),
            });
            return model.loss(INPUTS, { hooks: hooks(ctx), context: ctx });
          }),
        false,
        [...methodVarList(hp), ...methodVarList(toy)],
      )
      ?.dispose();
    optimizer.dispose();
    const changed = (m: typeof hp | typeof toy) =>
      m.variables.entries().some((e) => {
        const old = before.get(e.name) ?? new Float32Array();
        return e.variable.dataSync().some((v, i) => v !== old[i]);
      });
    expect(changed(hp)).toBe(true);
    expect(changed(toy)).toBe(true);

    const run = (useCache: boolean) =>
      model.generate(
        { inputIds: INPUTS.inputIds },
        { taskIds: TASKS, numTasks: 2, hooks, maxNewTokens: 5, useCache },
      );
    expect(run(false)).toEqual(run(true));
    hp.dispose();
    toy.dispose();
  });
});
