import { ConfigError } from '@hyperprompt/core';
import { FAKE_SPEC } from './__fixtures__/fake-backbone';
import { DEFAULT_HYPERPROMPT, resolveHyperPrompt, type HyperPromptOptions } from './config';
import { hyperPromptSites } from './sites';

const resolve = (options: HyperPromptOptions, numTasks = 3) =>
  resolveHyperPrompt(options, FAKE_SPEC, { numTasks });

describe('resolveHyperPrompt', () => {
  it('fills the defaults (snapshot of DEFAULT_HYPERPROMPT)', () => {
    expect(DEFAULT_HYPERPROMPT).toEqual({
      variant: 'global',
      promptLength: 16,
      bottleneck: 32,
      useEncoder: true,
      useDecoder: true,
      useCrossAttention: false,
      layers: 'all',
      localBias: false,
      promptInit: 'sampled-vocab',
      sampleFromFirst: 5000,
      localInit: 'normal',
      taskEmbeddingDim: 32,
      layerEmbeddingDim: 32,
      projectorHiddenDim: 64,
      projectedDim: 32,
      projectorLayerNorm: true,
      layerIndexing: 'shared',
      generatorBias: false,
    });
    expect(resolve({})).toEqual({
      ...DEFAULT_HYPERPROMPT,
      kind: 'hyperprompt',
      numTasks: 3,
      sampleFromFirst: 64,
    });
  });

  it('accepts its own output back (JSON round trip)', () => {
    const config = resolve({ variant: 'sep', layers: [1, 0], useCrossAttention: true });
    expect(config.layers).toEqual([0, 1]);
    const json = JSON.parse(JSON.stringify(config)) as HyperPromptOptions & { kind?: string };
    delete json.kind;
    expect(resolve(json)).toEqual(config);
  });

  it.each<[HyperPromptOptions, RegExp]>([
    [{ variant: 'naive' as never }, /hyperprompt\.variant/],
    [{ promptLength: 0 }, /hyperprompt\.promptLength/],
    [{ bottleneck: 2.5 }, /hyperprompt\.bottleneck/],
    [{ useEncoder: false, useDecoder: false }, /hyperprompt\.useDecoder/],
    [{ useDecoder: false, useCrossAttention: true }, /hyperprompt\.useCrossAttention/],
    [{ layers: [] }, /hyperprompt\.layers/],
    [{ layers: [2] }, /hyperprompt\.layers\[0\]/], // the decoder has 2 blocks
    [{ layers: [1, 1] }, /hyperprompt\.layers/],
    [{ layerIndexing: 'global' as never }, /hyperprompt\.layerIndexing/],
    [{ promptInit: 'zeros' as never }, /hyperprompt\.promptInit/],
    [{ numTasks: 4 }, /hyperprompt\.numTasks/],
    [{ prefixLength: 3 } as never, /hyperprompt\.prefixLength/],
  ])('rejects %j naming the field', (options, field) => {
    expect(() => resolve(options)).toThrow(ConfigError);
    expect(() => resolve(options)).toThrow(field);
  });

  it('allows encoder blocks beyond the decoder depth when the decoder is off', () => {
    const config = resolve({ useDecoder: false, layers: [2] });
    expect(hyperPromptSites(config, FAKE_SPEC)).toEqual([{ stack: 'encoder', layer: 2, attention: 'self' }]);
  });
});
