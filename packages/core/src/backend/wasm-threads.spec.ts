import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import * as wasm from '@tensorflow/tfjs-backend-wasm';
import { expectClose } from '../testing';
import { createBackendInitializer, type BackendInfo } from './init-backend';

// One threaded wasm instance per test file: the thread count is fixed at initialisation.
describe('multithreaded wasm (2 threads)', () => {
  const lines: string[] = [];
  let info: BackendInfo;
  const realCpuCount = os.cpus().length;

  beforeAll(async () => {
    const init = createBackendInitializer({ env: {} });
    info = await init({ prefer: ['wasm'], threads: 2, log: (line) => lines.push(line) });
  });

  afterAll(() => {
    // Terminates the 8 pthread workers now instead of when the jest worker exits.
    tf.removeBackend('wasm');
  });

  it('runs on two XNNPACK threads and says so', () => {
    expect(info).toEqual({ name: 'wasm', threads: 2, simd: true, source: 'option' });
    expect(tf.getBackend()).toBe('wasm');
    expect(wasm.getThreadsCount()).toBe(2);
    expect(lines).toEqual(['[hyperprompt] backend: wasm (simd, 2 threads)']);
  });

  it('restores the patched globals', () => {
    expect((globalThis as { Worker?: unknown }).Worker).toBeUndefined();
    expect(os.cpus()).toHaveLength(realCpuCount);
    expect(tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT')).toBe(true);
  });

  it('computes the same matMul, forward and backward, as the cpu backend', async () => {
    const shapes: Array<[number, number, number]> = [
      [256, 384, 128],
      [7, 300, 33],
    ];
    for (const [m, k, n] of shapes) {
      const a = tf.randomNormal([m, k], 0, 1, 'float32', 11).arraySync() as number[][];
      const b = tf.randomNormal([k, n], 0, 1, 'float32', 12).arraySync() as number[][];
      const run = (): number[][] =>
        tf.tidy(() => {
          const [da, db] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.square(tf.matMul(x, y))))([
            tf.tensor2d(a),
            tf.tensor2d(b),
          ]);
          return [tf.matMul(tf.tensor2d(a), tf.tensor2d(b)), da, db].map((t) => Array.from(t.dataSync()));
        });
      const threaded = run();
      await tf.setBackend('cpu');
      const reference = run();
      await tf.setBackend('wasm');
      for (let i = 0; i < 3; i++) expectClose(threaded[i], reference[i], { atol: 1e-3, rtol: 1e-4 });
    }
  });
});
