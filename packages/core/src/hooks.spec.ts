import * as tf from '@tensorflow/tfjs';
import { ShapeError } from './errors';
import { composeHooks, formatSite, type AttentionKV, type BackboneHooks } from './hooks';

const site = { stack: 'encoder', layer: 1, attention: 'self' } as const;

describe('composeHooks', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('leaves hook points that no method defines undefined', () => {
    const composed = composeHooks([{}, { ffnOutput: (h) => h }]);
    expect(composed.embed).toBeUndefined();
    expect(composed.keyValue).toBeUndefined();
    expect(composed.attentionOutput).toBeUndefined();
    expect(composed.ffnOutput).toBeDefined();
    expect(composeHooks([])).toEqual({});
  });

  it('applies hooks left to right', () => {
    const order: string[] = [];
    const add = (name: string, value: number): BackboneHooks => ({
      attentionOutput: (h) => {
        order.push(name);
        return h.add(value);
      },
    });
    const mul: BackboneHooks = {
      attentionOutput: (h) => {
        order.push('mul');
        return h.mul(10);
      },
    };
    const composed = composeHooks([add('first', 1), mul, add('last', 2)]);
    const out = tf.tidy(() => composed.attentionOutput!(tf.zeros([1, 2, 3]), site).dataSync());
    // ((0 + 1) * 10) + 2, in that order
    expect(Array.from(out)).toEqual([12, 12, 12, 12, 12, 12]);
    expect(order).toEqual(['first', 'mul', 'last']);
  });

  it('passes the site and stack through to every hook', () => {
    const seen: string[] = [];
    const composed = composeHooks([
      { embed: (x, stack) => (seen.push(stack), x) },
      { ffnOutput: (h, s) => (seen.push(formatSite(s)), h) },
    ]);
    tf.tidy(() => {
      composed.embed!({ embeddings: tf.zeros([1, 2, 4]), mask: tf.ones([1, 2]) }, 'decoder');
      composed.ffnOutput!(tf.zeros([1, 2, 4]), { stack: 'decoder', layer: 3 });
    });
    expect(seen).toEqual(['decoder', 'decoder.layer_3']);
  });

  it('lets keyValue hooks prepend positions and widen the bias, composing two prefixes', () => {
    const prepend = (p: number): BackboneHooks => ({
      keyValue: (kv) => {
        const [b, n, , h] = kv.keys.shape;
        const t = kv.bias.shape[2];
        return {
          keys: tf.concat([tf.ones([b, n, p, h]), kv.keys], 2),
          values: tf.concat([tf.ones([b, n, p, h]), kv.values], 2),
          bias: tf.concat([tf.zeros([kv.bias.shape[0], n, t, p]), kv.bias], 3),
        };
      },
    });
    const composed = composeHooks([prepend(2), prepend(3)]);
    tf.tidy(() => {
      const kv: AttentionKV = {
        keys: tf.zeros([2, 4, 5, 8]),
        values: tf.zeros([2, 4, 5, 8]),
        bias: tf.zeros([1, 4, 6, 5]),
      };
      const out = composed.keyValue!(kv, site);
      expect(out.keys.shape).toEqual([2, 4, 10, 8]);
      expect(out.values.shape).toEqual([2, 4, 10, 8]);
      expect(out.bias.shape).toEqual([1, 4, 6, 10]);
    });
  });

  it('names the faulty method and site when a hook breaks the shape contract', () => {
    const forgetsBias: BackboneHooks = {
      keyValue: (kv) => ({
        keys: tf.concat([kv.keys, kv.keys], 2),
        values: tf.concat([kv.values, kv.values], 2),
        bias: kv.bias,
      }),
    };
    const composed = composeHooks([{}, forgetsBias]);
    tf.tidy(() => {
      const kv = {
        keys: tf.zeros<tf.Rank.R4>([1, 2, 3, 4]),
        values: tf.zeros<tf.Rank.R4>([1, 2, 3, 4]),
        bias: tf.zeros<tf.Rank.R4>([1, 2, 3, 3]),
      };
      expect(() => composed.keyValue!(kv, site)).toThrow(ShapeError);
      expect(() => composed.keyValue!(kv, site)).toThrow(
        /hooks\[1\]\.keyValue at encoder\.layer_1\.self: bias/,
      );
    });
  });

  it('rejects a keyValue hook that drops key positions', () => {
    const drops: BackboneHooks = {
      keyValue: (kv) => ({
        keys: kv.keys.slice([0, 0, 1, 0], [-1, -1, -1, -1]),
        values: kv.values.slice([0, 0, 1, 0], [-1, -1, -1, -1]),
        bias: kv.bias.slice([0, 0, 0, 1], [-1, -1, -1, -1]),
      }),
    };
    tf.tidy(() => {
      const kv = {
        keys: tf.zeros<tf.Rank.R4>([1, 2, 3, 4]),
        values: tf.zeros<tf.Rank.R4>([1, 2, 3, 4]),
        bias: tf.zeros<tf.Rank.R4>([1, 2, 3, 3]),
      };
      expect(() => composeHooks([drops]).keyValue?.(kv, site)).toThrow(/hooks may only add/);
    });
  });

  it('rejects an embed hook that lengthens the embeddings but not the mask', () => {
    const composed = composeHooks([
      { embed: (x) => ({ embeddings: tf.concat([x.embeddings, x.embeddings], 1), mask: x.mask }) },
    ]);
    tf.tidy(() => {
      expect(() =>
        composed.embed!({ embeddings: tf.zeros([2, 3, 4]), mask: tf.ones([2, 3]) }, 'encoder'),
      ).toThrow(/mask: expected \[2, 6\]/);
    });
  });

  it('rejects attention and ffn hooks that change the shape', () => {
    const composed = composeHooks([{ ffnOutput: (h) => h.slice([0, 0, 0], [1, 1, 2]) }]);
    tf.tidy(() => {
      expect(() => composed.ffnOutput!(tf.zeros([1, 2, 2]), { stack: 'encoder', layer: 0 })).toThrow(
        /hooks\[0\]\.ffnOutput at encoder\.layer_0: expected \[1, 2, 2\] \(unchanged\), got \[1, 1, 2\]/,
      );
    });
  });
});
