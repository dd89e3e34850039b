import { breakdown } from '@hyperprompt/core';
import { backboneSpecOf, T5_PRESETS } from '@hyperprompt/t5';
import { promptTuning } from '@hyperprompt/prompt-tuning';
import { countMethodParameters, METHOD_KINDS, METHOD_REGISTRY, methodLabel, resolveMethods } from './methods';

const spec = backboneSpecOf(T5_PRESETS.tiny);

describe('method registry', () => {
  it('registers every kind with its method', () => {
    expect(METHOD_KINDS).toEqual(Object.keys(METHOD_REGISTRY));
    for (const kind of METHOD_KINDS) expect(METHOD_REGISTRY[kind].method.kind).toBe(kind);
  });

  it("resolves entries with each method's resolve, filling K from the task count", () => {
    const [m] = resolveMethods([{ kind: 'prompt-tuning', promptLength: 3, label: 'PT' }], spec, 4);
    expect(m.label).toBe('PT');
    expect(m.config).toEqual(promptTuning.resolve({ promptLength: 3 }, spec, { numTasks: 4 }));
    expect(Object.isFrozen(m.config)).toBe(true);
    expect(methodLabel({ kind: 'prompt-tuning' })).toBe('Prompt-Tuning');
  });

  it('labels entries as the paper names the methods', () => {
    expect(methodLabel({ kind: 'adapters' })).toBe('Adapters');
    expect(methodLabel({ kind: 'hyperformer-pp' })).toBe('HyperFormer++');
    expect(methodLabel({ kind: 'hyperprompt' })).toBe('HyperPrompt-Global');
    expect(methodLabel({ kind: 'hyperprompt', variant: 'share' })).toBe('HyperPrompt-Share');
    expect(methodLabel({ kind: 'hyperprompt', variant: 'sep', label: 'mine' })).toBe('mine');
  });

  it('resolves a composition of every method kind against one backbone', () => {
    const methods = resolveMethods(
      [
        { kind: 'hyperprompt', variant: 'sep', promptLength: 2, bottleneck: 4 },
        { kind: 'hyperformer-pp' },
        { kind: 'adapters' },
        { kind: 'prompt-tuning', promptLength: 2 },
      ],
      spec,
      3,
    );
    expect(methods.map((m) => [m.kind, m.config.kind, m.label])).toEqual([
      ['hyperprompt', 'hyperprompt', 'HyperPrompt-Sep'],
      ['hyperformer-pp', 'hyperformer-pp', 'HyperFormer++'],
      ['adapters', 'adapters', 'Adapters'],
      ['prompt-tuning', 'prompt-tuning', 'Prompt-Tuning'],
    ]);
    const total = countMethodParameters(methods, spec);
    const parts = methods.map((m) => countMethodParameters([m], spec));
    expect(total['per-task'] + total.shared + total.hypernetwork).toBe(
      parts.reduce((acc, p) => acc + p['per-task'] + p.shared + p.hypernetwork, 0),
    );
  });

  it('sums closed-form counts over a composition', () => {
    const methods = resolveMethods(
      [
        { kind: 'prompt-tuning', promptLength: 3 },
        { kind: 'prompt-tuning', promptLength: 2, shared: true },
      ],
      spec,
      4,
    );
    expect(countMethodParameters(methods, spec)).toEqual(
      breakdown({ 'per-task': 4 * 3 * spec.dModel, shared: 2 * spec.dModel }),
    );
  });

  it('names the entry and field of a bad option', () => {
    expect(() =>
      resolveMethods([{ kind: 'prompt-tuning' }, { kind: 'prompt-tuning', promptLength: -1 }], spec, 2),
    ).toThrow('methods.1.promptLength: got -1, expected a positive integer');
  });
});
