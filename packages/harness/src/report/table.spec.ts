import { COMPARISON, PAIRED } from './__fixtures__/runs';
import { buildSummary } from './summary';
import { alignMarkdownTable, formatMarkdownTable, formatPercent } from './table';
import { confidenceInterval, formatMeanStd, meanStd } from './stats';

describe('formatMarkdownTable', () => {
  it('lays out the paper table, aligned, with mean ± 95 % interval cells', () => {
    // MTL rte 60/62/64: 62 ± t(0.975, 2) × 2 / √3 = 62 ± 4.97; HyperPrompt-Global rte 70/74:
    // 72 ± t(0.975, 1) × 2.83 / √2 = 72 ± 25.4; avg 77/79 vs MTL 70/71.5 on seeds 1 and 2:
    // differences 7 and 7.5, +7.25 ± 12.71 × 0.354 / √2 = +7.3 ± 3.2 (excludes 0).
    const table = formatMarkdownTable(buildSummary(COMPARISON), { footnote: false, differences: false });
    expect(table.split('\n')).toEqual([
      '| Method             | Seeds |         rte |       sst2 |         Avg |  Avg (last) | Δ Avg vs MTL | Params (%) |    Step time |',
      '| :----------------- | ----: | ----------: | ---------: | ----------: | ----------: | -----------: | ---------: | -----------: |',
      '| MTL                |     3 |  62.0 ± 5.0 | 82.0 ± 6.6 |  72.0 ± 5.7 |  72.0 ± 5.7 |    reference |       0.00 | 1.00x ± 0.25 |',
      '| HyperPrompt-Global |     2 | 72.0 ± 25.4 | 84.0 ± 0.0 | 78.0 ± 12.7 | 78.0 ± 12.7 | +7.3 ± 3.2 * |       1.23 | 1.05x ± 0.13 |',
      '| Prompt-Tuning      |     1 |        55.0 |          – |        55.0 |        55.0 |            – |      0.012 |        0.95x |',
      '',
    ]);
  });

  it('renders three seeds, a reference row, the majority row and the paired differences', () => {
    const lines = formatMarkdownTable(buildSummary(PAIRED)).split('\n');
    // Numbers: intervals.json (SciPy); e.g. Adapters Δ avg 4.5/3.5/4 → +4.0 ± 1.242 (resolved),
    // HyperPrompt-Global pairs with MTL on seeds 2 and 3 only: -1.5/0.5 → -0.5 ± 12.706.
    expect(lines.slice(0, 7)).toEqual([
      '| Method             | Seeds |         rte |       sst2 |         Avg |  Avg (last) |  Δ Avg vs MTL | Params (%) |    Step time |',
      '| :----------------- | ----: | ----------: | ---------: | ----------: | ----------: | ------------: | ---------: | -----------: |',
      '| MTL                |     3 |  63.0 ± 7.5 | 83.0 ± 9.0 |  73.0 ± 8.1 |  71.8 ± 8.3 |     reference |       0.00 | 1.00x ± 0.00 |',
      '| Adapters           |     3 |  67.0 ± 9.0 | 87.0 ± 6.6 |  77.0 ± 7.8 |  77.0 ± 7.8 |  +4.0 ± 1.2 * |       1.50 | 1.50x ± 0.00 |',
      '| HyperPrompt-Global |     3 | 68.7 ± 17.6 | 84.3 ± 8.7 | 76.5 ± 13.1 | 76.5 ± 13.1 |   -0.5 ± 12.7 |       1.50 | 1.20x ± 0.00 |',
      '| Prompt-Tuning      |     1 |        55.0 |       78.0 |        66.5 |        66.5 |          -3.5 |       1.50 |        0.90x |',
      '| Majority class     |     4 |  52.6 ± 0.7 | 50.9 ± 0.5 |  51.8 ± 0.3 |  51.8 ± 0.3 | -21.2 ± 8.5 * |          – |            – |',
    ]);
    expect(lines.slice(7, 16)).toEqual([
      '',
      'Paired differences to MTL (this row minus MTL, over the seeds both have):',
      '',
      '| Method             | Pairs |           rte |          sst2 |           Avg |',
      '| :----------------- | ----: | ------------: | ------------: | ------------: |',
      '| Adapters           |     3 |  +4.0 ± 2.5 * |  +4.0 ± 2.5 * |  +4.0 ± 1.2 * |',
      '| HyperPrompt-Global |     2 |   +1.0 ± 38.1 |   -2.0 ± 12.7 |   -0.5 ± 12.7 |',
      '| Prompt-Tuning      |     1 |          -5.0 |          -2.0 |          -3.5 |',
      '| Majority class     |     3 | -10.4 ± 8.4 * | -32.0 ± 8.5 * | -21.2 ± 8.5 * |',
    ]);
    const legend = lines.slice(16).join('\n');
    expect(legend).toContain("Scores (0-100): each task's best validation score over the evaluations");
    expect(legend).toContain('a is the mean over seeds and a ± b its 95 % confidence interval');
    expect(legend).toContain("97.5 % quantile of Student's t distribution with n - 1 degrees of freedom");
    expect(legend).toContain('(here t = 3.18 for 4 seeds, 4.30 for 3 seeds)');
    expect(legend).toContain('A row with one seed shows the mean only');
    expect(legend).toContain('Avg (last): the same for the scores of the last evaluation');
    expect(legend).toContain('`*` marks a resolved difference: its interval excludes 0');
    expect(legend).toContain("this row's Avg minus MTL's (a paired difference");
    expect(legend).toContain('Majority class: always predicting the most frequent training label');
    expect(legend).toContain('relative to MTL (100.0 ms/step)');
    expect(lines[lines.length - 1]).toBe('');
  });

  it('labels the second average by what it selects', () => {
    const table = formatMarkdownTable(buildSummary(PAIRED, { select: 'last' }), { differences: false });
    expect(table.split('\n')[0]).toContain('|         Avg |  Avg (best) |');
    expect(table).toContain('Scores (0-100): the scores of the last evaluation (no checkpoint selection)');
    expect(table).toContain("Avg (best): the same for each task's best validation score");
  });

  it('shows means only, and no t, when every row has one seed', () => {
    const table = formatMarkdownTable(buildSummary(COMPARISON.filter((r) => r.seed === 1)));
    expect(table).toContain(
      '| MTL                |     1 | 60.0 | 80.0 | 70.0 |       70.0 |    reference |',
    );
    expect(table).toContain(
      '| HyperPrompt-Global |     1 | 70.0 | 84.0 | 77.0 |       77.0 |         +7.0 |',
    );
    expect(table.split('\n\n')[0]).not.toContain('±');
    expect(table).not.toContain('(here t =');
  });

  it('uses the scoreDecimals and names the reference and its ms/step', () => {
    const table = formatMarkdownTable(buildSummary(COMPARISON), { scoreDecimals: 2 });
    expect(table).toMatch(/\| MTL +\| +3 \| +62\.00 ± 4\.97 \| 82\.00 ± 6\.57 \|/);
    expect(table).toContain('relative to MTL (100.0 ms/step)');
    expect(table).toContain('its 95 % confidence interval');
    expect(table).not.toContain('Majority class'); // no run recorded baselines
  });

  it('escapes pipes in labels', () => {
    const runs = COMPARISON.slice(5).map((r) => ({ ...r, label: 'a|b' }));
    expect(formatMarkdownTable(buildSummary(runs), { footnote: false })).toContain('| a\\|b   |     1 |');
  });
});

describe('alignMarkdownTable', () => {
  it('pads the first column left and the others right, rules at least three wide', () => {
    expect(
      alignMarkdownTable(
        ['A', 'B'],
        [
          ['long name', '1'],
          ['x', '22'],
        ],
      ),
    ).toEqual(['| A         |   B |', '| :-------- | --: |', '| long name |   1 |', '| x         |  22 |']);
  });
});

describe('formatPercent', () => {
  it('keeps two significant digits and drops a zero-width interval', () => {
    expect(formatPercent(confidenceInterval([1.234, 1.234]))).toBe('1.23');
    expect(formatPercent(confidenceInterval([0.0123]))).toBe('0.012');
    expect(formatPercent(confidenceInterval([0.00123]))).toBe('0.0012');
    expect(formatPercent(confidenceInterval([0]))).toBe('0.00');
    // 12.5, 13.5: s = 0.7071, t(0.975, 1) = 12.706 → half-width 6.35
    expect(formatPercent(confidenceInterval([12.5, 13.5]))).toBe('13.00 ± 6.35');
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
