import { DataError } from '@hyperprompt/core';
import { createDefaultRegistry } from '../registry';
import { resolveSplitFiles } from './detect';
import { loadAllExamples, readRecords } from './load';
import { shortestFloat32 } from './parquet';
import { collect, fixture, removeTempFolders, tempFolder } from './__fixtures__/paths';

const registry = createDefaultRegistry();
afterAll(removeTempFolders);
const hf = (folder: string): string => fixture('hf', folder);

describe('Hugging Face exports (parquet and JSONL), detected automatically', () => {
  it('GLUE RTE parquet: INT64 labels, several row groups, test labels -1 -> <unk>', async () => {
    const rte = registry.get('glue/rte');
    expect(await resolveSplitFiles(rte, hf('glue-rte'), 'train')).toEqual({
      layout: 'hf-parquet',
      files: [hf('glue-rte/train.parquet')],
    });
    expect(await loadAllExamples(rte, hf('glue-rte'), { split: 'train' })).toEqual([
      {
        input: 'rte sentence1: The cat sat on the mat. sentence2: A cat is sitting.',
        target: 'entailment',
        label: 0,
        idx: 0,
      },
      {
        input: 'rte sentence1: Dogs bark at night. sentence2: Cats bark.',
        target: 'not_entailment',
        label: 1,
        idx: 1,
      },
      {
        input: 'rte sentence1: It rains in Paris. sentence2: Paris is wet.',
        target: 'entailment',
        label: 0,
        idx: 2,
      },
    ]);
    expect(await loadAllExamples(rte, hf('glue-rte'), { split: 'test' })).toEqual([
      { input: 'rte sentence1: Snow is cold. sentence2: Snow is hot.', target: '<unk>', idx: 0 },
    ]);
    const rows = await collect(readRecords(rte, hf('glue-rte'), { split: 'train' }));
    expect(rows.map((r) => r.line)).toEqual([1, 2, 3]);
  });

  it('GLUE STS-B parquet shard: float32 labels read as their shortest decimal', async () => {
    const stsb = registry.get('glue/stsb');
    const examples = await loadAllExamples(stsb, hf('glue-stsb'), { split: 'validation' });
    expect(examples.map((e) => [e.label, e.target])).toEqual([
      [5, '5.0'],
      [3.8, '3.8'],
      [3.3, '3.2'],
    ]);
    expect(shortestFloat32(Math.fround(3.8))).toBe(3.8);
    expect(shortestFloat32(Math.fround(0.1))).toBe(0.1);
    expect(shortestFloat32(0.1)).toBe(0.1); // not a float32: unchanged
  });

  it('SuperGLUE MultiRC parquet: struct idx -> groups; ReCoRD parquet: list columns', async () => {
    expect(
      await loadAllExamples(registry.get('super_glue/multirc'), hf('super_glue-multirc'), {
        split: 'validation',
      }),
    ).toEqual([
      {
        input: 'multirc question: What did Tom eat? answer: An apple paragraph: Sent 1: Tom ate an apple. ',
        target: 'True',
        label: 1,
        idx: 0,
        group: '0-0',
      },
      {
        input: 'multirc question: What did Tom eat? answer: A pear paragraph: Sent 1: Tom ate an apple. ',
        target: 'False',
        label: 0,
        idx: 1,
        group: '0-0',
      },
    ]);
    expect(
      await loadAllExamples(registry.get('super_glue/record'), hf('super_glue-record'), {
        split: 'validation',
      }),
    ).toEqual([
      {
        input:
          'record query: @placeholder was in a limo when a truck hit it entities: Morgan, Tracy Morgan passage: Tracy Morgan hospitalized after crash. Morgan was in a limo',
        target: 'Morgan',
        idx: 0,
        group: '0-0',
        candidates: ['Morgan', 'Tracy Morgan'],
        answers: ['Morgan', 'Tracy Morgan'],
      },
    ]);
  });

  it('HF JSONL: MNLI split names; BoolQ train.jsonl told from native SuperGLUE by its integer labels', async () => {
    const mnli = registry.get('glue/mnli');
    expect(await loadAllExamples(mnli, hf('glue-mnli'), { split: 'validation_mismatched' })).toEqual([
      {
        input: 'mnli hypothesis: Your contributions were of no help. premise: Your contribution helped.',
        target: 'contradiction',
        label: 2,
        idx: 0,
      },
    ]);
    const boolq = registry.get('super_glue/boolq');
    expect(await resolveSplitFiles(boolq, hf('super_glue-boolq'), 'train')).toMatchObject({
      layout: 'hf-jsonl',
    });
    expect(await resolveSplitFiles(boolq, fixture('superglue/BoolQ'), 'train')).toMatchObject({
      layout: 'jsonl',
    });
    expect(await loadAllExamples(boolq, hf('super_glue-boolq'), { split: 'train' })).toEqual([
      {
        input:
          'boolq passage: The Sun is the star at the center of the Solar System. question: is the sun a planet',
        target: 'False',
        label: 0,
        idx: 0,
      },
    ]);
    expect((await loadAllExamples(boolq, hf('super_glue-boolq'), { split: 'test' }))[0].target).toBe('<unk>');
    expect(
      await loadAllExamples(registry.get('super_glue/wsc'), hf('super_glue-wsc'), { split: 'validation' }),
    ).toEqual([
      {
        input:
          'wsc: Mark told Pete many lies about himself, which Pete included in his book. *He* should have been more skeptical.',
        target: 'Pete',
        label: 1,
        idx: 0,
      },
    ]);
  });

  it('an explicit layout overrides detection; a missing layout or split is a DataError naming the folder', async () => {
    const boolq = registry.get('super_glue/boolq');
    // Forcing the HF layout on native SuperGLUE files: a boolean label is not a class index.
    await expect(
      collect(boolq.load(fixture('superglue/BoolQ'), { split: 'train', layout: 'hf-jsonl' })),
    ).rejects.toMatchObject({
      line: 1,
      reason: 'field "label": expected a class index in [0, 2) or -1, found true',
    });
    await expect(collect(boolq.load(hf('super_glue-boolq'), { split: 'validation' }))).rejects.toThrow(
      /super_glue-boolq: no data for split "validation" of super_glue\/boolq: expected one of val\.jsonl, validation\.parquet/,
    );
    await expect(resolveSplitFiles(boolq, hf('super_glue-boolq'), 'train', 'hf-parquet')).rejects.toThrow(
      DataError,
    );
    await expect(collect(boolq.load(fixture('no-such-folder'), { split: 'train' }))).rejects.toThrow(
      /no-such-folder: expected a folder with the task data/,
    );
  });

  it('HF records are validated: a wrong label or a non-parquet file is a DataError with file and line', async () => {
    const dir = tempFolder({
      'validation.jsonl':
        '{"sentence1": "A", "sentence2": "B", "label": 1, "idx": 0}\n{"sentence1": "A", "sentence2": "B", "label": 7, "idx": 1}\n',
      'train.parquet': 'PAR1 this is not parquet PAR1',
    });
    const rte = registry.get('glue/rte');
    await expect(collect(rte.load(dir, { split: 'validation' }))).rejects.toMatchObject({
      file: `${dir}/validation.jsonl`,
      line: 2,
      reason: 'field "label": expected a class index in [0, 2) or -1, found 7',
    });
    await expect(collect(rte.load(dir, { split: 'train' }))).rejects.toMatchObject({
      file: `${dir}/train.parquet`,
      reason: expect.stringMatching(/^not a readable parquet file/) as unknown,
    });
    const missing = tempFolder({ 'train.jsonl': '{"sentence1": "A", "label": 0, "idx": 0}\n' });
    await expect(collect(rte.load(missing, { split: 'train' }))).rejects.toMatchObject({
      line: 1,
      reason: 'field "sentence2": expected a string, found nothing (field missing)',
    });
  });
});
