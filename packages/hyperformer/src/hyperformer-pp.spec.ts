import * as tf from '@tensorflow/tfjs';
import { createForwardContext, extraParameters, totalParameters } from '@hyperprompt/core';
import { expectClose, expectNoTensorLeak } from '@hyperprompt/core/testing';
import { TaskProjector } from '@hyperprompt/hypernetwork';
import { mixedBatch, runForward, tinyBackbone } from '@hyperprompt/testing';
import { SMALL_SPEC, T5_BASE_SPEC } from './__fixtures__/reference';
import { adapterVariableName } from './adapters';
import { hyperformerPP } from './hyperformer-pp';

const SMALL = {
  taskEmbeddingDim: 8,
  layerEmbeddingDim: 6,
  siteEmbeddingDim: 4,
  projectorHiddenDim: 16,
  projectedDim: 8,
};

describe('hyperformer-pp parameter accounting (0.29 % per task as in the HyperFormer paper, t5-base, not allocated)', () => {
  const config = hyperformerPP.resolve({}, T5_BASE_SPEC, { numTasks: 8 });

  it('r = 32, t = t′ = 64, hidden 128, 8 tasks: 5,162,928 hypernetwork + 512 task-embedding parameters', () => {
    expect(config.bottleneckSize).toBe(24);
    const counts = hyperformerPP.countParameters(config, T5_BASE_SPEC);
    expect(counts.hypernetwork).toBe(5_162_928);
    expect(counts['per-task']).toBe(512);
    expect(counts.backbone + counts.shared).toBe(0);
    const perStack = hyperformerPP.countParameters({ ...config, decoder: false }, T5_BASE_SPEC).hypernetwork;
    expect(perStack).toBe(2_581_464);
    // with T5's 62 RMSNorm weights of 768 trained too: 2.338 % of t5-base, 0.292 % per task
    const trained = extraParameters(counts) + 62 * 768;
    expect(trained).toBe(5_211_056);
    expect(((100 * trained) / 222_903_552).toFixed(3)).toBe('2.338');
    expect(((100 * trained) / 222_903_552 / 8).toFixed(3)).toBe('0.292');
  });

  it('one shared controller has one layer table over both stacks', () => {
    const shared = hyperformerPP.countParameters({ ...config, shareAcrossStacks: true }, T5_BASE_SPEC);
    expect(shared.hypernetwork).toBe(2_581_464 + 12 * 64);
    const r16 = hyperformerPP.resolve({ reductionFactor: 16 }, T5_BASE_SPEC, { numTasks: 8 });
    const trained = totalParameters(hyperformerPP.countParameters(r16, T5_BASE_SPEC)) + 62 * 768;
    expect(((100 * trained) / 222_903_552 / 8).toFixed(3)).toBe('0.561');
  });
});

describe('hyperformer-pp.resolve', () => {
  it('round-trips its own output and names bad fields', () => {
    const config = hyperformerPP.resolve({ reductionFactor: 8, shareAcrossStacks: true }, SMALL_SPEC, {
      numTasks: 2,
    });
    const rest = Object.fromEntries(Object.entries(config).filter(([key]) => key !== 'kind'));
    expect(
      hyperformerPP.resolve(JSON.parse(JSON.stringify(rest)) as Omit<typeof config, 'kind'>, SMALL_SPEC, {
        numTasks: 2,
      }),
    ).toEqual(config);
    const bad = (options: object) => () => hyperformerPP.resolve(options, SMALL_SPEC, { numTasks: 2 });
    expect(bad({ projectedDim: 0 })).toThrow(/hyperformer-pp.projectedDim/);
    expect(bad({ generatorStd: -1 })).toThrow(/hyperformer-pp.generatorStd/);
    expect(bad({ shareAcrossStacks: 1 })).toThrow(/hyperformer-pp.shareAcrossStacks/);
    expect(bad({ encoder: false, decoder: false })).toThrow(/hyperformer-pp.decoder/);
    expect(bad({ taskEmbedding: 4 })).toThrow(/hyperformer-pp.taskEmbedding/);
  });
});

