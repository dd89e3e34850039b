import { SYNTHETIC_TASK_NAMES } from '../synthetic';
import { WORDNET_TASK_NAMES } from '../wordnet';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '@hyperprompt/core';
import { t5ClassificationFormatter } from '../formats';
import { collect, removeTempFolders, tempFolder } from '../loaders/__fixtures__/paths';
import { createDefaultRegistry, defineTask, TaskRegistry, type TaskSpec } from './index';

afterAll(removeTempFolders);

const SENTIMENT: TaskSpec = {
  name: 'my/sentiment',
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
  metrics: ['accuracy', 'f1'],
};

describe('the default registry', () => {
  const registry = createDefaultRegistry();

  it('registers the synthetic suite, WordNet, GLUE and SuperGLUE', () => {
    expect(registry.names()).toEqual([
      ...SYNTHETIC_TASK_NAMES,
      ...WORDNET_TASK_NAMES,
      'glue/cola',
      'glue/sst2',
      'glue/mrpc',
      'glue/qqp',
      'glue/stsb',
      'glue/mnli',
      'glue/qnli',
      'glue/rte',
      'glue/wnli',
      'super_glue/boolq',
      'super_glue/cb',
      'super_glue/copa',
      'super_glue/multirc',
      'super_glue/record',
      'super_glue/rte',
      'super_glue/wic',
      'super_glue/wsc',
    ]);
    expect(registry.benchmarks()).toEqual(['synthetic', 'wordnet', 'glue', 'super_glue']);
    expect(registry.averageTasks('glue')).not.toContain('glue/wnli');
    expect(registry.averageTasks('super_glue')).toHaveLength(8);
  });

  it('describes each task as data', () => {
    const mrpc = registry.get('glue/mrpc');
    expect([mrpc.kind, mrpc.labelWords, mrpc.metrics, mrpc.maxTargetLength, mrpc.trainExamples]).toEqual([
      'classification',
      ['not_equivalent', 'equivalent'],
      ['f1', 'accuracy'],
      14,
      3668,
    ]);
    const mnli = registry.get('glue/mnli');
    expect(mnli.evalSplits).toEqual(['validation_matched', 'validation_mismatched']);
    expect(mnli.splits.validation_mismatched).toBe('dev_mismatched.tsv');
    const stsb = registry.get('glue/stsb');
    expect([stsb.kind, stsb.regression, stsb.maxTargetLength, stsb.metrics]).toEqual([
      'regression',
      { min: 0, max: 5, step: 0.2, decimals: 1 },
      3,
      ['pearson_corrcoef', 'spearman_corrcoef'],
    ]);
    expect(registry.get('super_glue/cb').metrics).toEqual(['mean_3class_f1', 'accuracy']);
    expect(registry.get('super_glue/record')).toMatchObject({
      kind: 'span',
      metrics: ['em', 'f1'],
      maxTargetLength: 128,
    });
    expect(registry.get('super_glue/rte').splits).toEqual({
      train: 'train.jsonl',
      validation: 'val.jsonl',
      test: 'test.jsonl',
    });
    expect(Object.isFrozen(mrpc)).toBe(true);
  });

  it('refuses unknown names with the list of known ones, and duplicates', () => {
    expect(() => registry.get('glue/sts-b')).toThrow(ConfigError);
    expect(() => registry.get('glue/sts-b')).toThrow(
      /got "glue\/sts-b", expected one of "syn-sentiment", .*"glue\/cola"/,
    );
    expect(() => registry.register(registry.get('glue/rte'))).toThrow(
      /task\(glue\/rte\)\.name: got "glue\/rte", expected a name or alias not registered yet/,
    );
  });

  it('finds tasks by short name: GLUE and SuperGLUE short names, superglue-rte', () => {
    expect(registry.resolveName('rte')).toBe('glue/rte');
    expect(registry.resolveName('superglue-rte')).toBe('super_glue/rte');
    expect(registry.resolveName('boolq')).toBe('super_glue/boolq');
    expect(registry.resolveName('syn-nli')).toBe('syn-nli');
    expect(registry.get('stsb').name).toBe('glue/stsb');
    expect(registry.shortName('super_glue/rte')).toBe('superglue-rte');
    expect(registry.shortName('syn-nli')).toBe('syn-nli');
    expect(() => registry.resolveName('sts-b', 'tasks.0')).toThrow(
      /tasks\.0: got "sts-b", expected one of .*"rte"/,
    );
  });

  it('refuses an alias that another task already uses', () => {
    const own = createDefaultRegistry();
    expect(() => own.register({ ...SENTIMENT, aliases: ['rte'] })).toThrow(
      /expected a name or alias not registered yet/,
    );
    expect(own.has('my/sentiment')).toBe(false);
  });

  it('registers embedded tasks: examples come from the family, no folder', async () => {
    const task = registry.get('syn-sentiment-inverse');
    expect(task.embedded?.name).toBe('synthetic');
    const first: string[] = [];
    for await (const e of task.load('/nonexistent', { split: 'validation' })) {
      first.push(e.target);
      if (first.length === 4) break;
    }
    expect(first.every((t) => ['negative', 'positive'].includes(t))).toBe(true);
    expect(
      task.score(
        ['positive', 'negative'],
        [
          { input: 'x', target: 'positive', label: 1, idx: 0 },
          { input: 'y', target: 'positive', label: 1, idx: 1 },
        ],
      ),
    ).toEqual({ accuracy: 0.5 });
  });

  it('gives a fresh registry per call', () => {
    const a = createDefaultRegistry();
    a.register(SENTIMENT);
    expect(createDefaultRegistry().has('my/sentiment')).toBe(false);
  });
});

