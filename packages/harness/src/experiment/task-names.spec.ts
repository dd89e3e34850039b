import { ConfigError } from '@hyperprompt/core';
import { createDefaultRegistry, SYNTHETIC_TASK_NAMES } from '@hyperprompt/tasks';
import { canonicalTaskName, GLUE_SHORT_NAMES, shortTaskName, SUPERGLUE_SHORT_NAMES } from './task-names';

describe('task names', () => {
  it('maps every short name to a registered task (or a synthetic one) and back', () => {
    const registry = createDefaultRegistry();
    for (const name of [...GLUE_SHORT_NAMES, ...SUPERGLUE_SHORT_NAMES]) {
      const canonical = canonicalTaskName(name);
      expect(registry.has(canonical)).toBe(true);
      expect(shortTaskName(canonical)).toBe(name);
      expect(canonicalTaskName(canonical)).toBe(canonical);
    }
    expect(registry.names().map((n) => canonicalTaskName(n))).toEqual(registry.names());
    for (const name of SYNTHETIC_TASK_NAMES) expect(canonicalTaskName(name)).toBe(name);
    expect(canonicalTaskName('superglue-rte')).toBe('super_glue/rte');
  });

  it('rejects unknown names, listing the accepted ones', () => {
    expect(() => canonicalTaskName('glue/boolq', 'tasks.0')).toThrow(ConfigError);
    expect(() => canonicalTaskName('sst-2', 'tasks.0')).toThrow(
      'tasks.0: got "sst-2", expected one of "syn-sentiment"',
    );
    expect(() => canonicalTaskName(3)).toThrow(ConfigError);
  });
});
