// Axis legend: B batch, T length, D d_model, P prompt length, K tasks.
import * as tf from '@tensorflow/tfjs';
import { countStore, createForwardContext, type BackboneHandle } from '@hyperprompt/core';
import { expectClose, expectNoTensorLeak } from '@hyperprompt/core/testing';
import { FAKE_SPEC, fakeBackbone, fakeRow } from './__fixtures__/fake-backbone';
import type { PromptTuningOptions } from './config';
import { PROMPTS_VARIABLE, promptTuning } from './prompt-tuning';

let backbone: BackboneHandle;
beforeAll(() => {
  backbone = fakeBackbone();
});
afterAll(() => backbone.tokenEmbedding.dispose());

function make(options: PromptTuningOptions, numTasks = 3, seed = 7) {
  const config = promptTuning.resolve(options as never, FAKE_SPEC, { numTasks });
  return promptTuning.create(backbone, config, seed);
}

describe('promptTuning', () => {
  it.each([{}, { shared: true }, { promptLength: 3, init: 'uniform' as const }])(
    'countParameters equals the variables: %j',
    (options) => {
      const module = make(options);
      expect(countStore(module.variables)).toEqual(promptTuning.countParameters(module.config, FAKE_SPEC));
      expect(module.variables.names()).toEqual([PROMPTS_VARIABLE]);
      const shape = module.variables.get(PROMPTS_VARIABLE).shape;
      expect(shape).toEqual([module.config.shared ? 1 : 3, module.config.promptLength, 4]);
      module.dispose();
    },
  );

  it('prepends each example its task prompt and extends the mask (mixed batch)', () => {
    const module = make({ promptLength: 2, init: 'uniform' });
    const prompts = module.variables.get(PROMPTS_VARIABLE).arraySync() as number[][][]; // [K, P, D]
    tf.tidy(() => {
      const ctx = createForwardContext({ taskIds: [2, 0, 2], numTasks: 3 });
      const embeddings = tf.randomNormal<tf.Rank.R3>([3, 5, 4]); // [B, T, D]
      const mask = tf.tensor2d([
        [1, 1, 1, 0, 0],
        [1, 1, 1, 1, 1],
        [1, 0, 0, 0, 0],
      ]); // [B, T]
      const out = module.hooks(ctx).embed!({ embeddings, mask }, 'encoder');
      expect(out.embeddings.shape).toEqual([3, 7, 4]);
      expect(out.mask.shape).toEqual([3, 7]);
      const e = embeddings.arraySync();
      const expected = [2, 0, 2].map((t, b) => [...prompts[t], ...e[b]]);
      expectClose(out.embeddings, expected, 0);
      const m = mask.arraySync();
      expect(out.mask.arraySync()).toEqual(m.map((row) => [1, 1, ...row]));
    });
    module.dispose();
  });

  it('leaves the decoder stack untouched', () => {
    const module = make({ promptLength: 2 });
    tf.tidy(() => {
      const ctx = createForwardContext({ taskIds: [1, 0], numTasks: 3 });
      const x = { embeddings: tf.ones<tf.Rank.R3>([2, 3, 4]), mask: tf.ones<tf.Rank.R2>([2, 3]) };
      const out = module.hooks(ctx).embed!(x, 'decoder');
      expect(out.embeddings).toBe(x.embeddings);
      expect(out.mask).toBe(x.mask);
    });
    module.dispose();
  });

  it('sends gradient to exactly the prompts of the tasks used', () => {
    const module = make({ promptLength: 2, init: 'uniform' }, 4);
    const variable = module.variables.get(PROMPTS_VARIABLE);
    tf.tidy(() => {
      const ctx = createForwardContext({ taskIds: [3, 1, 3], numTasks: 4 });
      const x = { embeddings: tf.ones<tf.Rank.R3>([3, 2, 4]), mask: tf.ones<tf.Rank.R2>([3, 2]) };
      const { grads } = tf.variableGrads(
        () => tf.sum(module.hooks(ctx).embed!(x, 'encoder').embeddings),
        [variable],
      );
      const g = grads[variable.name].arraySync() as number[][][]; // [K, P, D]
      const used = (t: number) => (t === 3 ? 2 : t === 1 ? 1 : 0); // examples per task
      g.forEach((rows, t) => rows.forEach((row) => row.forEach((v) => expect(v).toBe(used(t)))));
    });
    module.dispose();
  });

  it('samples distinct vocabulary rows among the first sampleFromFirst ids', () => {
    const module = make({ promptLength: 5, sampleFromFirst: 20 });
    const values = module.variables.get(PROMPTS_VARIABLE).arraySync() as number[][][];
    const ids = values.flat().map((row) => {
      const id = Math.round(row[0]);
      expectClose(row, fakeRow(id), 1e-5);
      return id;
    });
    expect(ids.every((id) => id >= 0 && id < 20)).toBe(true);
    expect(new Set(ids).size).toBe(15);
    module.dispose();
  });

  it('initialises class-label rows to the mean sub-token embedding, the rest from the vocabulary', () => {
    const module = make({
      promptLength: 4,
      init: 'class-labels',
      classLabelTokens: [[[30]], [[40, 44]], [[50], [2, 4, 9]]],
    });
    const values = module.variables.get(PROMPTS_VARIABLE).arraySync() as number[][][];
    expectClose(values[0][0], fakeRow(30), 1e-5);
    expectClose(values[1][0], fakeRow(42), 1e-5);
    expectClose(values[2][0], fakeRow(50), 1e-5);
    expectClose(values[2][1], fakeRow(5), 1e-5);
    for (const row of [...values[0].slice(1), ...values[1].slice(1), ...values[2].slice(2)]) {
      expectClose(row, fakeRow(Math.round(row[0])), 1e-5);
    }
    module.dispose();
  });

  it('draws the uniform init in (-0.5, 0.5)', () => {
    const module = make({ promptLength: 50, init: 'uniform' });
    const data = module.variables.get(PROMPTS_VARIABLE).dataSync();
    expect(Math.max(...data)).toBeLessThan(0.5);
    expect(Math.min(...data)).toBeGreaterThanOrEqual(-0.5);
    expect(Math.max(...data) - Math.min(...data)).toBeGreaterThan(0.9);
    module.dispose();
  });

  it.each(['uniform', 'sampled-vocab'] as const)('is deterministic for one seed (%s)', (init) => {
    const [a, b, c] = [make({ init }, 3, 1), make({ init }, 3, 1), make({ init }, 3, 2)];
    const values = [a, b, c].map((m) => Array.from(m.variables.get(PROMPTS_VARIABLE).dataSync()));
    expect(values[0]).toEqual(values[1]);
    expect(values[0]).not.toEqual(values[2]);
    [a, b, c].forEach((m) => m.dispose());
  });

  it('does not leak tensors across create, forward, backward and dispose', async () => {
    await expectNoTensorLeak(() => {
      const module = make({ promptLength: 3 });
      const variable = module.variables.get(PROMPTS_VARIABLE);
      tf.tidy(() => {
        const ctx = createForwardContext({ taskIds: [0, 2], numTasks: 3 });
        const x = { embeddings: tf.ones<tf.Rank.R3>([2, 2, 4]), mask: tf.ones<tf.Rank.R2>([2, 2]) };
        tf.variableGrads(() => tf.sum(module.hooks(ctx).embed!(x, 'encoder').embeddings), [variable]);
      });
      module.dispose();
      module.dispose();
    }, 'prompt-tuning lifecycle');
  });

  it('trains two tasks towards different targets with SGD', () => {
    const module = make({ promptLength: 2, init: 'uniform' }, 2);
    const variable = module.variables.get(PROMPTS_VARIABLE);
    const optimizer = tf.train.sgd(0.5);
    const loss = () =>
      tf.tidy(() => {
        const ctx = createForwardContext({ taskIds: [0, 1, 0, 1], numTasks: 2 });
        const x = { embeddings: tf.zeros<tf.Rank.R3>([4, 1, 4]), mask: tf.ones<tf.Rank.R2>([4, 1]) };
        const out = module.hooks(ctx).embed!(x, 'encoder').embeddings; // [B, P + 1, D]
        const target = tf.tensor1d([1, -1, 1, -1]).reshape([4, 1, 1]); // task 0 -> +1, task 1 -> -1
        return tf.mean<tf.Scalar>(tf.square(tf.sub(out.slice([0, 0, 0], [4, 2, 4]), target)));
      });
    const first = loss().dataSync()[0];
    for (let step = 0; step < 30; step++) optimizer.minimize(loss, false, [variable]);
    const last = loss().dataSync()[0];
    expect(last).toBeLessThan(first / 10);
    const [p0, p1] = variable.arraySync() as number[][][];
    expect(Math.min(...p0.flat())).toBeGreaterThan(0.5);
    expect(Math.max(...p1.flat())).toBeLessThan(-0.5);
    optimizer.dispose();
    module.dispose();
  });
});
