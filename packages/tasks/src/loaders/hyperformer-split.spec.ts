import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '@hyperprompt/core';
import { createDefaultRegistry } from '../registry';
import {
  HYPERFORMER_HELD_OUT,
  hyperformerSource,
  loadHyperformerSplit,
  type HyperformerSplitOptions,
} from './hyperformer-split';
import { collect, fixture, removeTempFolders, tempFolder } from './__fixtures__/paths';

const registry = createDefaultRegistry();
afterAll(removeTempFolders);
const ids = async (task: string, dir: string, options: HyperformerSplitOptions): Promise<number[]> =>
  (await collect(loadHyperformerSplit(registry.get(task), dir, options))).map((e) => e.idx ?? -1);

describe("HyperFormer's seeded re-split", () => {
  const rte = fixture('glue/RTE');

  it('small tasks: the validation set is halved by a seeded permutation (validation first half, test the rest)', async () => {
    const validation = await ids('glue/rte', rte, { split: 'validation', seed: 42 });
    const test = await ids('glue/rte', rte, { split: 'test', seed: 42 });
    expect(validation).toHaveLength(5);
    expect(test).toHaveLength(5);
    expect([...validation, ...test].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // Deterministic per seed, different across seeds.
    expect(await ids('glue/rte', rte, { split: 'validation', seed: 42 })).toEqual(validation);
    const others = await Promise.all(
      [1, 2, 3].map((seed) => ids('glue/rte', rte, { split: 'validation', seed })),
    );
    expect(others.some((o) => o.join() !== validation.join())).toBe(true);
    // Records keep file order; the test half is labelled evaluation data, formatted as such.
    expect(validation).toEqual([...validation].sort((a, b) => a - b));
    const examples = await collect(loadHyperformerSplit(registry.get('glue/rte'), rte, { split: 'test' }));
    expect(examples.every((e) => e.label !== undefined && e.input.startsWith('rte sentence1: '))).toBe(true);
    expect(await ids('glue/rte', rte, { split: 'train' })).toEqual([0, 1]);
  });

  it('large tasks: 1,000 training records held out as validation, the official validation set as test', async () => {
    const dir = tempFolder({});
    const header = 'id\tqid1\tqid2\tquestion1\tquestion2\tis_duplicate';
    const rows = Array.from({ length: 1500 }, (_, i) => `${i}\t0\t0\tQ${i}?\tP${i}?\t${i % 2}`);
    writeFileSync(join(dir, 'train.tsv'), [header, ...rows].join('\n'));
    writeFileSync(join(dir, 'dev.tsv'), [header, '0\t0\t0\tA?\tB?\t1', '1\t0\t0\tC?\tD?\t0'].join('\n'));
    const validation = await ids('glue/qqp', dir, { split: 'validation', seed: 7 });
    const train = await ids('glue/qqp', dir, { split: 'train', seed: 7 });
    expect(validation).toHaveLength(HYPERFORMER_HELD_OUT);
    expect(train).toHaveLength(500);
    expect(new Set([...validation, ...train]).size).toBe(1500);
    expect(await ids('glue/qqp', dir, { split: 'validation', seed: 7 })).toEqual(validation);
    expect(await ids('glue/qqp', dir, { split: 'test', seed: 7 })).toEqual([0, 1]);
  });

  it('MNLI: validation = validation_mismatched, test = validation_matched', async () => {
    const mnli = registry.get('glue/mnli');
    expect(hyperformerSource(mnli, 'validation')).toEqual({ source: 'validation_mismatched' });
    expect(hyperformerSource(mnli, 'test')).toEqual({ source: 'validation_matched' });
    const test = await collect(loadHyperformerSplit(mnli, fixture('glue/MNLI'), { split: 'test' }));
    expect(test.map((e) => e.target)).toEqual(['neutral']);
    const validation = await collect(
      loadHyperformerSplit(mnli, fixture('glue/MNLI'), { split: 'validation' }),
    );
    expect(validation.map((e) => e.target)).toEqual(['contradiction']);
  });

  it('training splits are formatted for training (ReCoRD: one example per answer)', async () => {
    const record = registry.get('super_glue/record');
    expect(hyperformerSource(record, 'train')).toEqual({ source: 'train', part: 'tail', head: 'held-out' });
    // One training record only: it is held out (validation), the rest (nothing) trains.
    const heldOut = await collect(
      loadHyperformerSplit(record, fixture('superglue/ReCoRD'), { split: 'validation' }),
    );
    expect(heldOut.map((e) => e.target)).toEqual(['Morgan']);
    expect(
      await collect(loadHyperformerSplit(record, fixture('superglue/ReCoRD'), { split: 'train' })),
    ).toEqual([]);
  });

  it('rejects a bad seed', async () => {
    await expect(
      collect(loadHyperformerSplit(registry.get('glue/rte'), rte, { split: 'test', seed: -1 })),
    ).rejects.toThrow(ConfigError);
  });
});
