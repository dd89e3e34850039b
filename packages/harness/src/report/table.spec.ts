import { COMPARISON } from './__fixtures__/runs';
import { buildSummary } from './summary';
import { formatMarkdownTable, formatPercent } from './table';
import { formatMeanStd, meanStd } from './stats';

describe('formatMarkdownTable', () => {
  it('lays out the paper table with hand-computed mean ± std cells', () => {
    const table = formatMarkdownTable(buildSummary(COMPARISON), { footnote: false });
    expect(table.split('\n')).toEqual([
      '| Method | Seeds | rte | sst2 | Avg | Params (%) | Step time |',
      '| :--- | ---: | ---: | ---: | ---: | ---: | ---: |',
      '| MTL | 3 | 62.0 ± 2.0 | 82.0 ± 2.6 | 72.0 ± 2.3 | 0.00 | 1.00x ± 0.10 |',
      '| HyperPrompt-Global | 2 | 72.0 ± 2.8 | 84.0 ± 0.0 | 78.0 ± 1.4 | 1.23 | 1.05x ± 0.01 |',
      '| Prompt-Tuning | 1 | 55.0 | – | 55.0 | 0.012 | 0.95x |',
      '',
    ]);
  });

  it('explains the columns in a footnote naming the reference and its ms/step', () => {
    const table = formatMarkdownTable(buildSummary(COMPARISON), { scoreDecimals: 2 });
    expect(table).toContain('| MTL | 3 | 62.00 ± 2.00 | 82.00 ± 2.65 |');
    expect(table).toContain('relative to MTL (100.0 ms/step)');
    expect(table).toContain('sample standard deviation over seeds');
  });

  it('escapes pipes in labels', () => {
    const runs = COMPARISON.slice(5).map((r) => ({ ...r, label: 'a|b' }));
    expect(formatMarkdownTable(buildSummary(runs), { footnote: false })).toContain('| a\\|b | 1 |');
  });
});

describe('formatPercent', () => {
  it('keeps two significant digits and drops a zero std', () => {
    expect(formatPercent(meanStd([1.234, 1.234]))).toBe('1.23');
    expect(formatPercent(meanStd([0.0123]))).toBe('0.012');
    expect(formatPercent(meanStd([0.00123]))).toBe('0.0012');
    expect(formatPercent(meanStd([0]))).toBe('0.00');
    expect(formatPercent(meanStd([12.5, 13.5]))).toBe('13.00 ± 0.71');
  });
});

describe('meanStd', () => {
  it('uses the sample standard deviation (n - 1)', () => {
    // mean 82; squared deviations 4 + 1 + 9 = 14; 14 / 2 = 7
    const stat = meanStd([80, 81, 85]);
    expect(stat.mean).toBe(82);
    expect(stat.std).toBeCloseTo(Math.sqrt(7), 12);
    expect(stat.n).toBe(3);
  });

  it('has no std for a single value and zero std for equal values', () => {
    expect(meanStd([55])).toEqual({ mean: 55, std: null, n: 1 });
    expect(meanStd([84, 84])).toEqual({ mean: 84, std: 0, n: 2 });
  });

  it('refuses an empty list', () => {
    expect(() => meanStd([])).toThrow(RangeError);
  });
});

describe('formatMeanStd', () => {
  it('prints mean ± std, or the mean alone for one value', () => {
    expect(formatMeanStd(meanStd([70, 74]), 1)).toBe('72.0 ± 2.8');
    expect(formatMeanStd(meanStd([55]), 1)).toBe('55.0');
    expect(formatMeanStd(meanStd([1.04, 1.06]), 2, 'x')).toBe('1.05x ± 0.01');
  });
});
