import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '../errors';
import {
  BACKEND_NAMES,
  createBackendInitializer,
  defaultThreads,
  formatBackendInfo,
  resolveBackendRequest,
} from './init-backend';
import {
  BackendUnavailableError,
  loadCpu,
  loadTensorflow,
  type BackendLoader,
  type BackendName,
} from './loaders';

/** Loaders that record calls; listed backends fail, the others select cpu. */
function fakeLoaders(
  failing: Partial<Record<BackendName, Error>>,
  calls: string[],
): Record<BackendName, BackendLoader> {
  const make =
    (name: BackendName): BackendLoader =>
    async ({ threads }) => {
      calls.push(`${name}:${threads}`);
      const error = failing[name];
      if (error) throw error;
      await tf.setBackend('cpu');
      return { threads: name === 'wasm' ? threads : 1, simd: name !== 'cpu' };
    };
  return { tensorflow: make('tensorflow'), wasm: make('wasm'), cpu: make('cpu') };
}

function expectConfigError(fn: () => unknown, field: string, mentions: string): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ConfigError);
  expect((caught as ConfigError).field).toBe(field);
  expect((caught as ConfigError).message).toContain(mentions);
}

describe('resolveBackendRequest', () => {
  it('defaults to tensorflow, wasm, cpu with one thread per core (at most 8), 1 under jest', () => {
    const request = resolveBackendRequest({}, {});
    expect(request.candidates).toEqual(['tensorflow', 'wasm', 'cpu']);
    expect(request.source).toBe('default');
    expect(request.threads).toBe(defaultThreads({}));
    expect(defaultThreads({})).toBeGreaterThanOrEqual(1);
    expect(defaultThreads({})).toBeLessThanOrEqual(8);
    expect(defaultThreads({ JEST_WORKER_ID: '1' })).toBe(1);
    expect(resolveBackendRequest({}, { JEST_WORKER_ID: '3' }).threads).toBe(1);
  });

  it('takes prefer and threads from options', () => {
    expect(resolveBackendRequest({ prefer: ['cpu'], threads: 3 }, {})).toEqual({
      candidates: ['cpu'],
      threads: 3,
      source: 'option',
    });
  });

  it('lets the environment override options, and treats empty variables as unset', () => {
    const env = { HYPERPROMPT_BACKEND: ' WASM , cpu ', HYPERPROMPT_THREADS: ' 2 ' };
    expect(resolveBackendRequest({ prefer: ['tensorflow'], threads: 5 }, env)).toEqual({
      candidates: ['wasm', 'cpu'],
      threads: 2,
      source: 'env',
    });
    expect(
      resolveBackendRequest({ threads: 4 }, { HYPERPROMPT_BACKEND: '', HYPERPROMPT_THREADS: '  ' }),
    ).toEqual({
      candidates: BACKEND_NAMES,
      threads: 4,
      source: 'default',
    });
  });

  it.each(['gpu', 'wasm,,cpu', 'cpu,cpu', 'webgl', ','])('rejects HYPERPROMPT_BACKEND=%j', (value) => {
    expectConfigError(
      () => resolveBackendRequest({}, { HYPERPROMPT_BACKEND: value }),
      'HYPERPROMPT_BACKEND',
      'tensorflow, wasm, cpu',
    );
  });

  it.each(['0', '9', '1.5', 'two', '-1', '2x'])('rejects HYPERPROMPT_THREADS=%j', (value) => {
    expectConfigError(
      () => resolveBackendRequest({}, { HYPERPROMPT_THREADS: value }),
      'HYPERPROMPT_THREADS',
      'from 1 to 8',
    );
  });

  it('rejects invalid options, naming the option', () => {
    expectConfigError(() => resolveBackendRequest({ prefer: [] }, {}), 'prefer', 'tensorflow, wasm, cpu');
    expectConfigError(
      () => resolveBackendRequest({ prefer: ['gpu' as BackendName] }, {}),
      'prefer',
      'distinct',
    );
    expectConfigError(() => resolveBackendRequest({ threads: 0 }, {}), 'threads', 'from 1 to 8');
    expectConfigError(() => resolveBackendRequest({ threads: 2.5 }, {}), 'threads', 'from 1 to 8');
  });
});

