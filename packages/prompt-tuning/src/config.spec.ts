import { ConfigError } from '@hyperprompt/core';
import { FAKE_SPEC } from './__fixtures__/fake-backbone';
import { DEFAULT_PROMPT_TUNING, type PromptTuningConfig, resolvePromptTuning } from './config';
import { promptTuning } from './prompt-tuning';

const ctx = { numTasks: 3 };

function roundTrip(config: PromptTuningConfig): PromptTuningConfig {
  const json = JSON.parse(JSON.stringify(config)) as Record<string, unknown>;
  const options = Object.fromEntries(Object.entries(json).filter(([key]) => key !== 'kind'));
  return promptTuning.resolve(options, FAKE_SPEC, ctx);
}

describe('promptTuning.resolve', () => {
  it('fills the defaults and takes numTasks from the context', () => {
    const config = promptTuning.resolve({}, FAKE_SPEC, ctx);
    expect(config).toEqual({
      kind: 'prompt-tuning',
      numTasks: 3,
      promptLength: 20,
      init: 'sampled-vocab',
      sampleFromFirst: FAKE_SPEC.vocabSize, // 5000 clipped to V = 64
      shared: false,
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(DEFAULT_PROMPT_TUNING.sampleFromFirst).toBe(5000);
    expect(promptTuning.defaults.promptLength).toBe(20);
  });

  it.each([
    [{ promptLength: 0 }, 'prompt-tuning.promptLength'],
    [{ promptLength: 2.5 }, 'prompt-tuning.promptLength'],
    [{ init: 'zeros' }, 'prompt-tuning.init'],
    [{ sampleFromFirst: -1 }, 'prompt-tuning.sampleFromFirst'],
    [{ shared: 'yes' }, 'prompt-tuning.shared'],
    [{ numTasks: 2 }, 'prompt-tuning.numTasks'],
    [{ promptLenght: 4 }, 'prompt-tuning.promptLenght'],
    [{ classLabelTokens: [[1]] }, 'prompt-tuning.classLabelTokens'],
    [{ init: 'class-labels' }, 'prompt-tuning.classLabelTokens'],
    [{ init: 'class-labels', classLabelTokens: [[1], []] }, 'prompt-tuning.classLabelTokens[1]'],
    [{ init: 'class-labels', classLabelTokens: [[1, 64]] }, 'prompt-tuning.classLabelTokens[0][1]'],
    [
      { init: 'class-labels', promptLength: 1, classLabelTokens: [[1], [2]] },
      'prompt-tuning.classLabelTokens',
    ],
    [{ init: 'class-labels', classLabelTokens: [[[1]], [[2]]] }, 'prompt-tuning.classLabelTokens'],
  ])('rejects %j naming %s', (options, field) => {
    const call = () => resolvePromptTuning(options as never, FAKE_SPEC, ctx);
    expect(call).toThrow(ConfigError);
    try {
      call();
    } catch (error) {
      expect((error as ConfigError).field).toBe(field);
    }
  });

  it('normalises shared label words to one entry per task', () => {
    const config = resolvePromptTuning(
      { init: 'class-labels', classLabelTokens: [[5], [6, 7]] },
      FAKE_SPEC,
      ctx,
    );
    expect(config.classLabelTokens).toEqual([
      [[5], [6, 7]],
      [[5], [6, 7]],
      [[5], [6, 7]],
    ]);
    const shared = resolvePromptTuning(
      { init: 'class-labels', shared: true, classLabelTokens: [[5], [6, 7]] },
      FAKE_SPEC,
      ctx,
    );
    expect(shared.classLabelTokens).toEqual([[[5], [6, 7]]]);
  });

  it('accepts per-task label words', () => {
    const labels = [[[1]], [[2], [3]], [[4, 5]]];
    const config = promptTuning.resolve({ init: 'class-labels', classLabelTokens: labels }, FAKE_SPEC, ctx);
    expect(config.classLabelTokens).toEqual(labels);
  });

  it.each([
    {},
    { promptLength: 7, init: 'uniform' as const, shared: true },
    { sampleFromFirst: 10, numTasks: 3 },
    { init: 'class-labels' as const, classLabelTokens: [[[1]], [[2], [3]], [[4, 5]]], promptLength: 4 },
  ])('round-trips its own output through JSON: %j', (options) => {
    const config = promptTuning.resolve(options, FAKE_SPEC, ctx);
    expect(roundTrip(config)).toEqual(config);
  });
});
