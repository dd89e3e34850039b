import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import * as wasm from '@tensorflow/tfjs-backend-wasm';
import { createBackendInitializer } from './init-backend';
import { createWasmLoader } from './loaders';
import { initWasmThreaded, type ThreadedWasmOptions } from './wasm-threads';

/** Forgets the initialised wasm backend so that the next test initialises it again. */
function resetWasm(): void {
  if (!('wasm' in tf.engine().registry)) return;
  const factory = tf.findBackendFactory('wasm');
  tf.removeBackend('wasm');
  tf.registerBackend('wasm', factory, 2);
}

async function initWith(shim: ThreadedWasmOptions): Promise<{ threads: number; lines: string[] }> {
  const lines: string[] = [];
  const init = createBackendInitializer({ env: {}, loaders: { wasm: createWasmLoader(shim) } });
  const info = await init({ prefer: ['wasm'], threads: 2, log: (line) => lines.push(line) });
  return { threads: info.threads, lines };
}

describe('threaded wasm failures fall back to one thread', () => {
  const cpuCount = os.cpus().length;

  beforeEach(resetWasm);
  afterAll(resetWasm);

  it.each([
    ['a worker that throws', { workerSource: 'throw new Error("injected failure")' }, /injected failure/],
    ['a worker that is not JavaScript', { workerSource: 'this is not javascript' }, /Unexpected identifier/],
    // Outside jest nothing else keeps the event loop alive: before the fix, Node exited with
    // code 0 in the middle of initBackend when the workers ended cleanly.
    ['workers that exit cleanly', { workerSource: '' }, /exited \(code 0\) during initialisation/],
    [
      'workers that never answer',
      { workerSource: 'setInterval(() => {}, 1000)', timeoutMs: 1000 },
      /timed out/,
    ],
  ])('%s', async (_label, shim, reason) => {
    const { threads, lines } = await initWith(shim);
    expect(threads).toBe(1);
    expect(wasm.getThreadsCount()).toBe(1);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(reason);
    expect(lines[0]).toContain('falling back to 1 thread');
    expect(lines[1]).toBe('[hyperprompt] backend: wasm (simd, 1 thread)');
    expect((globalThis as { Worker?: unknown }).Worker).toBeUndefined();
    expect(os.cpus()).toHaveLength(cpuCount);
    expect(tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT')).toBe(false);
    tf.tidy(() =>
      expect(tf.matMul(tf.eye(3), tf.ones([3, 2])).arraySync()).toEqual([
        [1, 1],
        [1, 1],
        [1, 1],
      ]),
    );
  });

  it('rejects thread counts the shim cannot run', async () => {
    await expect(initWasmThreaded(tf, wasm, 1)).rejects.toThrow(RangeError);
    await expect(initWasmThreaded(tf, wasm, 9)).rejects.toThrow(/from 2 to 8/);
  });
});
