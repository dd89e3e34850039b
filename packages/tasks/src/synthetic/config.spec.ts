import { ConfigError } from '@hyperprompt/core';
import {
  DEFAULT_SYNTHETIC_CONFIG,
  resolveSyntheticConfig,
  type SyntheticSuiteOptions,
  SYNTHETIC_TASK_NAMES,
} from './config';
import { generateSyntheticSuite } from './suite';

describe('resolveSyntheticConfig', () => {
  it('fills the defaults', () => {
    expect(resolveSyntheticConfig()).toEqual(DEFAULT_SYNTHETIC_CONFIG);
    expect(DEFAULT_SYNTHETIC_CONFIG.tasks).toHaveLength(11);
    expect(Object.isFrozen(resolveSyntheticConfig())).toBe(true);
  });

  it('merges partial sizes per task and split', () => {
    const config = resolveSyntheticConfig({ sizes: { 'syn-nli': { validation: 10 } } });
    expect(config.sizes['syn-nli']).toEqual({ train: 4000, validation: 10, test: 300 });
    expect(config.sizes['syn-grammar']).toEqual(DEFAULT_SYNTHETIC_CONFIG.sizes['syn-grammar']);
  });

  it.each([
    [{ seed: -1 }, 'synthetic.seed'],
    [{ seed: 1.5 }, 'synthetic.seed'],
    [{ tasks: [] }, 'synthetic.tasks'],
    [{ tasks: ['syn-nli', 'sst2'] }, 'synthetic.tasks[1]'],
    [{ tasks: ['syn-nli', 'syn-nli'] }, 'synthetic.tasks[1]'],
    [{ includeTaskPrefix: 'yes' }, 'synthetic.includeTaskPrefix'],
    [{ noiseRate: 0.5 }, 'synthetic.noiseRate'],
    [{ maxClauses: 0 }, 'synthetic.maxClauses'],
    [{ maxClauses: 6 }, 'synthetic.maxClauses'],
    [{ modifierRate: 1.1 }, 'synthetic.modifierRate'],
    [{ maxWordsPerCategory: 3 }, 'synthetic.maxWordsPerCategory'],
    [{ maxWordsPerCategory: 4, maxClauses: 4 }, 'synthetic.maxWordsPerCategory'],
    [{ maxWordsPerCategory: 17 }, 'synthetic.maxWordsPerCategory'],
    [{ sizes: { 'syn-nli': { train: -1 } } }, 'synthetic.sizes.syn-nli.train'],
    [{ sizes: { 'syn-nli': { dev: 3 } } }, 'synthetic.sizes.syn-nli.dev'],
    [{ sizes: { sst2: {} } }, 'synthetic.sizes.sst2'],
    [{ seeds: 1 }, 'synthetic.seeds'],
  ])('rejects %j naming %s', (options, field) => {
    let error: unknown;
    try {
      resolveSyntheticConfig(options as unknown as SyntheticSuiteOptions);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).field).toBe(field);
  });
});

describe('difficulty knobs', () => {
  it('maxWordsPerCategory restricts the words used', () => {
    const suite = generateSyntheticSuite({
      maxWordsPerCategory: 4,
      tasks: ['syn-color-match'],
      sizes: { 'syn-color-match': { train: 400 } },
    });
    const used = new Set(suite.tasks[0].splits.train.flatMap((e) => e.input.split(' ')));
    for (const color of ['red', 'blue', 'green', 'yellow']) expect(used.has(color)).toBe(true);
    for (const color of ['purple', 'orange', 'silver']) expect(used.has(color)).toBe(false);
  });

  it('maxClauses and modifierRate set the length of the inputs', () => {
    const mean = (options: SyntheticSuiteOptions): number => {
      const suite = generateSyntheticSuite({
        ...options,
        tasks: ['syn-nli'],
        sizes: { 'syn-nli': { train: 300, validation: 0, test: 0 } },
      });
      const lengths = suite.tasks[0].splits.train.map((e) => e.input.split(' ').length);
      return lengths.reduce((a, b) => a + b, 0) / lengths.length;
    };
    expect(mean({ maxClauses: 1 })).toBeLessThan(mean({ maxClauses: 3 }));
    expect(mean({ maxClauses: 3 })).toBeLessThan(mean({ maxClauses: 5 }));
    expect(mean({ modifierRate: 0 })).toBeLessThan(mean({ modifierRate: 1 }));
  });

  it('zero-sized splits are allowed; every task name is known', () => {
    const suite = generateSyntheticSuite({
      tasks: ['syn-sentiment'],
      sizes: { 'syn-sentiment': { train: 0, validation: 2, test: 0 } },
    });
    expect(suite.tasks[0].splits.train).toEqual([]);
    expect(suite.tasks[0].splits.validation).toHaveLength(2);
    expect(SYNTHETIC_TASK_NAMES).toContain('syn-sentiment');
  });
});
