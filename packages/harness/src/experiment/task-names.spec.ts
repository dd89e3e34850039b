import { ConfigError } from '@hyperprompt/core';
import { createDefaultRegistry, SYNTHETIC_TASK_NAMES, t5ClassificationFormatter } from '@hyperprompt/tasks';
import { canonicalTaskName, shortTaskName, taskRegistry } from './task-names';

describe('task names', () => {
  it('maps every short name to a registered task and back', () => {
    const registry = createDefaultRegistry();
    for (const canonical of registry.names()) {
      const short = registry.shortName(canonical);
      expect(canonicalTaskName(short)).toBe(canonical);
      expect(shortTaskName(canonical)).toBe(short);
      expect(canonicalTaskName(canonical)).toBe(canonical);
    }
    for (const name of SYNTHETIC_TASK_NAMES) expect(canonicalTaskName(name)).toBe(name);
    expect(canonicalTaskName('rte')).toBe('glue/rte');
    expect(canonicalTaskName('superglue-rte')).toBe('super_glue/rte');
  });

  it('rejects unknown names, listing the accepted ones', () => {
    expect(() => canonicalTaskName('glue/boolq', 'tasks.0')).toThrow(ConfigError);
    expect(() => canonicalTaskName('sst-2', 'tasks.0')).toThrow(
      'tasks.0: got "sst-2", expected one of "syn-sentiment"',
    );
    expect(() => canonicalTaskName(3)).toThrow(ConfigError);
  });

  it('resolves a task a user registers in the harness registry', () => {
    expect(() => canonicalTaskName('my-sentiment')).toThrow(ConfigError);
    taskRegistry().register({
      name: 'my/sentiment',
      aliases: ['my-sentiment'],
      benchmark: 'my',
      kind: 'classification',
      labelWords: ['negative', 'positive'],
      splits: { train: 'train.jsonl', validation: 'dev.jsonl' },
      source: { kind: 'jsonl' },
      format: t5ClassificationFormatter({
        prefix: 'sentiment',
        labelWords: ['negative', 'positive'],
        features: ['text'],
      }),
      metrics: ['accuracy'],
    });
    expect(canonicalTaskName('my-sentiment')).toBe('my/sentiment');
    expect(shortTaskName('my/sentiment')).toBe('my-sentiment');
  });
});
