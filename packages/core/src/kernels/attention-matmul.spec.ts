import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { ConfigError, ShapeError } from '../errors';
import { expectClose, expectNoTensorLeak, valueAndGrads } from '../testing';
import {
  attentionContext,
  attentionScores,
  DEPTHWISE_MIN_LENGTH,
  groupedMatMul,
  type AttentionFormulation,
} from './attention-matmul';

// Axes: B batch, N heads, T query length, S key length, H head dim.
const randn = (shape: number[], seed: number): tf.Tensor => tf.randomNormal(shape, 0, 1, 'float32', seed);
const FORMULATIONS: AttentionFormulation[] = ['auto', 'matmul', 'depthwise'];

describe.each(['cpu', 'wasm'])('attention matMuls on %s', (backend) => {
  beforeAll(async () => {
    expect(await tf.setBackend(backend)).toBe(true);
  });

  it.each([
    [false, false],
    [false, true],
    [true, false],
    [true, true],
  ])('groupedMatMul(transposeA=%s, transposeB=%s) equals tf.matMul', (ta, tb) => {
    tf.tidy(() => {
      const a = randn(ta ? [6, 4, 5] : [6, 5, 4], 1) as tf.Tensor3D; // [G, M, K] = [6, 5, 4]
      const b = randn(tb ? [6, 3, 4] : [6, 4, 3], 2) as tf.Tensor3D; // [G, K, N'] = [6, 4, 3]
      const out = groupedMatMul(a, b, ta, tb);
      expect(out.shape).toEqual([6, 5, 3]);
      expectClose(out, tf.matMul(a, b, ta, tb), 1e-5);
    });
  });

  it.each(FORMULATIONS)(
    'attentionScores (%s) equals tf.matMul(q, k, false, true) in value and gradient',
    (formulation) => {
      const cases: Array<[number[], number[]]> = [
        [
          [2, 3, 5, 4],
          [2, 3, 7, 4],
        ], // T = 5, S = 7
        [
          [1, 2, 1, 8],
          [1, 2, 6, 8],
        ], // one decoding step
      ];
      for (const [qShape, kShape] of cases) {
        const q = randn(qShape, 3);
        const k = randn(kShape, 4);
        const weights = randn([...qShape.slice(0, 3), kShape[2]], 5);
        const fast = valueAndGrads((x, y) => attentionScores(x, y, formulation), q, k, weights);
        const plain = valueAndGrads((x, y) => tf.matMul(x, y, false, true), q, k, weights);
        fast.forEach((values, i) => expectClose(values, plain[i], 1e-5));
        tf.dispose([q, k, weights]);
      }
    },
  );

  it.each(FORMULATIONS)(
    'attentionContext (%s) equals tf.matMul(probs, v) in value and gradient',
    (formulation) => {
      const probs = tf.softmax(randn([2, 3, 5, 7], 6));
      const v = randn([2, 3, 7, 4], 7);
      const weights = randn([2, 3, 5, 4], 8);
      const out = attentionContext(probs, v, formulation);
      expect(out.shape).toEqual([2, 3, 5, 4]);
      const fast = valueAndGrads((x, y) => attentionContext(x, y, formulation), probs, v, weights);
      const plain = valueAndGrads((x, y) => tf.matMul(x, y), probs, v, weights);
      fast.forEach((values, i) => expectClose(values, plain[i], 1e-5));
      tf.dispose([probs, v, weights, out]);
    },
  );

  it('auto uses depthwise convolutions only on wasm and for long enough sequences', async () => {
    const kernelsOf = async (length: number): Promise<string[]> => {
      const q = randn([1, 2, length, 8], 12);
      const info = await tf.profile(() => attentionContext(tf.softmax(attentionScores(q, q)), q));
      q.dispose();
      return info.kernelNames;
    };
    const long = await kernelsOf(DEPTHWISE_MIN_LENGTH);
    const short = await kernelsOf(DEPTHWISE_MIN_LENGTH - 1);
    expect(long.includes('DepthwiseConv2dNative')).toBe(backend === 'wasm');
    expect(long.includes('BatchMatMul')).toBe(backend !== 'wasm');
    expect(short).toContain('BatchMatMul');
    expect(short).not.toContain('DepthwiseConv2dNative');
  });

  it('leaks no tensor in a tidy forward + backward, nor when the gradients are disposed', async () => {
    const q = randn([2, 2, 3, 4], 9);
    const k = randn([2, 2, 5, 4], 10);
    const v = randn([2, 2, 5, 4], 11);
    const step = (): tf.Tensor[] =>
      tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
        tf.sum(attentionContext(tf.softmax(attentionScores(a, b, 'depthwise')), c, 'depthwise')),
      )([q, k, v]);
    await expectNoTensorLeak(() => {
      tf.tidy(() => {
        step();
      });
    }, 'tidy attention forward + backward');
    await expectNoTensorLeak(() => tf.dispose(step()), 'attention gradients, disposed');
    tf.dispose([q, k, v]);
  });

  it('rejects bad shapes, dtypes and formulations', () => {
    tf.tidy(() => {
      const q = tf.zeros([2, 3, 5, 4]);
      expect(() => attentionScores(tf.zeros([6, 5, 4]), q)).toThrow(
        /attentionScores\(q\): expected \[B, N, T, H\] \(rank 4\)/,
      );
      expect(() => attentionScores(q, tf.zeros([2, 3, 7, 8]))).toThrow(
        /attentionScores\(k\): expected \[2, 3, S, 4\] to match q/,
      );
      expect(() => attentionScores(q, tf.zeros([2, 1, 7, 4]))).toThrow(ShapeError);
      expect(() => attentionScores(q, tf.zeros([2, 3, 7, 4], 'int32'))).toThrow(/float32/);
      const probs = tf.zeros([2, 3, 5, 7]);
      expect(() => attentionContext(probs, tf.zeros([2, 3, 6, 4]))).toThrow(
        /attentionContext\(v\): expected \[2, 3, 7, H\]/,
      );
      expect(() => attentionContext(tf.zeros([2, 3, 5]), tf.zeros([2, 3, 5, 4]))).toThrow(ShapeError);
      expect(() => attentionScores(q, q, 'einsum' as AttentionFormulation)).toThrow(ConfigError);
    });
  });
});
