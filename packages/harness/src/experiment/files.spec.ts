import { ConfigError, DataError } from '@hyperprompt/core';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadExperiment, loadExperiments, resolveExperimentPath } from './files';

describe('experiment files', () => {
  let dir: string;
  const write = (name: string, json: unknown): string => {
    const path = join(dir, name);
    writeFileSync(path, typeof json === 'string' ? json : JSON.stringify(json));
    return path;
  };

  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'hp-files-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('loads one experiment and resolves its paths against its folder', async () => {
    const file = write('glue.json', { name: 'glue', tasks: ['rte'], data: { dir: '../glue_data' } });
    const loaded = await loadExperiment(file);
    expect(loaded.config.data).toMatchObject({ dir: '../glue_data' });
    expect(resolveExperimentPath(loaded, '../glue_data')).toBe(join(dir, '..', 'glue_data'));
    expect(resolveExperimentPath(loaded, '/abs')).toBe('/abs');
  });

  it('loads a comparison folder in file-name order, expanding sweeps with a base by path', async () => {
    mkdirSync(join(dir, 'exps'));
    write('base.json', { name: 'pt', tasks: ['syn-nli'], methods: [{ kind: 'prompt-tuning' }] });
    write('exps/b-mtl.json', { name: 'mtl', tasks: ['syn-nli'] });
    write('exps/a-sweep.json', {
      name: 'len',
      base: '../base.json',
      grid: { 'methods.0.promptLength': [2, 4] },
    });
    write('exps/notes.txt', 'ignored');
    const loaded = await loadExperiments(join(dir, 'exps'));
    expect(loaded.map((e) => e.config.name)).toEqual(['len/promptLength=2', 'len/promptLength=4', 'mtl']);
    expect(loaded[0].source).toBe(join(dir, 'exps', 'a-sweep.json'));
    expect(loaded[0].baseDir).toBe(join(dir, 'exps'));
    expect((await loadExperiments(join(dir, 'exps', 'b-mtl.json'))).map((e) => e.config.name)).toEqual([
      'mtl',
    ]);
  });

  it('names the file of a bad experiment, refuses duplicate names and empty folders', async () => {
    mkdirSync(join(dir, 'bad'));
    write('bad/x.json', { name: 'x', tasks: ['syn-nli'], steps: -1 });
    await expect(loadExperiments(join(dir, 'bad'))).rejects.toThrow(
      `${join(dir, 'bad', 'x.json')}: steps: got -1`,
    );
    mkdirSync(join(dir, 'dup'));
    write('dup/1.json', { name: 'same', tasks: ['syn-nli'] });
    write('dup/2.json', { name: 'same', tasks: ['syn-grammar'] });
    await expect(loadExperiments(join(dir, 'dup'))).rejects.toThrow(
      'name: got "same", expected a name not used by',
    );
    mkdirSync(join(dir, 'empty'));
    await expect(loadExperiments(join(dir, 'empty'))).rejects.toThrow(ConfigError);
  });

  it('reports unreadable and malformed files as DataError naming the file', async () => {
    await expect(loadExperiments(join(dir, 'missing.json'))).rejects.toThrow(DataError);
    const broken = write('broken.json', '{"name": ');
    await expect(loadExperiment(broken)).rejects.toThrow(`${broken}: not valid JSON`);
  });
});
