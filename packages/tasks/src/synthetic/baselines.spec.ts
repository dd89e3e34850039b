import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatBaselineTable, trivialBaselines } from './baselines';
import { generateSyntheticSuite } from './suite';

const START = '<!-- synthetic-baselines:start -->';
const END = '<!-- synthetic-baselines:end -->';

/** The baseline table pasted in the package README. */
function documentedTable(): string {
  const root = path.join(__dirname, '..', '..');
  for (const file of ['README.md']) {
    const full = path.join(root, file);
    if (!fs.existsSync(full)) continue;
    const text = fs.readFileSync(full, 'utf8');
    const start = text.indexOf(START);
    const end = text.indexOf(END);
    if (start >= 0 && end > start) return text.slice(start + START.length, end).trim();
  }
  throw new Error(`no ${START} ... ${END} section in README.md`);
}

/** A Markdown table's cells, trimmed, with separator rows reduced to `---` (Prettier pads tables). */
function cells(table: string): string[][] {
  return table
    .trim()
    .split('\n')
    .map((line) =>
      line
        .trim()
        .replace(/^\||\|$/g, '')
        .split('|')
        .map((cell) => (/^\s*:?-+:?\s*$/.test(cell) ? '---' : cell.trim())),
    );
}

describe('trivialBaselines', () => {
  const suite = generateSyntheticSuite();
  const baselines = trivialBaselines(suite);

  it('equals the table in the package documentation (default suite)', () => {
    expect(cells(documentedTable())).toEqual(cells(formatBaselineTable(baselines)));
  });

  it('predicts the training majority; chance level on the balanced evaluation splits', () => {
    for (const b of baselines) {
      const task = suite.tasks.find((t) => t.name === b.task);
      if (task === undefined || task.kind === 'regression') continue;
      const k = task.labelWords.length;
      const counts = task.labelWords.map((_, c) => task.splits.train.filter((e) => e.label === c).length);
      expect(counts[task.labelWords.indexOf(b.prediction)]).toBe(Math.max(...counts));
      for (const split of ['validation', 'test'] as const) {
        const scores = b.scores[split];
        if ('accuracy' in scores) expect(scores.accuracy).toBeCloseTo(1 / k, 12);
        if ('mcc' in scores) expect(scores.mcc).toBe(0);
        if ('f1' in scores)
          expect(scores.f1).toBeCloseTo(b.prediction === task.labelWords[1] ? 2 / 3 : 0, 12);
      }
    }
  });

  it('reports the mean-prediction MSE for regression, correlations as undefined', () => {
    const b = baselines.find((x) => x.task === 'syn-similarity');
    const task = suite.tasks.find((t) => t.name === 'syn-similarity');
    if (b === undefined || task === undefined) throw new Error('missing syn-similarity');
    const train = task.splits.train.map((e) => e.label as number);
    const mean = train.reduce((x, y) => x + y, 0) / train.length;
    const test = task.splits.test.map((e) => e.label as number);
    const variance = test.reduce((x, y) => x + (y - mean) ** 2, 0) / test.length;
    expect(b.scores.test).toEqual({ pearson: null, spearman: null, mse: variance });
    expect(b.prediction).toBe(`mean ${mean.toFixed(3)}`);
  });

  it('formats a Markdown table', () => {
    const table = formatBaselineTable(baselines).split('\n');
    expect(table[0]).toBe('| task | trivial prediction | validation | test |');
    expect(table).toHaveLength(2 + suite.tasks.length);
  });
});
