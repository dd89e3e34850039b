import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDefaultRegistry, loadAllExamples } from '@hyperprompt/tasks';
import { cli, TASK_FIXTURES } from '../__fixtures__/cli';

describe('hyperprompt score', () => {
  let dir: string;
  const file = (name: string, lines: readonly string[], end = '\n'): string => {
    const path = join(dir, name);
    writeFileSync(path, lines.join('\n') + end);
    return path;
  };
  const score = async (
    argv: readonly string[],
  ): Promise<{ code: number; metrics: unknown; stderr: string }> => {
    const { code, stdout, stderr } = await cli(['score', ...argv, '--json']);
    return { code, stderr, metrics: code === 0 ? (JSON.parse(stdout) as unknown) : undefined };
  };

  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'hp-score-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('scores RTE on the 0-100 scale; a non-label prediction counts as wrong', async () => {
    const refs = file('refs.txt', ['entailment', 'not_entailment', 'entailment', 'entailment']);
    const preds = file('preds.txt', ['entailment', 'entailment', 'maybe', 'entailment'], '');
    expect(await score(['--task', 'rte', '--predictions', preds, '--references', refs])).toEqual({
      code: 0,
      stderr: '',
      metrics: { accuracy: 50 },
    });
  });

  it('scores MRPC with F1 and accuracy, and CoLA with Matthews correlation', async () => {
    const refs = file('mrpc-refs.txt', ['equivalent', 'not_equivalent', 'equivalent', 'not_equivalent']);
    const preds = file('mrpc-preds.txt', ['equivalent', 'equivalent', 'equivalent', 'not_equivalent']);
    const mrpc = await score(['--task', 'mrpc', '--predictions', preds, '--references', refs]);
    expect(mrpc.metrics).toEqual({ f1: 80, accuracy: 75 });
    const colaRefs = file('cola-refs.txt', ['acceptable', 'unacceptable']);
    const cola = await score(['--task', 'cola', '--predictions', colaRefs, '--references', colaRefs]);
    expect(cola.metrics).toEqual({ matthews_corrcoef: 100 });
  });

  it('scores STS-B and syn-similarity correlations from numbers', async () => {
    const refs = file('stsb-refs.txt', ['0.0', '1.2', '2.6', '4.8']);
    const preds = file('stsb-preds.txt', ['0.4', '1.0', '3.0', '5.0']);
    const stsb = (await score(['--task', 'stsb', '--predictions', preds, '--references', refs]))
      .metrics as Record<string, number>;
    expect(stsb.spearman_corrcoef).toBeCloseTo(100, 10);
    expect(stsb.pearson_corrcoef).toBeGreaterThan(98);
    const syn = (await score(['--task', 'syn-similarity', '--predictions', preds, '--references', refs]))
      .metrics;
    expect(Object.keys(syn as object)).toEqual(['pearson', 'spearman']);
  });

  it('scores a synthetic classification task with its own metric names', async () => {
    const refs = file('syn-refs.txt', ['acceptable', 'unacceptable', 'acceptable']);
    const { code, metrics } = await score([
      '--task',
      'syn-grammar',
      '--predictions',
      refs,
      '--references',
      refs,
    ]);
    expect(code).toBe(0);
    expect(metrics).toEqual({ mcc: 100 });
  });

  it('scores MultiRC from its data folder (grouped per question) but refuses target strings alone', async () => {
    const data = join(TASK_FIXTURES, 'superglue', 'MultiRC');
    const gold = await loadAllExamples(createDefaultRegistry().get('super_glue/multirc'), data, {
      split: 'validation',
    });
    const preds = file(
      'multirc-preds.txt',
      gold.map((e) => e.target),
    );
    const ok = await score([
      '--task',
      'multirc',
      '--predictions',
      preds,
      '--data-dir',
      data,
      '--split',
      'validation',
    ]);
    expect(ok.metrics).toEqual({ f1a: 100, exact_match: 100 });
    const refused = await score(['--task', 'multirc', '--predictions', preds, '--references', preds]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('cannot be scored from target strings alone');
    expect(refused.stderr).toContain('--data-dir and --split');
  });

  it('prints metric: value lines without --json', async () => {
    const refs = file('plain.txt', ['entailment', 'not_entailment']);
    const { code, stdout } = await cli([
      'score',
      '--task',
      'rte',
      '--predictions',
      refs,
      '--references',
      refs,
    ]);
    expect(code).toBe(0);
    expect(stdout).toBe('accuracy: 100.00\n');
  });

  it.each([
    [
      'line counts differ',
      ['a.txt:entailment', 'b.txt:entailment,entailment'],
      2,
      'ConfigError: --predictions: got "1 lines", expected 2',
    ],
    [
      'a reference is not a label word',
      ['a.txt:entailment', 'b.txt:yes'],
      1,
      'b.txt:1: reference "yes" is not a label word',
    ],
    ['no gold given', ['a.txt:entailment'], 2, 'give --references'],
  ])('reports %s as one line', async (_what, files, code, message) => {
    const [p, r] = files.map((spec) => {
      const [name, lines] = spec.split(':');
      return file(name, lines.split(','));
    });
    const argv = ['--task', 'rte', '--predictions', p, ...(files.length > 1 ? ['--references', r] : [])];
    const run = await score(argv);
    expect(run.code).toBe(code);
    expect(run.stderr).toContain(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});