describe('a user registers a task in a few lines', () => {
  it('loads, formats and scores it with the same types', async () => {
    const dir = tempFolder({});
    writeFileSync(
      join(dir, 'train.jsonl'),
      '{"text": "great film", "label": 1, "idx": 0}\n{"text": "dull", "label": 0, "idx": 1}\n',
    );
    writeFileSync(join(dir, 'dev.jsonl'), '{"text": "fine", "label": 1, "idx": 0}\n');
    const registry = new TaskRegistry();
    const task = registry.register(SENTIMENT);
    expect(task.maxTargetLength).toBe(8);
    expect(task.evalSplits).toEqual(['validation']);
    expect(task.folderNames).toEqual(['sentiment']);
    const train = await collect(task.load(dir, { split: 'train' }));
    expect(train).toEqual([
      { input: 'sentiment text: great film', target: 'positive', label: 1, idx: 0 },
      { input: 'sentiment text: dull', target: 'negative', label: 0, idx: 1 },
    ]);
    // "oops" on a negative example counts as a false positive (T5's f1_score_with_invalid).
    expect(task.score(['positive', 'oops'], train)).toEqual({ accuracy: 0.5, f1: 2 / 3 });
    expect(() => registry.register(SENTIMENT)).toThrow(ConfigError);
  });
});

describe('defineTask validates every field', () => {
  const bad =
    (patch: Partial<TaskSpec>): (() => unknown) =>
    () =>
      defineTask({ ...SENTIMENT, ...patch });

  it.each<[string, Partial<TaskSpec>, RegExp]>([
    ['name', { name: 'my task' }, /^task\.name: /],
    [
      'labelWords',
      { labelWords: [] },
      /task\(my\/sentiment\)\.labelWords: got \[\], expected a non-empty array/,
    ],
    ['duplicate labelWords', { labelWords: ['a', 'a'] }, /expected distinct strings/],
    ['f1 needs 2 classes', { labelWords: ['a', 'b', 'c'] }, /f1 is binary/],
    ['unknown metric', { metrics: ['bleu'] }, /unknown metric: give the task a custom score function/],
    ['evalSplits', { evalSplits: ['test'] }, /evalSplits\[0\]: got "test"/],
    ['split names', { splits: { dev: 'dev.jsonl' } as TaskSpec['splits'] }, /splits\.dev: /],
    [
      'tsv layouts',
      { source: { kind: 'tsv', layouts: {} } },
      /source\.layouts\.train: got undefined, expected a TSV layout/,
    ],
    [
      'span needs maxTargetLength',
      { kind: 'span', labelWords: undefined, score: () => ({}) },
      /maxTargetLength: got undefined/,
    ],
    [
      'regression rule',
      { kind: 'regression', labelWords: undefined, metrics: ['pearson_corrcoef'] },
      /regression: got undefined/,
    ],
    [
      'hyperformer rule',
      { splits: { train: 'train.jsonl' }, hyperformerSplit: 'halve-validation' },
      /missing "validation"/,
    ],
  ])('%s', (_, patch, message) => {
    expect(bad(patch)).toThrow(ConfigError);
    expect(bad(patch)).toThrow(message);
  });
});