describe('createBackendInitializer', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('falls back in order, silently past a tensorflow that is not installed', async () => {
    const calls: string[] = [];
    const lines: string[] = [];
    const init = createBackendInitializer({
      env: {},
      loaders: fakeLoaders(
        {
          tensorflow: new BackendUnavailableError('tensorflow', 'not installed', true),
          wasm: new Error('no wasm today'),
        },
        calls,
      ),
    });
    const info = await init({ threads: 2, log: (line) => lines.push(line) });
    expect(info).toEqual({ name: 'cpu', threads: 1, simd: false, source: 'default' });
    expect(calls).toEqual(['tensorflow:2', 'wasm:2', 'cpu:2']);
    expect(lines).toEqual([
      '[hyperprompt] warning: backend wasm unavailable (no wasm today); trying cpu',
      '[hyperprompt] backend: cpu (1 thread)',
    ]);
  });

  it('warns about every skipped backend the user asked for, and fails when none loads', async () => {
    const lines: string[] = [];
    const env = { HYPERPROMPT_BACKEND: 'tensorflow,wasm' };
    const failing = {
      tensorflow: new BackendUnavailableError('tensorflow', 'not installed', true),
      wasm: new BackendUnavailableError('wasm', 'broken'),
    };
    const init = createBackendInitializer({ env, loaders: fakeLoaders(failing, []) });
    const attempt = init({ log: (line) => lines.push(line) });
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toThrow(/HYPERPROMPT_BACKEND.*tensorflow: not installed; wasm: broken/);
    expect(lines).toEqual([
      '[hyperprompt] warning: backend tensorflow unavailable (not installed); trying wasm',
    ]);
  });

  it('is a cheap no-op for the same request and logs a choice once', async () => {
    const calls: string[] = [];
    const lines: string[] = [];
    const log = (line: string): number => lines.push(line);
    const init = createBackendInitializer({
      env: {},
      loaders: fakeLoaders({ tensorflow: new Error('x') }, calls),
    });
    const first = await init({ prefer: ['wasm'], threads: 2, log });
    const again = await Promise.all([
      init({ prefer: ['wasm'], threads: 2, log }),
      init({ prefer: ['wasm'], threads: 2 }),
    ]);
    expect(again[0]).toBe(first);
    expect(again[1]).toBe(first);
    expect(calls).toEqual(['wasm:2']);
    await init({ prefer: ['tensorflow', 'wasm'], threads: 2, log }); // same outcome: not logged again
    await init({ prefer: ['cpu'], log });
    expect(lines).toEqual([
      '[hyperprompt] backend: wasm (simd, 2 threads)',
      '[hyperprompt] warning: backend tensorflow unavailable (x); trying wasm',
      '[hyperprompt] backend: cpu (1 thread)',
    ]);
  });

  it('formats the report line', () => {
    expect(formatBackendInfo({ name: 'tensorflow', threads: 4, simd: true, source: 'env' })).toBe(
      '[hyperprompt] backend: tensorflow (native, 4 threads) [HYPERPROMPT_BACKEND]',
    );
  });
});

describe('real loaders', () => {
  it('reports an uninstalled tfjs-node as an expected unavailability', async () => {
    let installed = true;
    try {
      require.resolve('@tensorflow/tfjs-node');
    } catch {
      installed = false;
    }
    if (installed) return; // nothing to check on a machine that has it
    const attempt = loadTensorflow({ threads: 1, warn: () => undefined });
    await expect(attempt).rejects.toBeInstanceOf(BackendUnavailableError);
    await expect(attempt).rejects.toMatchObject({
      backend: 'tensorflow',
      reason: 'not installed',
      expected: true,
    });
  });

  it('selects cpu and switches off its Node banner without touching global flags', async () => {
    const isTest = tf.env().getBool('IS_TEST');
    const prod = tf.env().getBool('PROD');
    await expect(loadCpu({ threads: 1, warn: () => undefined })).resolves.toEqual({
      threads: 1,
      simd: false,
    });
    expect(tf.getBackend()).toBe('cpu');
    expect((tf.engine().registry.cpu as unknown as { firstUse: unknown }).firstUse).toBe(false);
    expect([tf.env().getBool('IS_TEST'), tf.env().getBool('PROD')]).toEqual([isTest, prod]);
  });

  it('picks a fast backend by default without warnings (1 wasm thread under jest)', async () => {
    const lines: string[] = [];
    const init = createBackendInitializer({ env: { JEST_WORKER_ID: '1' } });
    const info = await init({ log: (line) => lines.push(line) });
    expect(['tensorflow', 'wasm']).toContain(info.name);
    expect(tf.getBackend()).toBe(info.name);
    if (info.name === 'wasm') expect(info).toMatchObject({ threads: 1, simd: true });
    expect(lines).toEqual([formatBackendInfo(info)]);
    tf.tidy(() => expect(tf.add(tf.scalar(1), tf.scalar(2)).arraySync()).toBe(3));
  });
});
