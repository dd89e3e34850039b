import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError } from '@hyperprompt/core';
import { COMPARISON, makeRun, writeRuns } from './__fixtures__/runs';
import { findResultFiles, groupByLabel, loadResults, validateRunResult } from './load';

describe('loadResults', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'report-load-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads result.json one and two folders down, not deeper, not the folder itself', async () => {
    await writeRuns(dir, COMPARISON.slice(0, 2));
    await writeRuns(join(dir, 'experiment-b'), COMPARISON.slice(2, 4));
    await writeRuns(join(dir, 'a', 'b'), COMPARISON.slice(4)); // three levels: ignored
    await writeFile(join(dir, 'result.json'), '{}'); // the folder itself: ignored
    const loaded = await loadResults(dir);
    expect(loaded).toHaveLength(4);
    expect(loaded.map((l) => l.result.id).sort()).toEqual(
      COMPARISON.slice(0, 4)
        .map((r) => r.id)
        .sort(),
    );
    expect(await findResultFiles(dir)).toEqual(loaded.map((l) => l.file));
  });

  it('names the folder when it holds no result', async () => {
    await expect(loadResults(dir)).rejects.toThrow(new RegExp(`${dir}.*no result.json`));
    await expect(loadResults(join(dir, 'missing'))).rejects.toBeInstanceOf(DataError);
  });

  it('names the file when it is not JSON', async () => {
    await mkdir(join(dir, 'run'));
    await writeFile(join(dir, 'run', 'result.json'), '{ not json');
    await expect(loadResults(dir)).rejects.toThrow(/run\/result\.json: not valid JSON/);
  });
});

describe('validateRunResult', () => {
  const fixture = { label: 'MTL', seed: 1, best: { rte: 60 }, msPerStep: 100, addedPercent: 0 };
  const good = makeRun(fixture);
  /** `good` without one field (set to undefined, which JSON drops). */
  const without = (path: [string] | [string, string]): unknown => {
    const copy = JSON.parse(JSON.stringify(good)) as Record<string, Record<string, unknown> | undefined>;
    if (path.length === 1) copy[path[0]] = undefined;
    else copy[path[0]] = { ...copy[path[0]], [path[1]]: undefined };
    return JSON.parse(JSON.stringify(copy));
  };

  it('accepts a complete result', () => {
    expect(validateRunResult(JSON.parse(JSON.stringify(good)), 'f.json').label).toBe('MTL');
  });

  it('names the file and the field that is missing or wrong', () => {
    expect(() => validateRunResult({ ...good, schemaVersion: 99 }, 'r/result.json')).toThrow(
      'r/result.json: field "schemaVersion" must be 1, found 99',
    );
    expect(() => validateRunResult(without(['label']), 'x.json')).toThrow(
      'field "label" must be a non-empty string',
    );
    expect(() => validateRunResult(without(['timing', 'msPerStep']), 'x.json')).toThrow(
      '"timing.msPerStep" must be a number',
    );
    expect(() => validateRunResult(without(['best', 'perTaskAverage']), 'x.json')).toThrow(
      '"best.perTaskAverage"',
    );
    expect(() => validateRunResult({ ...good, evals: [{ step: 'a' }] }, 'x.json')).toThrow('"evals.0.step"');
    expect(() => validateRunResult({ ...good, tasks: [1] }, 'x.json')).toThrow(
      '"tasks" must be an array of task names',
    );
    expect(() => validateRunResult([], 'x.json')).toThrow(DataError);
  });

  it('accepts majority baselines and names a mistyped one', () => {
    const withBaselines = makeRun({ ...fixture, majority: { rte: ['entailment', 52.7] } });
    expect(validateRunResult(JSON.parse(JSON.stringify(withBaselines)), 'f.json').baselines).toEqual({
      rte: { majority: { label: 'entailment', score: 52.7, metrics: { accuracy: 52.7 } } },
    });
    expect(validateRunResult({ ...good, baselines: { rte: {} } }, 'f.json').baselines).toEqual({ rte: {} });
    expect(() => validateRunResult({ ...good, baselines: [] }, 'x.json')).toThrow(
      'field "baselines" must be',
    );
    expect(() =>
      validateRunResult({ ...good, baselines: { rte: { majority: { label: 'a', score: '50' } } } }, 'x.json'),
    ).toThrow('field "baselines.rte.majority.score" must be a number, found "50"');
    expect(() =>
      validateRunResult({ ...good, baselines: { rte: { majority: { score: 50 } } } }, 'x.json'),
    ).toThrow('field "baselines.rte.majority.label" must be a string');
  });
});

describe('groupByLabel', () => {
  it('groups seeds of one label in load order', () => {
    const groups = groupByLabel(COMPARISON);
    expect([...groups.keys()]).toEqual(['MTL', 'HyperPrompt-Global', 'Prompt-Tuning']);
    expect(groups.get('MTL')?.map((r) => r.seed)).toEqual([1, 2, 3]);
  });
});