describe('hyperformer-pp module on the tiny T5', () => {
  const model = tinyBackbone(0);
  const batch = mixedBatch(3);
  afterAll(() => model.dispose());

  it.each([
    [false, 2],
    [true, 1],
  ])('shareAcrossStacks %s: %i projector call(s) per forward over K′·sites rows', (share, calls) => {
    const config = hyperformerPP.resolve(
      { ...SMALL, bottleneckSize: 4, shareAcrossStacks: share },
      model.spec,
      {
        numTasks: 3,
      },
    );
    const module = hyperformerPP.create(model, config, 2);
    const spy = jest.spyOn(TaskProjector.prototype, 'apply');
    try {
      tf.tidy(() => {
        const ctx = createForwardContext({ taskIds: [2, 0, 2, 2], numTasks: 3 });
        module.hooks(ctx);
      });
      expect(spy).toHaveBeenCalledTimes(calls);
      const sitesPerCall = (2 * 2 * 2) / calls; // 2 stacks x 2 layers x 2 sites
      for (const [cond] of spy.mock.calls) expect(cond.shape).toEqual([2 * sitesPerCall, 8 + 6 + 4]);
    } finally {
      spy.mockRestore();
      module.dispose();
    }
  });

  it('generates W = G·LN(MLP(z ⊕ layer ⊕ site)) + g, as computed by hand', () => {
    const config = hyperformerPP.resolve({ ...SMALL, bottleneckSize: 4 }, model.spec, { numTasks: 3 });
    const module = hyperformerPP.create(model, config, 3);
    const frozen = module.materialize([1]);
    const v = (name: string) => module.variables.get(`hyperformer-pp/decoder/${name}`);
    tf.tidy(() => {
      const z = module.variables.get('hyperformer-pp/task_embeddings').slice([1, 0], [1, 8]); // task 1
      const layer = v('layer_embeddings').slice([1, 0], [1, 6]); // decoder block 1
      const site = v('site_embeddings').slice([1, 0], [1, 4]); // block type 1 = self-attention
      const s = tf.concat([z, layer, site], 1); // [1, 18]
      const h = tf.relu(tf.add(tf.matMul(s, v('projector/fc1/weight')), v('projector/fc1/bias')));
      const p = tf.add(tf.matMul(h, v('projector/fc2/weight')), v('projector/fc2/bias')); // [1, 8]
      const { mean, variance } = tf.moments(p, 1, true);
      const i = tf.add(
        tf.mul(tf.div(tf.sub(p, mean), tf.sqrt(tf.add(variance, 1e-6))), v('projector/layer_norm/gamma')),
        v('projector/layer_norm/beta'),
      );
      for (const name of ['down_weight', 'up_bias', 'ln_gamma'] as const) {
        const expected = tf.add(tf.matMul(i, v(`generator/${name}/weight`)), v(`generator/${name}/bias`));
        const got = frozen.variables.get(adapterVariableName('decoder/layer_1/attention', name));
        expectClose(tf.reshape(got, [-1]), tf.reshape(expected, [-1]), 1e-6);
      }
    });
    frozen.dispose();
    module.dispose();
  });

  it('materialize() gives an adapters module with identical logits, usable without the hypernetwork', () => {
    const config = hyperformerPP.resolve({ ...SMALL, reductionFactor: 8 }, model.spec, { numTasks: 3 });
    const module = hyperformerPP.create(model, config, 4);
    const frozen = module.materialize();
    expect(frozen.kind).toBe('adapters');
    const a = runForward(model, module, batch.inputs, batch.taskIds);
    module.dispose(); // the static adapters no longer need it
    const b = runForward(model, frozen, batch.inputs, batch.taskIds);
    expectClose(b, a, 1e-6);
    tf.dispose([a, b]);
    frozen.dispose();
  });

  it('materialize(taskIds) renumbers the tasks it keeps and validates them', () => {
    const config = hyperformerPP.resolve({ ...SMALL, bottleneckSize: 4 }, model.spec, { numTasks: 3 });
    const module = hyperformerPP.create(model, config, 5);
    const subset = module.materialize([2, 0]);
    expect(subset.config.numTasks).toBe(2);
    const ids = batch.taskIds.map((t) => (t === 2 ? 0 : t === 0 ? 1 : -1));
    const keep = ids.flatMap((t, i) => (t >= 0 ? [i] : []));
    const inputs = {
      inputIds: keep.map((i) => (batch.inputs.inputIds as number[][])[i]),
      labels: keep.map((i) => (batch.inputs.labels as number[][])[i]),
    };
    const a = runForward(
      model,
      module,
      inputs,
      keep.map((i) => batch.taskIds[i]),
      3,
    );
    const b = runForward(
      model,
      subset,
      inputs,
      keep.map((i) => ids[i]),
    );
    expectClose(b, a, 1e-6);
    tf.dispose([a, b]);
    subset.dispose();
    expect(() => module.materialize([])).toThrow(/materialize/);
    expect(() => module.materialize([3])).toThrow(/materialize/);
    module.dispose();
  });

  it('zero-up generates exact zero up-projections; hooks and materialize leak nothing', async () => {
    const config = hyperformerPP.resolve({ ...SMALL, bottleneckSize: 4, init: 'zero-up' }, model.spec, {
      numTasks: 3,
    });
    const module = hyperformerPP.create(model, config, 6);
    await expectNoTensorLeak(() => {
      const frozen = module.materialize();
      const up = frozen.variables.get(adapterVariableName('encoder/layer_0/ffn', 'up_weight'));
      expect(up.shape).toEqual([3, 4, model.spec.dModel]);
      expect(Array.from(up.dataSync()).every((x) => x === 0)).toBe(true);
      frozen.dispose();
      runForward(model, module, batch.inputs, batch.taskIds).dispose();
    }, 'materialize + forward');
    module.dispose();
  });
});
