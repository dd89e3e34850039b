import * as tf from '@tensorflow/tfjs';
import { createForwardContext } from '@hyperprompt/core';
import { expectClose, expectNoTensorLeak } from '@hyperprompt/core/testing';
import { ACT, type ReferenceAdapter, referenceAdapter } from './__fixtures__/reference';
import {
  ADAPTER_ACTIVATIONS,
  activate,
  applyAdapter,
  type PerTaskAdapter,
  prepareAdapter,
} from './adapter-math';

const randn = (shape: number[], seed: number, std = 1): tf.Tensor =>
  tf.randomNormal(shape, 0, std, 'float32', seed);

/** Per-task adapter tensors [K', ...] for D = 4, r = 2. */
function perTaskAdapter(k: number, withLayerNorm: boolean): PerTaskAdapter {
  const out: PerTaskAdapter = {
    down_weight: randn([k, 4, 2], 1),
    down_bias: randn([k, 2], 2),
    up_weight: randn([k, 2, 4], 3),
    up_bias: randn([k, 4], 4),
  };
  if (withLayerNorm) {
    out.ln_gamma = randn([k, 4], 5);
    out.ln_beta = randn([k, 4], 6);
  }
  return out;
}

/** Row k of every tensor, as plain arrays. */
function rowOf(perTask: PerTaskAdapter, k: number): ReferenceAdapter {
  const row = (t: tf.Tensor | undefined) => (t === undefined ? undefined : (t.arraySync() as unknown[])[k]);
  return {
    down_weight: row(perTask.down_weight) as number[][],
    down_bias: row(perTask.down_bias) as number[],
    up_weight: row(perTask.up_weight) as number[][],
    up_bias: row(perTask.up_bias) as number[],
    ln_gamma: row(perTask.ln_gamma) as number[] | undefined,
    ln_beta: row(perTask.ln_beta) as number[] | undefined,
  };
}

describe('activations', () => {
  it.each(ADAPTER_ACTIVATIONS)('%s matches its formula', (activation) => {
    const xs = [-3, -1, -0.25, 0, 0.5, 2, 4];
    tf.tidy(() => {
      expectClose(activate(tf.tensor1d(xs), activation), xs.map(ACT[activation]), 1e-6);
    });
  });
});

describe('applyAdapter', () => {
  it.each([
    ['gelu_new', true],
    ['relu', false],
    ['swish', true],
  ] as const)(
    'mixed-task batch (%s, LayerNorm %s) matches the plain-JS reference per example',
    (activation, ln) => {
      const ctx = createForwardContext({ taskIds: [2, 0, 2], numTasks: 3 });
      tf.tidy(() => {
        const perTask = perTaskAdapter(2, ln); // rows for tasks 0 and 2
        const y = randn([3, 5, 4], 7) as tf.Tensor3D;
        const settings = { activation, layerNorm: ln, layerNormEpsilon: 1e-5 };
        const out = applyAdapter(y, prepareAdapter(perTask, ctx), settings);
        const ys = y.arraySync();
        const expected = [1, 0, 1].map((row, b) => referenceAdapter(ys[b], rowOf(perTask, row), activation));
        expectClose(out, expected, 1e-5);
      });
      ctx.dispose();
    },
  );

  it('one-task batch uses shared 2-D weights with the same result', () => {
    const ctx = createForwardContext({ taskIds: [1, 1], numTasks: 2 });
    tf.tidy(() => {
      const perTask = perTaskAdapter(1, true);
      const prepared = prepareAdapter(perTask, ctx);
      expect(prepared.shared).toBe(true);
      expect(prepared.tensors.down_weight?.shape).toEqual([4, 2]);
      const y = randn([2, 3, 4], 8) as tf.Tensor3D;
      const out = applyAdapter(y, prepared, {
        activation: 'gelu_new',
        layerNorm: true,
        layerNormEpsilon: 1e-5,
      });
      const ys = y.arraySync();
      expectClose(
        out,
        [0, 1].map((b) => referenceAdapter(ys[b], rowOf(perTask, 0), 'gelu_new')),
        1e-5,
      );
    });
    ctx.dispose();
  });

  it.each([true, false])('zero up-projection is an exact identity (LayerNorm %s)', (ln) => {
    const ctx = createForwardContext({ taskIds: [0, 1], numTasks: 2 });
    tf.tidy(() => {
      const perTask = perTaskAdapter(2, ln);
      perTask.up_weight = tf.zeros([2, 2, 4]);
      perTask.up_bias = tf.zeros([2, 4]);
      if (ln) perTask.ln_beta = tf.zeros([2, 4]);
      const y = randn([2, 3, 4], 9) as tf.Tensor3D;
      const out = applyAdapter(y, prepareAdapter(perTask, ctx), {
        activation: 'gelu_new',
        layerNorm: ln,
        layerNormEpsilon: 1e-5,
      });
      expect(Array.from(out.dataSync())).toEqual(Array.from(y.dataSync()));
    });
    ctx.dispose();
  });

  it('leaks no tensor in a forward + backward', async () => {
    const ctx = createForwardContext({ taskIds: [0, 1, 0], numTasks: 2 });
    const perTask = perTaskAdapter(2, true);
    const y = randn([3, 4, 4], 10) as tf.Tensor3D;
    const settings = { activation: 'gelu_new', layerNorm: true, layerNormEpsilon: 1e-5 } as const;
    const loss = (w: tf.Tensor) =>
      tf.sum<tf.Scalar>(applyAdapter(y, prepareAdapter({ ...perTask, down_weight: w }, ctx), settings));
    await expectNoTensorLeak(() => {
      tf.tidy(() => {
        tf.grad(loss)(perTask.down_weight!);
      });
    }, 'adapter forward + backward');
    tf.dispose([...Object.values(perTask), y]);
    ctx.dispose();
  });
});
