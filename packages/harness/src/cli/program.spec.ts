import { ConfigError, DataError } from '@hyperprompt/core';
import { type Call, cli, fakeHandlers } from './__fixtures__/cli';
import { notImplementedHandlers } from './not-implemented';

const COMMANDS = ['run', 'sweep', 'report', 'predict', 'bench', 'data', 'score', 'params'];

describe('hyperprompt program', () => {
  it('prints the command list on --help (exit 0) and on no arguments (exit 2)', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    for (const c of COMMANDS) expect(help.stdout).toContain(`  ${c} `);
    expect(help.stdout).toContain('Exit codes');
    const none = await cli([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Usage: hyperprompt');
  });

  it.each(COMMANDS)('has help with usage and examples for %s', async (command) => {
    const { code, stdout } = await cli([command, '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain(`Usage: hyperprompt ${command}`);
    expect(stdout).toContain('Examples:');
    expect(stdout).toContain(`$ hyperprompt ${command}`);
  });

  it('prints the version', async () => {
    const { code, stdout } = await cli(['--version']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  it.each([
    [['frobnicate'], 'unknown command'],
    [['data', '--task', 'rte', '--split', 'train', '--limt', '3'], "unknown option '--limt'"],
    [['data', '--task', 'rte'], "required option '-s, --split <split>' not specified"],
    [['data', '--task', 'syn-nli', '--split', 'train', '--limit', 'x'], 'expected an integer >= 0'],
    [['run', 'x.json', '--shard', '3/2'], 'expected i/n'],
    [['run', 'x.json', '--backend', 'gpu'], 'Allowed choices are node, wasm, cpu'],
    [['report', 'results', '--select', 'best'], 'Allowed choices are best-per-task, best-average, last'],
    [['predict', '--run', 'r', '--task', 'rte'], 'give --text or --file'],
  ])('exits 2 with one error line on a usage error: %j', async (argv, message) => {
    const calls: Call[] = [];
    const { code, stderr } = await cli(argv, { calls });
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(calls).toHaveLength(0);
  });

  it('passes parsed options of run, sweep, report, predict and bench to their handlers', async () => {
    const calls: Call[] = [];
    await cli(
      ['run', 'exps', '--shard', '1/3', '--seeds', '0,2', '--dry-run', '--no-progress', '--backend', 'wasm'],
      { calls },
    );
    await cli(['sweep', 's.json', '-r', 'out', '--json'], { calls });
    await cli(['report', 'results', '--select', 'last', '--no-plots', '--baseline', 'MTL'], { calls });
    await cli(['predict', '--run', 'r', '--task', 'rte', '--text', 'a', 'b', '--json'], { calls });
    await cli(['bench', 'w1', 'w2', '--steps', '3'], { calls });
    expect(calls.map((c) => [c.command, c.options])).toEqual([
      [
        'run',
        {
          path: 'exps',
          results: 'results',
          force: false,
          dryRun: true,
          shard: { index: 1, count: 3 },
          seeds: [0, 2],
          backend: 'wasm',
          progress: false,
          json: false,
        },
      ],
      [
        'sweep',
        {
          file: 's.json',
          results: 'out',
          force: false,
          dryRun: false,
          shard: undefined,
          seeds: undefined,
          backend: undefined,
          progress: true,
          json: true,
        },
      ],
      [
        'report',
        { results: 'results', out: undefined, select: 'last', baseline: 'MTL', plots: false, json: false },
      ],
      ['predict', { run: 'r', task: 'rte', text: ['a', 'b'], file: undefined, json: true }],
      [
        'bench',
        {
          workloads: ['w1', 'w2'],
          list: false,
          steps: 3,
          warmup: 2,
          backend: undefined,
          out: undefined,
          json: false,
        },
      ],
    ]);
    expect(calls[0].context.verbose).toBe(false);
  });

  it('returns the exit code a handler returns', async () => {
    const { code } = await cli(['run', 'x'], { handlers: fakeHandlers([], () => Promise.resolve(1)) });
    expect(code).toBe(1);
  });

  it.each([
    [
      'ConfigError',
      new ConfigError('steps', 0, 'an integer >= 1'),
      2,
      'error: ConfigError: steps: got 0, expected an integer >= 1',
    ],
    ['DataError', new DataError('d.tsv', 3, 'bad row'), 1, 'error: DataError: d.tsv:3: bad row'],
    ['Error', new Error('boom\nsecond line'), 1, 'error: boom'],
  ])('prints a thrown %s as one line with its exit code', async (_name, error, expected, line) => {
    const handlers = fakeHandlers([], () => Promise.reject(error));
    const quiet = await cli(['run', 'x'], { handlers });
    expect(quiet.code).toBe(expected);
    expect(quiet.stderr).toBe(`${line}\n`);
    const verbose = await cli(['--verbose', 'run', 'x'], { handlers });
    expect(verbose.stderr.startsWith(line)).toBe(true);
    expect(verbose.stderr).toMatch(/^\s+at /m);
  });

  it('wires the delegated commands to "not implemented yet" by default (exit 1)', async () => {
    for (const argv of [
      ['run', 'x'],
      ['sweep', 'x'],
      ['report', 'x'],
      ['predict', '--run', 'r', '--task', 't', '--text', 'a'],
      ['bench'],
    ]) {
      const { code, stderr } = await cli(argv, { handlers: notImplementedHandlers });
      expect(code).toBe(1);
      expect(stderr).toBe(`error: hyperprompt ${argv[0]} is not implemented yet\n`);
    }
  });
});
