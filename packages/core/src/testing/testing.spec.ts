import * as tf from '@tensorflow/tfjs';
import { AssertionFailure, expectClose, expectNoTensorLeak, recordingHooks } from './index';

describe('@hyperprompt/core/testing', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  describe('expectNoTensorLeak', () => {
    it('passes when the work cleans up and returns its result', async () => {
      const result = await expectNoTensorLeak(() => tf.tidy(() => tf.ones([3]).sum().dataSync()[0]));
      expect(result).toBe(3);
    });

    it('fails when the work leaks, saying how many tensors', async () => {
      let leaked: tf.Tensor | undefined;
      await expect(
        expectNoTensorLeak(() => {
          leaked = tf.ones([2]).add(1);
        }, 'the step'),
      ).rejects.toThrow(/the step leaked 2 tensor\(s\)/);
      leaked?.dispose();
    });

    it('fails when the work frees tensors it did not create, and awaits async work', async () => {
      const outside = tf.ones([1]);
      await expect(
        expectNoTensorLeak(async () => {
          await Promise.resolve();
          outside.dispose();
        }),
      ).rejects.toThrow(AssertionFailure);
    });
  });

  describe('expectClose', () => {
    it('accepts values within tolerance and compares tensors, arrays and numbers', () => {
      const t = tf.tensor2d([
        [1, 2],
        [3, 4],
      ]);
      expect(() =>
        expectClose(t, [
          [1, 2],
          [3, 4.000001],
        ]),
      ).not.toThrow();
      expect(() => expectClose(1.0, 1.05, 0.1)).not.toThrow();
      expect(() => expectClose([100], [101], { atol: 0, rtol: 0.02 })).not.toThrow();
      expect(() => expectClose([NaN], [NaN])).not.toThrow();
      t.dispose();
    });

    it('reports the worst element, shape and size mismatches, and NaN', () => {
      expect(() => expectClose([1, 2, 3], [1, 2.5, 3.1], 0.01)).toThrow(/flat index 1: got 2, expected 2.5/);
      const a = tf.zeros([2, 3]);
      const b = tf.zeros([3, 2]);
      expect(() => expectClose(a, b)).toThrow(/shape \[2, 3\] differs from expected \[3, 2\]/);
      expect(() => expectClose([1, 2], [1])).toThrow(/differ in number/);
      expect(() => expectClose([NaN], [0])).toThrow(AssertionFailure);
      tf.dispose([a, b]);
    });
  });

  describe('recordingHooks', () => {
    it('records every call with site and shapes and forwards to the delegate', () => {
      const rec = recordingHooks({ ffnOutput: (h) => h.mul(2) });
      tf.tidy(() => {
        rec.hooks.embed!({ embeddings: tf.zeros([2, 3, 4]), mask: tf.ones([2, 3]) }, 'encoder');
        const kv = {
          keys: tf.zeros<tf.Rank.R4>([2, 1, 3, 4]),
          values: tf.zeros<tf.Rank.R4>([2, 1, 3, 4]),
          bias: tf.zeros<tf.Rank.R4>([1, 1, 3, 3]),
        };
        rec.hooks.keyValue!(kv, { stack: 'decoder', layer: 1, attention: 'cross' });
        rec.hooks.attentionOutput!(tf.zeros([2, 3, 4]), { stack: 'decoder', layer: 1, attention: 'self' });
        const out = rec.hooks.ffnOutput!(tf.ones([2, 3, 4]), { stack: 'encoder', layer: 0 });
        expect(out.dataSync()[0]).toBe(2);
      });
      expect(rec.calls.map((c) => `${c.hook}@${c.where}`)).toEqual([
        'embed@encoder',
        'keyValue@decoder.layer_1.cross',
        'attentionOutput@decoder.layer_1.self',
        'ffnOutput@encoder.layer_0',
      ]);
      expect(rec.calls[1].shapes).toEqual({ keys: [2, 1, 3, 4], values: [2, 1, 3, 4], bias: [1, 1, 3, 3] });
      expect(rec.count('keyValue', 'cross')).toBe(1);
      expect(rec.count('keyValue', 'self')).toBe(0);
      rec.reset();
      expect(rec.calls).toHaveLength(0);
    });
  });
});
