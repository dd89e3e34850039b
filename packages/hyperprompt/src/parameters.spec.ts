import { T5_BACKBONES } from './__fixtures__/t5-specs';
import { formatHyperPromptParameterTable, hyperPromptParameterTable } from './parameters';

const byName = (name: string) => {
  const found = T5_BACKBONES.find((b) => b.name === name);
  if (!found) throw new Error(name);
  return found;
};

describe('parameter table', () => {
  it('uses backbone counts that match the t5 package (t5-base: 222,903,552)', () => {
    expect(byName('t5-base').parameters).toBe(222_903_552);
    expect(byName('t5.1.1-base').parameters).toBe(247_577_856);
  });

  it("counts Global at the defaults: K = 8, l = 16, b = t = t' = 32, e = 64, M = 2N, LayerNorm on I", () => {
    const rows = hyperPromptParameterTable(
      ['t5.1.1-base', 't5.1.1-large', 't5.1.1-xl', 't5.1.1-xxl'].map(byName),
      [{ variant: 'global' }],
      { numTasks: 8 },
    );
    expect(rows.map((r) => r.extra)).toEqual([3_251_360, 4_333_472, 8_658_848, 17_309_600]);
    expect(rows.map((r) => Number(r.percent.toFixed(3)))).toEqual([1.313, 0.553, 0.304, 0.155]);
  });

  it('gives Share and Sep in closed form (T5-base, K = 8, l = 16, b = 32)', () => {
    const [share, sep] = hyperPromptParameterTable(
      [byName('t5-base')],
      [{ variant: 'share' }, { variant: 'sep' }],
      {
        numTasks: 8,
      },
    );
    const [k, l, d, b, m] = [8, 16, 768, 32, 24];
    expect(share.extra).toBe(k * l * d + 2 * m * (d * b + b * d));
    expect(sep.extra).toBe(k * l * d + 2 * k * m * (d * b + b * d));
  });

  it('formats a Markdown table with one row per backbone and setting', () => {
    const rows = hyperPromptParameterTable(
      [byName('t5-base')],
      [{ variant: 'global', promptLength: 16, bottleneck: 8, projectedDim: 8 }],
      { numTasks: 8 },
    );
    const text = formatHyperPromptParameterTable(rows);
    expect(text.split('\n')).toEqual([
      '| backbone | variant | l | b | t | extra parameters | % of backbone |',
      '|---|---|---:|---:|---:|---:|---:|',
      '| t5-base | global | 16 | 8 | 8 | 300,632 | 0.135 % |',
    ]);
  });

  it('rejects a backbone without a positive parameter count', () => {
    const bad = { ...byName('t5-base'), parameters: 0 };
    expect(() => hyperPromptParameterTable([bad], [{}], { numTasks: 1 })).toThrow(/parameters/);
  });
});
