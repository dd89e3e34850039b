import { ConfigError } from '@hyperprompt/core';
import { createDefaultRegistry } from '../registry';
import { wordnetExamples } from './examples';
import { WORDNET_FAMILY, WORDNET_TASK_DEFINITIONS } from './family';
import { WORDNET_TASK_NAMES } from './task-info';

describe('the wordnet family', () => {
  it('registers every WordNet task in the default registry, embedded (no folder)', () => {
    const registry = createDefaultRegistry();
    expect(registry.list('wordnet').map((t) => t.name)).toEqual([...WORDNET_TASK_NAMES]);
    for (const task of WORDNET_TASK_DEFINITIONS) expect(task.embedded).toBe(WORDNET_FAMILY);
  });

  it('fills defaults and rejects bad options by field', () => {
    expect(WORDNET_FAMILY.resolveOptions({}, ['wn-pos'])).toEqual({
      seed: 0,
      includeTaskPrefix: false,
      maxExamplesPerSplit: {},
      vocabulary: { maxWords: 5000 },
    });
    expect(() => WORDNET_FAMILY.resolveOptions({ sed: 1 }, [])).toThrow(/wordnet\.sed/);
    expect(() => WORDNET_FAMILY.resolveOptions({ seed: -1 }, [])).toThrow(ConfigError);
    expect(() => WORDNET_FAMILY.resolveOptions({ maxExamplesPerSplit: { dev: 3 } }, [])).toThrow(
      /wordnet\.maxExamplesPerSplit\.dev/,
    );
    expect(() => WORDNET_FAMILY.resolveOptions({ vocabulary: { size: 3 } }, [])).toThrow(
      /wordnet\.vocabulary\.size/,
    );
  });

  it('gives the examples of wordnetExamples with the same options, prefix included when asked', () => {
    const options = WORDNET_FAMILY.resolveOptions(
      { includeTaskPrefix: true, maxExamplesPerSplit: { validation: 5 } },
      ['wn-pos'],
    );
    const got = WORDNET_FAMILY.examples('wn-pos', 'validation', options, ['wn-pos']);
    expect(got).toEqual(
      wordnetExamples('wn-pos', 'validation', {
        includeTaskPrefix: true,
        maxExamplesPerSplit: { validation: 5 },
      }),
    );
    expect(got).toHaveLength(5);
    expect(got[0].input.startsWith('wn-pos definition: ')).toBe(true);
    expect(() => WORDNET_FAMILY.examples('wn-pos', 'validation_matched', options, ['wn-pos'])).toThrow(
      ConfigError,
    );
  });

  it('contributes a bounded vocabulary holding every label word and field word', () => {
    const options = WORDNET_FAMILY.resolveOptions({ vocabulary: { maxWords: 300 } }, ['wn-lexname']);
    const words = WORDNET_FAMILY.vocabulary(options, ['wn-lexname']);
    expect(words).toHaveLength(300);
    for (const task of WORDNET_TASK_DEFINITIONS)
      for (const w of task.labelWords ?? []) expect(words).toContain(w);
    expect(words).toContain('definition:');
  });

  it('scores with the task metrics: accuracy for lexname, f1 and accuracy for yes/no', () => {
    const lexname = WORDNET_TASK_DEFINITIONS.find((t) => t.name === 'wn-lexname');
    const synonym = WORDNET_TASK_DEFINITIONS.find((t) => t.name === 'wn-synonym');
    const examples = [
      { input: 'a', target: 'yes', label: 1, idx: 0 },
      { input: 'b', target: 'no', label: 0, idx: 1 },
    ];
    expect(synonym?.score(['yes', 'yes'], examples)).toEqual({ f1: 2 / 3, accuracy: 0.5 });
    expect(lexname?.metrics).toEqual(['accuracy']);
  });
});
