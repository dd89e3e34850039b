import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { T5_PRESETS, t5ParameterCount, t5Preset, toHFConfig } from '@hyperprompt/t5';
import { cli } from '../__fixtures__/cli';

interface TableJson {
  readonly numTasks: number;
  readonly backboneParameters: number;
  readonly rows: readonly {
    component: string;
    parameters: Record<string, number>;
    extra: number;
    extraPercentOfBackbone: number;
  }[];
}

describe('hyperprompt params', () => {
  let dir: string;
  const write = (name: string, json: unknown): string => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(json));
    return path;
  };
  const params = async (argv: readonly string[]): Promise<TableJson> => {
    const { code, stdout, stderr } = await cli(['params', ...argv, '--json']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    return JSON.parse(stdout) as TableJson;
  };

  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'hp-params-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('counts a preset backbone and a method in closed form (K x P x D per-task prompts)', async () => {
    const method = write('pt.json', { kind: 'prompt-tuning', promptLength: 20 });
    const table = await params(['--backbone', 't5-base', '--method', method, '--num-tasks', '8']);
    const backbone = t5ParameterCount(T5_PRESETS['t5-base']);
    expect(table.numTasks).toBe(8);
    expect(table.backboneParameters).toBe(backbone);
    expect(table.rows.map((r) => r.component)).toEqual(['t5-base', 'Prompt-Tuning']);
    expect(table.rows[1].parameters['per-task']).toBe(8 * 20 * 768);
    expect(table.rows[1].extraPercentOfBackbone).toBeCloseTo((100 * 8 * 20 * 768) / backbone, 10);
  });

  it('sums a composition and reads K, methods and backbone from an experiment file', async () => {
    const experiment = write('exp.json', {
      name: 'two-prompts',
      backbone: { preset: 'tiny', overrides: { dModel: 48 } },
      tasks: ['syn-nli', 'syn-sentiment', 'syn-grammar'],
      methods: [
        { kind: 'prompt-tuning', promptLength: 4, label: 'A' },
        { kind: 'prompt-tuning', promptLength: 2, shared: true, label: 'B' },
      ],
    });
    const table = await params(['--method', experiment]);
    expect(table.numTasks).toBe(3);
    expect(table.backboneParameters).toBe(t5ParameterCount(t5Preset('tiny', { dModel: 48 })));
    expect(table.rows.map((r) => r.component)).toEqual(['tiny', 'A', 'B', 'tiny + A + B']);
    expect(table.rows[3].extra).toBe(3 * 4 * 48 + 2 * 48);
  });

  it('reads a checkpoint folder config.json and prints a Markdown table', async () => {
    const checkpoint = join(dir, 'ckpt');
    mkdirSync(checkpoint);
    write('ckpt/config.json', toHFConfig(T5_PRESETS['t5-small']));
    const { code, stdout } = await cli(['params', '--backbone', checkpoint]);
    expect(code).toBe(0);
    expect(stdout).toContain('K = 1 task\n');
    expect(stdout).toContain(
      `| ckpt | ${t5ParameterCount(T5_PRESETS['t5-small']).toLocaleString('en-US')} |`,
    );
  });

  it.each([
    [
      'a bad method field',
      [{ kind: 'prompt-tuning', promptLength: 0 }],
      2,
      'methods.0.promptLength: got 0, expected a positive integer',
    ],
    [
      'an unknown method kind',
      [{ kind: 'lora' }],
      2,
      'methods.0.kind: got "lora", expected one of "prompt-tuning"',
    ],
    [
      'an unknown method key',
      { kind: 'prompt-tuning', lenght: 3 },
      2,
      'methods.0.lenght: got "unknown field"',
    ],
  ])('reports %s with exit code 2', async (_what, json, code, message) => {
    const method = write('bad.json', json);
    const run = await cli(['params', '--backbone', 'tiny', '--method', method]);
    expect(run.code).toBe(code);
    expect(run.stderr).toContain(message);
  });

  it('needs a backbone', async () => {
    const run = await cli(['params', '--method', write('m.json', { kind: 'prompt-tuning' })]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('give --backbone');
    const missing = await cli(['params', '--backbone', join(dir, 'nothing-here')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('a folder with config.json');
  });
});
