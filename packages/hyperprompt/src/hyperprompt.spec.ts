// Axis legend: B batch, T query length, S key length, N heads, H head dim, P prompt length,
// K tasks, M prompted sites, NH = N·H.
import * as tf from '@tensorflow/tfjs';
import { type BackboneHandle, countStore, createForwardContext, formatSite } from '@hyperprompt/core';
import { expectClose, expectNoTensorLeak } from '@hyperprompt/core/testing';
import { FAKE_SPEC, fakeBackbone, randomKV } from './__fixtures__/fake-backbone';
import type { HyperPromptOptions } from './config';
import { hyperPrompt, type HyperPromptModule } from './hyperprompt';
import { GLOBAL_PROMPTS_VARIABLE, STATIC_PROMPTS_VARIABLE } from './prompt-source';

let backbone: BackboneHandle;
beforeAll(() => {
  backbone = fakeBackbone();
});
afterAll(() => backbone.tokenEmbedding.dispose());

function make(options: HyperPromptOptions, numTasks = 3, seed = 7): HyperPromptModule {
  const config = hyperPrompt.resolve(options, FAKE_SPEC, { numTasks });
  return hyperPrompt.create(backbone, config, seed);
}

const VARIANTS: HyperPromptOptions[] = [
  { variant: 'share', promptLength: 2, bottleneck: 3 },
  { variant: 'sep', promptLength: 2, bottleneck: 3, localBias: true },
  { variant: 'global', promptLength: 2, bottleneck: 3, useCrossAttention: true },
  {
    variant: 'global',
    promptLength: 2,
    layerIndexing: 'per-stack',
    projectorLayerNorm: true,
    generatorBias: true,
  },
  { variant: 'static', promptLength: 2, layers: [1] },
];

