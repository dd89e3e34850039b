import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMPARISON, PAIRED, SWEEP } from './__fixtures__/runs';
import { buildSummary } from './summary';
import { planPlots, type ReportFiles } from './write-report';

describe('planPlots', () => {
  it('plans learning curves and attention for a comparison, no ablation', () => {
    const plots = planPlots(COMPARISON, ['MTL']);
    expect(plots.map((p) => p.file)).toEqual([
      'learning-curves.svg',
      'learning-curves-per-task.svg',
      'attention-mass.svg',
    ]);
  });

  it('adds one ablation per swept field and one curve per sweep point', () => {
    const plots = planPlots(SWEEP, []);
    expect(plots.map((p) => p.file)).toEqual([
      'learning-curves.svg',
      'learning-curves-per-task.svg',
      'ablation-methods-0-promptLength.svg',
    ]);
    const curves = (plots[0].spec.data as { values: { label: string }[] }).values;
    expect(new Set(curves.map((r) => r.label)).size).toBe(3);
    expect(planPlots(SWEEP, [], { sweepFields: [] }).map((p) => p.file)).not.toContain(
      'ablation-methods-0-promptLength.svg',
    );
  });
});

// vega and vega-lite are ES modules with top-level await that jest's CommonJS sandbox cannot
// import, so the real rendering runs in a plain node child process.
describe('writeReport (rendered in a node child process)', () => {
  let work: string;
  let files: { comparison: ReportFiles; sweep: ReportFiles; paired: ReportFiles };
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'report-write-'));
    const script = join(__dirname, '__fixtures__', 'render-report.js');
    const child = spawnSync(process.execPath, [script, work], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`render-report.js failed (${child.status}):\n${child.stderr}`);
    files = JSON.parse(child.stdout.trim().split('\n').pop() ?? '') as typeof files;
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('writes report.md with the table and links to every plot', async () => {
    const { comparison } = files;
    expect(comparison.report).toBe(join(work, 'comparison-report', 'report.md'));
    const markdown = await readFile(comparison.report, 'utf8');
    expect(markdown).toContain(
      '| MTL                |     3 |  62.0 ± 5.0 | 82.0 ± 6.6 |  72.0 ± 5.7 |  72.0 ± 5.7 |    reference |       0.00 | 1.00x ± 0.25 |',
    );
    expect(markdown).toContain(comparison.table);
    for (const name of ['learning-curves.svg', 'learning-curves-per-task.svg', 'attention-mass.svg']) {
      expect(markdown).toContain(`](${name})`);
    }
  });

  it('writes summary.json with the same numbers as buildSummary', async () => {
    const summary: unknown = JSON.parse(await readFile(files.comparison.summary, 'utf8'));
    expect(summary).toEqual(JSON.parse(JSON.stringify(buildSummary(COMPARISON))));
    const paired: unknown = JSON.parse(await readFile(files.paired.summary, 'utf8'));
    expect(paired).toEqual(JSON.parse(JSON.stringify(buildSummary(PAIRED))));
  });

  it('puts the majority row, the paired differences and the legend into report.md', async () => {
    const { paired } = files;
    expect(paired.plots).toEqual([]);
    const markdown = await readFile(paired.report, 'utf8');
    expect(markdown).toContain(paired.table);
    expect(markdown).toContain(
      '| Majority class     |     4 |  52.6 ± 0.7 | 50.9 ± 0.5 |  51.8 ± 0.3 |  51.8 ± 0.3 | -21.2 ± 8.5 * |          – |            – |',
    );
    expect(markdown).toContain(
      '| Adapters           |     3 |  +4.0 ± 2.5 * |  +4.0 ± 2.5 * |  +4.0 ± 1.2 * |',
    );
    expect(markdown).toContain('`*` marks a resolved difference');
  });

  it('renders every plot to an SVG with its title, axes and legend', async () => {
    const { comparison, sweep } = files;
    expect(comparison.plots.map((p) => p.slice(p.lastIndexOf('/') + 1))).toEqual([
      'learning-curves.svg',
      'learning-curves-per-task.svg',
      'attention-mass.svg',
    ]);
    const expected: Record<string, string[]> = {
      'comparison-report/learning-curves.svg': [
        'Learning curves',
        'Training step',
        'Average score (0-100)',
        'MTL',
      ],
      'comparison-report/learning-curves-per-task.svg': [
        'Learning curves per task',
        'rte',
        'sst2',
        'Prompt-Tuning',
      ],
      'comparison-report/attention-mass.svg': [
        'Attention mass on hyper-prompts per layer',
        'Layer',
        'encoder',
        'decoder',
      ],
      'sweep/ablation-methods-0-promptLength.svg': [
        'Ablation: promptLength',
        'promptLength',
        'HyperPrompt-Global',
      ],
      'sweep/learning-curves.svg': ['HyperPrompt-Global (promptLength=16)'],
    };
    const rendered = [...comparison.plots, ...sweep.plots].map((path) => path.slice(work.length + 1));
    expect(rendered).toEqual(expect.arrayContaining(Object.keys(expected)));
    for (const name of rendered) {
      const svg = await readFile(join(work, name), 'utf8');
      const missing = (expected[name] ?? []).filter((text) => !svg.includes(`>${text}<`));
      expect({ name, svg: svg.startsWith('<svg') && svg.includes('<path '), missing }).toEqual({
        name,
        svg: true,
        missing: [],
      });
    }
  });

  it('splits a sweep into one row per swept value and draws its ablation curve', () => {
    const { sweep } = files;
    expect(sweep.report).toBe(join(work, 'sweep', 'report.md'));
    // 60/62 → 61.0 ± 12.7 (t(0.975, 1) = 12.71 × s 1.41 / √2); 70/74 → 72.0 ± 25.4
    expect(sweep.table).toContain('| HyperPrompt-Global (promptLength=4)  |     2 | 61.0 ± 12.7 |');
    expect(sweep.table).toContain('| HyperPrompt-Global (promptLength=16) |     2 | 72.0 ± 25.4 |');
    expect(sweep.table).toContain('| Δ Avg (paired) |'); // the reference label is too long for the header
    expect(sweep.table).toContain(
      'Paired differences to HyperPrompt-Global (promptLength=4) (this row minus',
    );
    expect(sweep.plots.map((p) => p.slice(p.lastIndexOf('/') + 1))).toContain(
      'ablation-methods-0-promptLength.svg',
    );
  });
});
