import { readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '@hyperprompt/core';
import { createDefaultRegistry } from '../registry';
import { readRecords } from './load';
import { readLines } from './lines';
import { collect, removeTempFolders, tempFolder } from './__fixtures__/paths';

const ROWS = 100_000;
const registry = createDefaultRegistry();
afterAll(removeTempFolders);

/** A QQP-layout train.tsv of ROWS rows whose very last row is malformed. */
function largeQqpWithBadTail(): string {
  const dir = tempFolder({});
  const lines = ['id\tqid1\tqid2\tquestion1\tquestion2\tis_duplicate'];
  for (let i = 0; i < ROWS; i++)
    lines.push(`${i}\t${2 * i}\t${2 * i + 1}\tIs question ${i} new?\tIs question ${i} old?\t${i % 2}`);
  lines.push('broken\trow');
  writeFileSync(join(dir, 'train.tsv'), `${lines.join('\n')}\n`);
  return dir;
}

/** Descriptors of this process open on `file` (other descriptors come and go with jest's workers). */
const openOn = (file: string): number =>
  readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === file;
    } catch {
      return false; // closed while listing
    }
  }).length;

describe('loaders stream', () => {
  const dir = largeQqpWithBadTail();
  const qqp = registry.get('glue/qqp');

  it('yields the first example before the file has been read to its (malformed) end', async () => {
    const examples = qqp.load(dir, { split: 'train', malformedRows: 'error' });
    const first = await examples.next();
    expect(first.value).toEqual({
      input: 'qqp question1: Is question 0 new? question2: Is question 0 old?',
      target: 'not_duplicate',
      label: 0,
      idx: 0,
    });
    await examples.return(undefined);
    // Reading to the end reaches the bad row: the error names the last line.
    await expect(collect(qqp.load(dir, { split: 'train', malformedRows: 'error' }))).rejects.toMatchObject({
      line: ROWS + 2,
      reason: 'expected 6 tab-separated fields (as in the header), found 2',
    });
  });

  it('counts 100k rows one at a time (the default policy skips the bad tail)', async () => {
    let n = 0;
    let lastIdx = -1;
    for await (const { record } of readRecords(qqp, dir, { split: 'train', onWarning: () => undefined })) {
      n++;
      lastIdx = record.idx as number;
    }
    expect([n, lastIdx]).toEqual([ROWS, ROWS - 1]);
  });

  // Looks at descriptors through /proc (Linux, as on every machine this project runs on).
  it('closes the file when the consumer stops early', async () => {
    const file = join(dir, 'train.tsv');
    const lines = readLines(file);
    await lines.next();
    await lines.next();
    expect(openOn(file)).toBe(1); // the check can see an open file
    await lines.return(undefined);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(openOn(file)).toBe(0);
  });

  it('a missing file is a DataError naming it', async () => {
    await expect(collect(readLines(join(dir, 'nope.tsv')))).rejects.toThrow(DataError);
    await expect(collect(readLines(join(dir, 'nope.tsv')))).rejects.toThrow(
      /nope\.tsv: cannot read the file/,
    );
  });
});
