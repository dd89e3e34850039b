/**
 * The methods outside the contract suite's path: cached greedy decoding (hooks built once,
 * used by every step in nested `tidy` scopes) and training on the wasm backend (every
 * gradient must exist there and match cpu).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { createForwardContext, type PeftModule } from '@hyperprompt/core';
import { expectClose, expectNoTensorLeak } from '@hyperprompt/core/testing';
import { mixedBatch, tinyBackbone } from '@hyperprompt/testing';
import { adapters } from './adapters';
import { hyperformerPP } from './hyperformer-pp';

const SMALL = {
  taskEmbeddingDim: 8,
  layerEmbeddingDim: 6,
  siteEmbeddingDim: 4,
  projectorHiddenDim: 16,
  projectedDim: 8,
};
const batch = mixedBatch(3);
let model: ReturnType<typeof tinyBackbone>;
beforeAll(async () => {
  await tf.setBackend('cpu'); // importing the wasm backend makes it the default
  model = tinyBackbone(0);
});
afterAll(() => model.dispose());

const modules = (): PeftModule[] => [
  adapters.create(
    model,
    adapters.resolve({ bottleneckSize: 4, initStd: 0.3 }, model.spec, { numTasks: 3 }),
    1,
  ),
  hyperformerPP.create(
    model,
    hyperformerPP.resolve({ ...SMALL, bottleneckSize: 4, generatorStd: 0.3 }, model.spec, { numTasks: 3 }),
    1,
  ),
];

describe('cached greedy decoding', () => {
  it.each([0, 1])(
    'module %i: cached and uncached decoding agree, mixed tasks equal one-task batches',
    async (i) => {
      const module = modules()[i];
      const inputIds = batch.inputs.inputIds as number[][];
      const decode = (ids: number[][], taskIds: number[], useCache: boolean) =>
        model.generate(
          { inputIds: ids },
          { taskIds, numTasks: 3, hooks: (ctx) => module.hooks(ctx), maxNewTokens: 4, useCache },
        );
      const cached = await expectNoTensorLeak(
        () => decode(inputIds, [...batch.taskIds], true),
        'cached decoding',
      );
      expect(decode(inputIds, [...batch.taskIds], false)).toEqual(cached);
      const task0 = batch.taskIds.flatMap((t, b) => (t === 0 ? [b] : []));
      expect(
        decode(
          task0.map((b) => inputIds[b]),
          task0.map(() => 0),
          true,
        ),
      ).toEqual(task0.map((b) => cached[b]));
      module.dispose();
    },
  );
});

describe('gradients on wasm', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it.each([0, 1])('module %i: value and gradients on wasm equal cpu', async (i) => {
    const module = modules()[i];
    const vars = module.variables.entries().map((e) => e.variable);
    const gradsOn = async (backend: string): Promise<Float32Array[]> => {
      expect(await tf.setBackend(backend)).toBe(true);
      return tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => {
          const ctx = createForwardContext({ taskIds: batch.taskIds, numTasks: 3, training: true });
          return model.loss(batch.inputs, { hooks: module.hooks(ctx), context: ctx });
        }, vars);
        return [value, ...vars.map((v) => grads[v.name])].map((t) => t.dataSync() as Float32Array);
      });
    };
    const cpu = await gradsOn('cpu');
    const wasm = await gradsOn('wasm');
    expect(wasm.slice(1).some((g) => g.some((x) => x !== 0))).toBe(true);
    wasm.forEach((values, k) => expectClose(values, cpu[k], { atol: 1e-5, rtol: 1e-3 }));
    await tf.setBackend('cpu');
    module.dispose();
  });
});
