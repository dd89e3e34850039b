import { DataError } from '@hyperprompt/core';
import type { Example } from '../example';
import { createDefaultRegistry, type SplitName } from '../registry';
import { loadAllExamples } from './load';
import { collect, fixture, removeTempFolders, tempFolder } from './__fixtures__/paths';
import type { LoadWarning } from './types';

const registry = createDefaultRegistry();
afterAll(removeTempFolders);
const load = (task: string, split: SplitName, onWarning?: (w: LoadWarning) => void): Promise<Example[]> => {
  const t = registry.get(task);
  return loadAllExamples(t, fixture('glue', t.folderNames[0]), { split, onWarning });
};

describe('GLUE TSV loaders produce T5-formatted examples', () => {
  it('CoLA: headerless 4-column train/dev, headered test', async () => {
    expect(await load('glue/cola', 'train')).toEqual([
      {
        input: 'cola sentence: Our friends will buy this analysis tomorrow.',
        target: 'acceptable',
        label: 1,
        idx: 0,
      },
      {
        input: 'cola sentence: The more we study verbs, the crazier they get get.',
        target: 'unacceptable',
        label: 0,
        idx: 1,
      },
      {
        input: 'cola sentence: "Nobody," she said, "knows the answer."',
        target: 'acceptable',
        label: 1,
        idx: 2,
      },
    ]);
    expect(await load('glue/cola', 'validation')).toHaveLength(2);
    expect(await load('glue/cola', 'test')).toEqual([
      { input: 'cola sentence: Bill whistled past the house.', target: '<unk>', idx: 0 },
      { input: 'cola sentence: The car honked its way down the road.', target: '<unk>', idx: 1 },
    ]);
  });

  it('SST-2: sentence/label, test with index column', async () => {
    expect(await load('glue/sst2', 'train')).toEqual([
      {
        input: 'sst2 sentence: hide new secretions from the parental units ',
        target: 'negative',
        label: 0,
        idx: 0,
      },
      {
        input: 'sst2 sentence: a gorgeous , witty , seductive movie . ',
        target: 'positive',
        label: 1,
        idx: 1,
      },
    ]);
    expect(await load('glue/sst2', 'test')).toEqual([
      { input: 'sst2 sentence: uneasy mishmash of styles and genres .', target: '<unk>', idx: 0 },
    ]);
  });

  it('MRPC: Quality and #1/#2 String columns; a BOM and CRLF line ends are handled', async () => {
    expect(await load('glue/mrpc', 'train')).toEqual([
      {
        input:
          'mrpc sentence1: He said the foodservice pie business does not fit. sentence2: The foodservice pie business does not fit, he said.',
        target: 'equivalent',
        label: 1,
        idx: 0,
      },
      {
        input:
          "mrpc sentence1: Yucaipa owned Dominick 's before selling the chain. sentence2: Yucaipa bought Dominick 's in 1995 for $ 693 million.",
        target: 'not_equivalent',
        label: 0,
        idx: 1,
      },
    ]);
    expect((await load('glue/mrpc', 'test'))[0].target).toBe('<unk>');
  });

  it('QQP: malformed rows are skipped with one warning each; idx counts every data row', async () => {
    const warnings: LoadWarning[] = [];
    const examples = await load('glue/qqp', 'train', (w) => warnings.push(w));
    expect(examples.map((e) => [e.idx, e.target])).toEqual([
      [0, 'not_duplicate'],
      [1, 'duplicate'],
      [4, 'not_duplicate'],
    ]);
    expect(examples[1].input).toBe(
      'qqp question1: How do I control my horny emotions? question2: How do you control your horniness?',
    );
    expect(warnings).toEqual([
      {
        file: fixture('glue/QQP/train.tsv'),
        line: 4,
        reason: 'expected 6 tab-separated fields (as in the header), found 4',
      },
      {
        file: fixture('glue/QQP/train.tsv'),
        line: 5,
        reason: 'expected 6 tab-separated fields (as in the header), found 3',
      },
    ]);
  });

  it('QQP: without onWarning, one process warning counts the skipped rows', async () => {
    const emitted: string[] = [];
    const spy = jest.spyOn(process, 'emitWarning').mockImplementation((w: string | Error) => {
      emitted.push(String(w));
    });
    try {
      await load('glue/qqp', 'train');
    } finally {
      spy.mockRestore();
    }
    expect(emitted).toEqual([
      expect.stringMatching(/QQP\/train\.tsv: skipped 2 malformed rows \(first at line 4: /),
    ]);
  });

  it('QQP: malformedRows "error" turns a malformed row into a DataError with file and line', async () => {
    const t = registry.get('glue/qqp');
    const run = collect(t.load(fixture('glue/QQP'), { split: 'train', malformedRows: 'error' }));
    await expect(run).rejects.toThrow(DataError);
    await expect(
      collect(t.load(fixture('glue/QQP'), { split: 'train', malformedRows: 'error' })),
    ).rejects.toMatchObject({
      file: fixture('glue/QQP/train.tsv'),
      line: 4,
      reason: 'expected 6 tab-separated fields (as in the header), found 4',
    });
  });

  it('STS-B: float scores; targets on the 0.2 grid as T5 rounds them (float32, ties to even)', async () => {
    const train = await load('glue/stsb', 'train');
    expect(train.map((e) => [e.label, e.target])).toEqual([
      [5, '5.0'],
      [3.8, '3.8'],
      [3.3, '3.2'],
      [2.5, '2.4'],
      [4.25, '4.2'],
    ]);
    expect(train[0].input).toBe(
      'stsb sentence1: A plane is taking off. sentence2: An air plane is taking off.',
    );
    expect(await load('glue/stsb', 'validation')).toEqual([
      {
        input:
          'stsb sentence1: A man with a hard hat is dancing. sentence2: A man wearing a hard hat is dancing.',
        target: '0.4',
        label: 0.5,
        idx: 0,
      },
    ]);
    expect(await load('glue/stsb', 'test')).toEqual([
      {
        input: 'stsb sentence1: A girl is styling her hair. sentence2: A girl is brushing her hair.',
        target: '<unk>',
        idx: 0,
      },
    ]);
  });

  it('MNLI: 12-column train, 16-column dev (matched and mismatched), 10-column test; keys alphabetical', async () => {
    expect((await load('glue/mnli', 'train'))[0]).toEqual({
      input:
        'mnli hypothesis: Product and geography are what make cream skimming work.  premise: Conceptually cream skimming has two basic dimensions - product and geography.',
      target: 'neutral',
      label: 1,
      idx: 0,
    });
    expect(await load('glue/mnli', 'validation_matched')).toEqual([
      {
        input:
          'mnli hypothesis: Everyone really likes the newest benefits  premise: The new rights are nice enough',
        target: 'neutral',
        label: 1,
        idx: 0,
      },
    ]);
    expect((await load('glue/mnli', 'validation_mismatched'))[0]).toMatchObject({
      target: 'contradiction',
      label: 2,
    });
    expect((await load('glue/mnli', 'test_matched'))[0].target).toBe('<unk>');
    expect((await load('glue/mnli', 'test_mismatched'))[0].input).toBe(
      "mnli hypothesis: So what's your decision? premise: What have you decided, what are you going to do?",
    );
  });

  it('QNLI, RTE, WNLI: word labels (QNLI, RTE) and 0/1 labels (WNLI)', async () => {
    expect(await load('glue/qnli', 'train')).toEqual([
      {
        input:
          'qnli question: When did the third Digimon series begin? sentence: Unlike the two seasons before it, the third series was darker.',
        target: 'not_entailment',
        label: 1,
        idx: 0,
      },
    ]);
    expect((await load('glue/rte', 'train'))[0]).toEqual({
      input:
        'rte sentence1: No Weapons of Mass Destruction Found in Iraq Yet. sentence2: Weapons of Mass Destruction Found in Iraq.',
      target: 'not_entailment',
      label: 1,
      idx: 0,
    });
    expect(await load('glue/wnli', 'train')).toEqual([
      {
        input:
          'wnli sentence1: I stuck a pin through a carrot. When I pulled the pin out, it had a hole. sentence2: The carrot had a hole.',
        target: 'entailment',
        label: 1,
        idx: 0,
      },
    ]);
    expect((await load('glue/wnli', 'validation'))[0]).toMatchObject({ target: 'not_entailment', label: 0 });
  });

  it('malformed rows of other tasks are DataErrors naming file, line and what was expected', async () => {
    const dir = tempFolder({
      'dev.tsv': 'index\tsentence1\tsentence2\tlabel\n0\tA.\tB.\tentailment\n1\tC.\tD.\tmaybe\n',
      'train.tsv': '0\t1\t\tFine.\n0\t1\tOnly three\n',
    });
    await expect(collect(registry.get('glue/rte').load(dir, { split: 'validation' }))).rejects.toMatchObject({
      file: `${dir}/dev.tsv`,
      line: 3,
      reason: 'expected a label in {entailment, not_entailment} or a class index below 2, found "maybe"',
    });
    await expect(collect(registry.get('glue/cola').load(dir, { split: 'train' }))).rejects.toMatchObject({
      file: `${dir}/train.tsv`,
      line: 2,
      reason: 'expected 4 tab-separated fields, found 3',
    });
    const noColumn = tempFolder({ 'dev.tsv': 'index\tpremise\thypothesis\tlabel\n' });
    await expect(collect(registry.get('glue/rte').load(noColumn, { split: 'validation' }))).rejects.toThrow(
      /dev\.tsv:1: expected a header with a "sentence1" column/,
    );
  });
});
