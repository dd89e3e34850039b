import type { Example } from '../example';
import { createDefaultRegistry, type SplitName } from '../registry';
import { loadAllExamples } from './load';
import { collect, fixture, removeTempFolders, tempFolder } from './__fixtures__/paths';

const registry = createDefaultRegistry();
afterAll(removeTempFolders);
const load = (task: string, split: SplitName, training?: boolean): Promise<Example[]> => {
  const t = registry.get(task);
  return loadAllExamples(t, fixture('superglue', t.folderNames[0]), { split, training });
};
const MARK =
  'Mark told Pete many lies about himself, which Pete included in his book. He should have been more skeptical.';

describe('SuperGLUE JSONL loaders produce T5-formatted examples', () => {
  it('BoolQ: boolean labels, passage before question; test without labels', async () => {
    expect(await load('super_glue/boolq', 'train')).toEqual([
      {
        input:
          'boolq passage: Persian language -- Persian is a Western Iranian language spoken in Iran and Afghanistan. question: do iran and afghanistan speak the same language',
        target: 'True',
        label: 1,
        idx: 0,
      },
      {
        input:
          'boolq passage: The Sun is the star at the center of the Solar System. question: is the sun a planet',
        target: 'False',
        label: 0,
        idx: 1,
      },
    ]);
    expect((await load('super_glue/boolq', 'test'))[0]).toEqual({
      input:
        'boolq passage: Manhattan is the most densely populated borough of New York City. question: is manhattan part of new york city',
      target: '<unk>',
      idx: 0,
    });
  });

  it('CB and RTE: word labels, hypothesis before premise', async () => {
    expect((await load('super_glue/cb', 'validation')).map((e) => [e.target, e.label])).toEqual([
      ['contradiction', 1],
      ['neutral', 2],
    ]);
    expect(await load('super_glue/cb', 'train')).toEqual([
      {
        input:
          'cb hypothesis: the language was peeled down premise: It was a complex language. Not written down but handed down. One might say it was peeled down.',
        target: 'entailment',
        label: 0,
        idx: 0,
      },
    ]);
    expect(await load('super_glue/rte', 'train')).toEqual([
      {
        input:
          'rte hypothesis: Weapons of Mass Destruction Found in Iraq. premise: No Weapons of Mass Destruction Found in Iraq Yet.',
        target: 'not_entailment',
        label: 1,
        idx: 0,
      },
    ]);
  });

  it('COPA: choice1, choice2, premise, question; targets choice1/choice2', async () => {
    expect(await load('super_glue/copa', 'validation')).toEqual([
      {
        input:
          'copa choice1: The toilet filled with water. choice2: Water flowed from the spout. premise: The man turned on the faucet. question: effect',
        target: 'choice2',
        label: 1,
        idx: 0,
      },
    ]);
  });

  it('MultiRC: one example per answer, fixed key order, markup removed, grouped by question', async () => {
    const train = await load('super_glue/multirc', 'train');
    const paragraph =
      'Sent 1: While this process moved along, diplomacy continued its rounds. Sent 2: Direct pressure on the Taliban had proved unsuccessful. ';
    expect(train).toEqual([
      {
        input: `multirc question: What had proved unsuccessful? answer: Direct pressure on the Taliban paragraph: ${paragraph}`,
        target: 'True',
        label: 1,
        idx: 0,
        group: '0-0',
      },
      {
        input: `multirc question: What had proved unsuccessful? answer: Diplomacy paragraph: ${paragraph}`,
        target: 'False',
        label: 0,
        idx: 1,
        group: '0-0',
      },
      {
        input: `multirc question: What continued its rounds? answer: diplomacy paragraph: ${paragraph}`,
        target: 'True',
        label: 1,
        idx: 2,
        group: '0-1',
      },
    ]);
    expect(await load('super_glue/multirc', 'test')).toEqual([
      {
        input: 'multirc question: Who reads? answer: Ann paragraph: Sent 1: Ann reads. ',
        target: '<unk>',
        idx: 0,
        group: '0-0',
      },
    ]);
  });

  it('ReCoRD: one training example per distinct answer; highlights joined; entities sorted and distinct', async () => {
    const input =
      'record query: @placeholder was in a limo when a truck hit it entities: Morgan, Tracy Morgan, Walmart passage: Tracy Morgan hospitalized after crash. Morgan was in a limo. Walmart truck driver charged';
    const shared = {
      input,
      idx: 0,
      group: '0-0',
      candidates: ['Morgan', 'Tracy Morgan', 'Walmart'],
      answers: ['Morgan', 'Tracy Morgan'],
    };
    expect(await load('super_glue/record', 'train')).toEqual([
      { ...shared, target: 'Morgan' },
      { ...shared, target: 'Tracy Morgan' },
    ]);
    // Evaluation: one example per query, all answers attached.
    expect(await load('super_glue/record', 'train', false)).toEqual([{ ...shared, target: 'Morgan' }]);
  });

  it('ReCoRD: entity offsets count code points (a passage with an emoji), test queries have no answers', async () => {
    const validation = await load('super_glue/record', 'validation');
    expect(validation.map((e) => [e.group, e.target, e.answers])).toEqual([
      ['0-0', 'BBC', ['BBC']],
      ['0-1', 'Ball', ['Ball', 'Zoë Ball']],
    ]);
    expect(validation[0].input).toBe(
      'record query: @placeholder confirmed the news entities: BBC, Ball, Zoë Ball passage: Zoë Ball 🎤 hosts the show. BBC confirms Ball',
    );
    expect(await load('super_glue/record', 'test')).toEqual([
      {
        input:
          'record query: @placeholder is in France entities: France, Paris passage: Paris is in France. France wins',
        target: '<unk>',
        idx: 0,
        group: '0-0',
        candidates: ['France', 'Paris'],
      },
    ]);
  });

  it('WiC: sentence1, sentence2, word in that order', async () => {
    expect(await load('super_glue/wic', 'train')).toEqual([
      {
        input:
          'wic sentence1: Do you want to come over to my place later? sentence2: A political system with no place for the less prominent groups. word: place',
        target: 'False',
        label: 0,
        idx: 0,
      },
    ]);
  });

  it('WSC (wsc_simple): pronoun marked, target the candidate; training keeps correct referents only', async () => {
    const input =
      'wsc: Mark told Pete many lies about himself, which Pete included in his book. *He* should have been more skeptical.';
    expect(await load('super_glue/wsc', 'train')).toEqual([{ input, target: 'Pete', label: 1, idx: 1 }]);
    expect(await load('super_glue/wsc', 'validation')).toEqual([
      // span1_text "mark" is repaired to "Mark" as TFDS wsc.fixed does
      { input, target: 'Mark', label: 0, idx: 0 },
      // one of the two texts T5 special-cases
      {
        input:
          'wsc: The boy continued to whip the pony , and eventually the pony threw him over. John laughed out quite loud. "Good for *him* ," he said.',
        target: 'the pony',
        label: 0,
        idx: 1,
      },
    ]);
    expect(await load('super_glue/wsc', 'test')).toEqual([{ input, target: 'Pete', idx: 0 }]);
  });

  it('malformed lines are DataErrors naming file, line and what was expected', async () => {
    const dir = tempFolder({
      'val.jsonl':
        '{"premise": "P", "hypothesis": "H", "label": "entailment", "idx": 0}\n{"premise": "P", "hypothesis": \n',
      'train.jsonl': '{"premise": "P", "hypothesis": "H", "label": "yes", "idx": 0}\n',
      'test.jsonl': '[1, 2]\n',
    });
    const cb = registry.get('super_glue/cb');
    await expect(collect(cb.load(dir, { split: 'validation' }))).rejects.toMatchObject({
      file: `${dir}/val.jsonl`,
      line: 2,
      reason: expect.stringMatching(/^expected one JSON object per line: /) as unknown,
    });
    await expect(collect(cb.load(dir, { split: 'train' }))).rejects.toMatchObject({
      line: 1,
      reason: 'field "label": expected one of entailment, contradiction, neutral, found "yes"',
    });
    await expect(collect(cb.load(dir, { split: 'test' }))).rejects.toMatchObject({
      line: 1,
      reason: 'expected a JSON object, found an array',
    });
    const wsc = tempFolder({
      'val.jsonl': JSON.stringify({
        text: MARK,
        target: { span1_index: 0, span1_text: 'Mark', span2_index: 12, span2_text: 'He' },
        idx: 0,
        label: true,
      }),
    });
    await expect(
      collect(registry.get('super_glue/wsc').load(wsc, { split: 'validation' })),
    ).rejects.toMatchObject({
      line: 1,
      reason: 'word 12 of the text is "book.", expected span2_text "He"',
    });
    const boolq = tempFolder({
      'train.jsonl': '{"question": "q", "passage": "p", "idx": 0, "label": "yes"}\n',
    });
    await expect(
      collect(registry.get('super_glue/boolq').load(boolq, { split: 'train' })),
    ).rejects.toMatchObject({
      reason: 'field "label": expected true or false, found "yes"',
    });
    const multirc = tempFolder({ 'train.jsonl': '{"idx": 0, "passage": {"text": "T", "questions": {}}}\n' });
    await expect(
      collect(registry.get('super_glue/multirc').load(multirc, { split: 'train' })),
    ).rejects.toMatchObject({
      reason: 'field "passage.questions": expected an array',
    });
  });
});
