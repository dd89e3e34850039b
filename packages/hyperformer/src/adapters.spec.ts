import * as tf from '@tensorflow/tfjs';
import { ConfigError, createForwardContext, extraParameters } from '@hyperprompt/core';
import { expectClose, expectNoTensorLeak } from '@hyperprompt/core/testing';
import { tinyBackbone } from '@hyperprompt/testing';
import { type ReferenceAdapter, referenceAdapter, SMALL_SPEC, T5_BASE_SPEC } from './__fixtures__/reference';
import { adapterParameterCount, adapters, adapterVariableName } from './adapters';

describe('adapters.resolve', () => {
  it('fills defaults (r = 32 -> bottleneck D/32, gelu_new, post-LN eps 1e-5) and round-trips', () => {
    const config = adapters.resolve({}, T5_BASE_SPEC, { numTasks: 8 });
    expect(config).toEqual({
      kind: 'adapters',
      numTasks: 8,
      reductionFactor: 32,
      bottleneckSize: 24,
      activation: 'gelu_new',
      layerNorm: true,
      layerNormEpsilon: 1e-5,
      init: 'normal',
      initStd: 1e-2,
      encoder: true,
      decoder: true,
    });
    const rest = Object.fromEntries(Object.entries(config).filter(([key]) => key !== 'kind'));
    expect(
      adapters.resolve(JSON.parse(JSON.stringify(rest)) as Omit<typeof config, 'kind'>, T5_BASE_SPEC, {
        numTasks: 8,
      }),
    ).toEqual(config);
    expect(adapters.resolve({ bottleneckSize: 5 }, SMALL_SPEC, { numTasks: 1 }).bottleneckSize).toBe(5);
    expect(adapters.resolve({ reductionFactor: 16 }, SMALL_SPEC, { numTasks: 1 }).bottleneckSize).toBe(2);
  });

  it('names the culprit field', () => {
    const bad = (options: object) => () => adapters.resolve(options, SMALL_SPEC, { numTasks: 2 });
    expect(bad({ reductionFactor: 64 })).toThrow(/adapters.reductionFactor/);
    expect(bad({ bottleneckSize: 0 })).toThrow(/adapters.bottleneckSize/);
    expect(bad({ activation: 'gelu' })).toThrow(/adapters.activation/);
    expect(bad({ init: 'zeros' })).toThrow(/adapters.init/);
    expect(bad({ layerNorm: 'yes' })).toThrow(/adapters.layerNorm/);
    expect(bad({ encoder: false, decoder: false })).toThrow(/adapters.decoder/);
    expect(bad({ numTasks: 3 })).toThrow(/adapters.numTasks/);
    expect(bad({ reduction: 8 })).toThrow(ConfigError);
  });

  it('counts sites x tasks x (2Dr + r + D + 2D) per-task parameters', () => {
    const config = adapters.resolve({}, T5_BASE_SPEC, { numTasks: 8 });
    const perAdapter = 2 * 768 * 24 + 24 + 768 + 2 * 768;
    expect(adapterParameterCount(768, 24, true)).toBe(perAdapter);
    expect(adapters.countParameters(config, T5_BASE_SPEC)['per-task']).toBe(48 * 8 * perAdapter);
    const encoderOnly = adapters.resolve({ decoder: false, layerNorm: false }, T5_BASE_SPEC, { numTasks: 8 });
    expect(extraParameters(adapters.countParameters(encoderOnly, T5_BASE_SPEC))).toBe(
      24 * 8 * (perAdapter - 1536),
    );
  });
});

describe('adapters module on the tiny T5', () => {
  const model = tinyBackbone(0);
  afterAll(() => model.dispose());

  it('creates [K, ...] per-task variables with the official init', () => {
    const config = adapters.resolve({ bottleneckSize: 4 }, model.spec, { numTasks: 3 });
    const module = adapters.create(model, config, 5);
    const d = model.spec.dModel;
    const name = (tensor: Parameters<typeof adapterVariableName>[1]) =>
      adapterVariableName('decoder/layer_1/attention', tensor);
    expect(module.variables.get(name('down_weight')).shape).toEqual([3, d, 4]);
    expect(module.variables.get(name('up_weight')).shape).toEqual([3, 4, d]);
    expect(module.variables.get(name('ln_gamma')).shape).toEqual([3, d]);
    expect(module.variables.entries().every((e) => e.category === 'per-task' && e.trainable)).toBe(true);
    const downs = module.variables
      .entries()
      .filter((e) => e.name.endsWith('_weight'))
      .flatMap((e) => Array.from(e.variable.dataSync()));
    const std = Math.sqrt(downs.reduce((a, b) => a + b * b, 0) / downs.length);
    expect(Math.abs(std - 1e-2)).toBeLessThan(1e-3);
    expectClose(module.variables.get(name('down_bias')), new Array<number>(12).fill(0), 0);
    expectClose(module.variables.get(name('ln_gamma')), new Array<number>(3 * d).fill(1), 0);
    module.dispose();
    const zeroUp = adapters.create(model, { ...config, init: 'zero-up' }, 5);
    expect(tf.max(tf.abs(zeroUp.variables.get(name('up_weight')))).dataSync()[0]).toBe(0);
    zeroUp.dispose();
  });

  it('hooks apply each example’s task adapter on self-attention and FFN outputs only', async () => {
    const config = adapters.resolve({ bottleneckSize: 4, decoder: false }, model.spec, { numTasks: 3 });
    const module = adapters.create(model, config, 6);
    const d = model.spec.dModel;
    const read = (key: string, task: number): ReferenceAdapter => {
      const get = (t: Parameters<typeof adapterVariableName>[1]) =>
        (module.variables.get(adapterVariableName(key, t)).arraySync() as unknown[])[task];
      return {
        down_weight: get('down_weight') as number[][],
        down_bias: get('down_bias') as number[],
        up_weight: get('up_weight') as number[][],
        up_bias: get('up_bias') as number[],
        ln_gamma: get('ln_gamma') as number[],
        ln_beta: get('ln_beta') as number[],
      };
    };
    const taskIds = [2, 0, 2];
    await expectNoTensorLeak(() => {
      tf.tidy(() => {
        const ctx = createForwardContext({ taskIds, numTasks: 3 });
        const hooks = module.hooks(ctx);
        const h = tf.randomNormal<tf.Rank.R3>([3, 4, d], 0, 1, 'float32', 3);
        const hs = h.arraySync();
        const self = hooks.attentionOutput!(h, { stack: 'encoder', layer: 1, attention: 'self' });
        const ffn = hooks.ffnOutput!(h, { stack: 'encoder', layer: 0 });
        const expected = (key: string) =>
          taskIds.map((t, b) => referenceAdapter(hs[b], read(key, t), 'gelu_new'));
        expectClose(self, expected('encoder/layer_1/attention'), 1e-5);
        expectClose(ffn, expected('encoder/layer_0/ffn'), 1e-5);
        expect(hooks.attentionOutput!(h, { stack: 'decoder', layer: 0, attention: 'cross' })).toBe(h);
        expect(hooks.ffnOutput!(h, { stack: 'decoder', layer: 0 })).toBe(h);
      });
    }, 'adapter hooks');
    module.dispose();
  });

  it('refuses task ids the module does not know', () => {
    const config = adapters.resolve({ bottleneckSize: 2 }, model.spec, { numTasks: 2 });
    const module = adapters.create(model, config, 1);
    tf.tidy(() => {
      const ctx = createForwardContext({ taskIds: [0, 2], numTasks: 3 });
      expect(() => module.hooks(ctx)).toThrow(ConfigError);
    });
    module.dispose();
  });
});