describe('hyperPrompt module', () => {
  it.each(VARIANTS)('countParameters equals the variables: %j', (options) => {
    const module = make(options);
    expect(countStore(module.variables)).toEqual(hyperPrompt.countParameters(module.config, FAKE_SPEC));
    module.dispose();
  });

  it('matches the closed-form counts of every variant (K = 3, l = 2, d = 6, NH = 8, b = 3, M = 5)', () => {
    const [k, l, d, nh, b, m] = [3, 2, 6, 8, 3, 5];
    const count = (options: HyperPromptOptions) => {
      const c = hyperPrompt.countParameters(
        hyperPrompt.resolve(options, FAKE_SPEC, { numTasks: k }),
        FAKE_SPEC,
      );
      return c.shared + c['per-task'] + c.hypernetwork;
    };
    expect(count({ variant: 'share', promptLength: l, bottleneck: b })).toBe(
      k * l * d + 2 * m * (d * b + b * nh),
    );
    expect(count({ variant: 'sep', promptLength: l, bottleneck: b })).toBe(
      k * l * d + 2 * k * m * (d * b + b * nh),
    );
    const [tt, z, e, t] = [4, 5, 7, 2];
    const global = { variant: 'global', promptLength: l, bottleneck: b } as const;
    const dims = { taskEmbeddingDim: tt, layerEmbeddingDim: z, projectorHiddenDim: e, projectedDim: t };
    // one shared layer table of Ne + Nd = M rows; projector with biases and the LayerNorm on I
    // (γ, β: 2t, on by default); generators without biases.
    expect(count({ ...global, ...dims })).toBe(
      k * l * d + k * tt + m * z + ((tt + z) * e + e + e * t + t + 2 * t) + 2 * (d * b * t + b * nh * t),
    );
    expect(count({ ...global, ...dims, projectorLayerNorm: false })).toBe(
      k * l * d + k * tt + m * z + ((tt + z) * e + e + e * t + t) + 2 * (d * b * t + b * nh * t),
    );
    expect(count({ variant: 'static', promptLength: l })).toBe(2 * k * m * l * nh);
  });

  it('lists the sites in order: encoder self, decoder self, decoder cross', () => {
    const module = make({ promptLength: 1, layers: [1], useCrossAttention: true });
    expect(module.sites.map(formatSite)).toEqual([
      'encoder.layer_1.self',
      'decoder.layer_1.self',
      'decoder.layer_1.cross',
    ]);
    module.dispose();
  });

  it.each(VARIANTS)('prepends each example the prompts of its task and zero bias columns: %j', (options) => {
    const module = make(options);
    const p = module.config.promptLength;
    tf.tidy(() => {
      const taskIds = [2, 0, 2, 1];
      const ctx = createForwardContext({ taskIds, numTasks: 3 });
      const hooks = module.hooks(ctx);
      const all = module.prompts([0, 1, 2]).arraySync() as number[][][][][]; // [K, M, 2, P, NH]
      module.sites.forEach((site, m) => {
        const kv = randomKV(4, 3, 5);
        const out = hooks.keyValue!(kv, site);
        expect(out.keys.shape).toEqual([4, 2, p + 5, 4]);
        expect(out.bias.shape).toEqual([1, 2, 3, p + 5]);
        const keys = out.keys.arraySync();
        const values = out.values.arraySync();
        taskIds.forEach((task, b) => {
          for (const [which, got] of [keys, values].entries()) {
            const rows = all[task][m][which]; // [P, NH]
            const want = [0, 1].map((head) => rows.map((row) => row.slice(4 * head, 4 * head + 4))); // [N, P, H]
            expectClose(
              got[b].map((head) => head.slice(0, p)),
              want,
              1e-6,
            );
          }
        });
        expectClose(tf.slice(out.keys, [0, 0, p, 0], [-1, -1, -1, -1]), kv.keys, 0);
        expectClose(tf.slice(out.bias, [0, 0, 0, 0], [-1, -1, -1, p]), tf.zeros([1, 2, 3, p]), 0);
        expectClose(tf.slice(out.bias, [0, 0, 0, p], [-1, -1, -1, -1]), kv.bias, 0);
      });
      const other = randomKV(4, 3, 5);
      const cross = hooks.keyValue!(other, { stack: 'decoder', layer: 0, attention: 'cross' });
      if (options.useCrossAttention) expect(cross.keys.shape[2]).toBe(p + 5);
      else expect(cross).toBe(other); // unprompted sites pass through untouched
    });
    module.dispose();
  });

  it.each(VARIANTS.slice(0, 4))(
    'materialize() gives a static module with the same prompts: %j',
    (options) => {
      const module = make(options);
      const frozen = module.materialize();
      expect(frozen.config.variant).toBe('static');
      expect(frozen.variables.names()).toEqual([STATIC_PROMPTS_VARIABLE]);
      expect(countStore(frozen.variables)).toEqual(hyperPrompt.countParameters(frozen.config, FAKE_SPEC));
      tf.tidy(() => {
        const ctx = createForwardContext({ taskIds: [1, 2, 1], numTasks: 3 });
        const [a, b] = [module.hooks(ctx), frozen.hooks(ctx)];
        for (const site of module.sites) {
          const kv = randomKV(3, 2, 4);
          expectClose(b.keyValue!(kv, site).keys, a.keyValue!(kv, site).keys, 1e-6);
          expectClose(b.keyValue!(kv, site).values, a.keyValue!(kv, site).values, 1e-6);
        }
      });
      module.dispose();
      expect(frozen.variables.get(STATIC_PROMPTS_VARIABLE).isDisposed).toBe(false);
      frozen.dispose();
    },
  );

  it('Sep sends gradient only to the nets and prompts of the tasks present', () => {
    const module = make({ variant: 'sep', promptLength: 2, bottleneck: 3, promptInit: 'uniform' }, 4);
    const vars = module.variables.entries().map((e) => e.variable);
    tf.tidy(() => {
      const ctx = createForwardContext({ taskIds: [3, 1, 3], numTasks: 4 });
      const { grads } = tf.variableGrads(() => {
        const hooks = module.hooks(ctx);
        const out = module.sites.map((site) => hooks.keyValue!(randomKV(3, 2, 2), site));
        return tf.addN(out.map((kv) => tf.sum(tf.square(tf.add(kv.keys, kv.values))))) as tf.Scalar;
      }, vars);
      for (const e of module.variables.entries()) {
        const perTask = tf.unstack(grads[e.variable.name]).map((g) => tf.max(tf.abs(g)).dataSync()[0]);
        expect(perTask.map((g) => g > 0)).toEqual([false, true, false, true]);
      }
    });
    module.dispose();
  });

  it('initialises the global prompts from distinct vocabulary rows (sampled-vocab)', () => {
    const module = make({ variant: 'share', promptLength: 4, sampleFromFirst: 20 });
    const rows = (module.variables.get(GLOBAL_PROMPTS_VARIABLE).arraySync() as number[][][]).flat();
    const ids = rows.map((r) => Math.round(r[0]));
    ids.forEach((id, i) =>
      expectClose(
        rows[i],
        [0, 1, 2, 3, 4, 5].map((j) => id + j / 100),
        1e-5,
      ),
    );
    expect(new Set(ids).size).toBe(12);
    expect(Math.max(...ids)).toBeLessThan(20);
    module.dispose();
  });

  it('rejects a forward with an unknown task, naming the field', () => {
    const module = make({ promptLength: 1 }, 2);
    tf.tidy(() => {
      const ctx = createForwardContext({ taskIds: [0, 2], numTasks: 3 });
      expect(() => module.hooks(ctx)).toThrow(/taskIds/);
    });
    module.dispose();
  });

  it('does not leak tensors across create, forward, backward, materialize and dispose', async () => {
    await expectNoTensorLeak(() => {
      const module = make({ promptLength: 2, bottleneck: 2, localBias: true });
      const vars = module.variables.entries().map((e) => e.variable);
      tf.tidy(() => {
        const ctx = createForwardContext({ taskIds: [0, 2], numTasks: 3 });
        tf.variableGrads(() => {
          const kv = module.hooks(ctx).keyValue!(randomKV(2, 2, 2), module.sites[0]);
          return tf.sum(kv.keys);
        }, vars);
      });
      module.materialize().dispose();
      module.dispose();
      module.dispose();
    }, 'hyperprompt lifecycle');
  });
});
