// Axis legend: B batch, N heads, T query length, S key length, P prompt length.
import * as tf from '@tensorflow/tfjs';
import { createForwardContext, formatSite, type AttentionSite } from '@hyperprompt/core';
import { tinyBackbone } from '@hyperprompt/testing';
import { AttentionMassRecorder, promptAttentionMass } from './attention-mass';
import { hyperPrompt } from './hyperprompt';

describe('promptAttentionMass', () => {
  // B = 2, N = 2, T = 2, P + S = 3 (P = 1): mass per (b, n, t) is the first column.
  const probs = () =>
    tf.tensor4d([
      [
        [
          [0.5, 0.25, 0.25],
          [0.1, 0.9, 0],
        ],
        [
          [0.3, 0.3, 0.4],
          [0.2, 0.4, 0.4],
        ],
      ],
      [
        [
          [1, 0, 0],
          [0, 0.5, 0.5],
        ],
        [
          [0.6, 0.2, 0.2],
          [0.7, 0.3, 0],
        ],
      ],
    ]);

  it('averages the prompt columns over heads, queries and examples', () => {
    tf.tidy(() => {
      // per (b, t) head means: b0: (0.5+0.3)/2 = 0.4, (0.1+0.2)/2 = 0.15; b1: 0.8, 0.35
      expect(promptAttentionMass(probs(), 1)).toBeCloseTo((0.4 + 0.15 + 0.8 + 0.35) / 4, 6);
      expect(promptAttentionMass(probs(), 2)).toBeCloseTo((0.75 + 1 + 0.6 + 0.6 + 1 + 0.5 + 0.8 + 1) / 8, 6);
    });
  });

  it('skips padded query positions', () => {
    tf.tidy(() => {
      const mask = tf.tensor2d([
        [1, 0],
        [1, 1],
      ]); // [B, T]
      expect(promptAttentionMass(probs(), 1, mask)).toBeCloseTo((0.4 + 0.8 + 0.35) / 3, 6);
    });
  });

  it('rejects a prompt length wider than the keys and a mismatched mask', () => {
    tf.tidy(() => {
      expect(() => promptAttentionMass(probs(), 4)).toThrow(/promptAttentionMass/);
      expect(() => promptAttentionMass(probs(), 1, tf.ones([2, 3]))).toThrow(/queryMask/);
    });
  });
});

describe('AttentionMassRecorder on a tiny T5', () => {
  it('records the prompted sites only, with masses the pure function gives', async () => {
    await tf.setBackend('cpu');
    const model = tinyBackbone(0);
    const config = hyperPrompt.resolve({ promptLength: 3, bottleneck: 4, layers: [1] }, model.spec, {
      numTasks: 2,
    });
    const module = hyperPrompt.create(model, config, 1);
    const recorder = new AttentionMassRecorder(module.sites, 3);
    const direct: { site: AttentionSite; mass: number }[] = [];
    tf.tidy(() => {
      const ctx = createForwardContext({ taskIds: [0, 0, 0], numTasks: 2 });
      const inputIds = [
        [5, 6, 7, 1],
        [8, 1],
        [9, 10, 1],
      ];
      const encoderMask = tf.tensor2d([
        [1, 1, 1, 1],
        [1, 1, 0, 0],
        [1, 1, 1, 0],
      ]); // [B, S]
      recorder.setQueryMask('encoder', encoderMask);
      model.forward(
        {
          inputIds,
          labels: [
            [3, 1],
            [4, 1],
            [5, 1],
          ],
        },
        {
          hooks: module.hooks(ctx),
          context: ctx,
          observeAttention: (probs, site) => {
            recorder.observe(probs, site);
            if (site.stack === 'encoder' && site.layer === 1) {
              direct.push({ site, mass: promptAttentionMass(probs, 3, encoderMask) });
            }
          },
        },
      );
      recorder.setQueryMask('encoder', undefined);
    });
    const entries = recorder.entries();
    expect(entries.map((e) => formatSite(e.site))).toEqual(['encoder.layer_1.self', 'decoder.layer_1.self']);
    expect(entries[0].mass).toBeCloseTo(direct[0].mass, 6);
    for (const e of entries) {
      expect(e.mass).toBeGreaterThan(0);
      expect(e.mass).toBeLessThan(1);
      expect(e.batches).toBe(1);
    }
    module.dispose();
    model.dispose();
  });
});
