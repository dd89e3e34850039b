import * as tf from '@tensorflow/tfjs';
import { breakdown, countStore } from './accounting';
import { createForwardContext } from './context';
import { ConfigError } from './errors';
import { composeHooks } from './hooks';
import { zeros } from './initializers';
import {
  definePeftMethod,
  rejectUnknownKeys,
  type BackboneHandle,
  type BackboneSpec,
  type PeftModule,
} from './method';
import { VariableStore } from './variables';

/** A toy method: a per-task bias added to every feed-forward output. */
interface TaskBiasConfig {
  readonly kind: 'task-bias';
  readonly numTasks: number;
  readonly scale: number;
}

const spec: BackboneSpec = {
  architecture: 'toy',
  dModel: 4,
  numHeads: 2,
  headDim: 2,
  dFF: 8,
  numLayers: { encoder: 2, decoder: 2 },
  vocabSize: 10,
};

function makeMethod(prefix = 'task-bias') {
  return definePeftMethod<TaskBiasConfig>({
    kind: 'task-bias',
    defaults: { numTasks: 1, scale: 1 },
    resolve: (options, _spec, { numTasks }) => {
      rejectUnknownKeys(options, ['scale'], 'task-bias');
      const scale = options.scale ?? 1;
      if (!(scale > 0)) throw new ConfigError('task-bias.scale', scale, 'a number > 0');
      return { kind: 'task-bias', numTasks, scale };
    },
    create: (backbone, config, seed): PeftModule<TaskBiasConfig> => {
      const store = new VariableStore(seed);
      const bias = store.create(`${prefix}/bias`, [config.numTasks, backbone.spec.dModel], zeros(), {
        category: 'per-task',
      });
      return {
        kind: 'task-bias',
        config,
        variables: store,
        hooks: (ctx) => {
          const rows = tf.gather(bias, ctx.taskIds).mul(config.scale).expandDims(1); // [B, 1, D]
          return { ffnOutput: (h) => h.add(rows) };
        },
        dispose: () => store.dispose(),
      };
    },
    countParameters: (config, s) => breakdown({ 'per-task': config.numTasks * s.dModel }),
  });
}

describe('definePeftMethod', () => {
  let backbone: BackboneHandle;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    backbone = { spec, fingerprint: 'toy', tokenEmbedding: tf.zeros([10, 4]) };
  });

  it('resolves, freezes and creates a module whose count matches its variables', () => {
    const method = makeMethod();
    const config = method.resolve({ scale: 2 }, spec, { numTasks: 3 });
    expect(config).toEqual({ kind: 'task-bias', numTasks: 3, scale: 2 });
    expect(Object.isFrozen(config)).toBe(true);
    const module = method.create(backbone, config, 0);
    expect(countStore(module.variables)).toEqual(method.countParameters(config, spec));
    module.dispose();
  });

  it('names unknown and invalid fields', () => {
    const method = makeMethod();
    expect(() => method.resolve({ scale: -1 }, spec, { numTasks: 1 })).toThrow(/task-bias.scale: got -1/);
    expect(() => method.resolve({ scal: 1 } as never, spec, { numTasks: 1 })).toThrow(
      /task-bias.scal: got "unknown field"/,
    );
    expect(() => method.resolve({}, spec, { numTasks: 0 })).toThrow(/task-bias.numTasks/);
  });

  it('refuses kinds that are not kebab-case', () => {
    expect(() => definePeftMethod({ ...makeMethod(), kind: 'Task_Bias' as 'task-bias' })).toThrow(
      /method.kind/,
    );
  });

  it('refuses modules whose variables lack the kind prefix, and frees them', () => {
    const method = makeMethod('other');
    const config = method.resolve({}, spec, { numTasks: 1 });
    const before = tf.memory().numTensors;
    expect(() => method.create(backbone, config, 0)).toThrow(/names starting with "task-bias\/"/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('trains only the variables passed to the optimizer, with per-example tasks', () => {
    const method = makeMethod();
    const module = method.create(backbone, method.resolve({}, spec, { numTasks: 2 }), 0);
    const frozen = tf.variable(tf.ones([4, 4]), true); // stands in for a backbone weight
    const frozenBefore = frozen.dataSync().slice();
    const optimizer = tf.train.sgd(3);
    const varList = module.variables.entries().map((e) => e.variable);
    const ctx = createForwardContext({ taskIds: [0, 1, 1], numTasks: 2 });
    const target = tf.tensor3d([[[1, 1, 1, 1]], [[-1, -1, -1, -1]], [[-1, -1, -1, -1]]]);
    for (let step = 0; step < 20; step++) {
      optimizer.minimize(
        () => {
          const hooks = composeHooks([module.hooks(ctx)]);
          const h = tf.zeros([3, 1, 4]).matMul(frozen) as tf.Tensor3D; // [B, T, D]
          const out = hooks.ffnOutput!(h, { stack: 'encoder', layer: 0 });
          return tf.losses.meanSquaredError<tf.Tensor, tf.Scalar>(target, out);
        },
        false,
        varList,
      );
    }
    expect(Array.from(frozen.dataSync())).toEqual(Array.from(frozenBefore));
    const bias = module.variables.get('task-bias/bias').arraySync() as number[][];
    expect(bias[0][0]).toBeCloseTo(1, 2);
    expect(bias[1][0]).toBeCloseTo(-1, 2);
    tf.dispose([frozen, target]);
    optimizer.dispose();
    ctx.dispose();
    module.dispose();
  });
});
