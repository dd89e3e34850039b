/**
 * Tests of the contract suite itself, with two toy methods: a per-task bias added to every
 * feed-forward output (zero init: an exact no-op), and per-task key/value prompts prepended in
 * encoder self-attention with zero bias columns. Broken variants prove that checks can fail,
 * including a task mix-up that only perturbed (non-initial) variables reveal.
 *
 * Axis legend: B batch, T query length, S key length, D d_model, N heads, H head dim,
 * P prompt length, K tasks.
 */
import * as tf from '@tensorflow/tfjs';
import {
  assertKnownTasks,
  breakdown,
  ConfigError,
  definePeftMethod,
  initializers,
  rejectUnknownKeys,
  VariableStore,
  type BackboneSpec,
  type MethodConfig,
  type PeftMethod,
  type PeftModule,
  type ResolveContext,
} from '@hyperprompt/core';
import { AssertionFailure } from '@hyperprompt/core/testing';
import { runContractCheck, describePeftContract } from './contract';

/** Config of the per-task feed-forward bias. */
interface TaskBiasConfig extends MethodConfig {
  readonly kind: 'task-bias';
  readonly numTasks: number;
  readonly init: 'zeros' | 'normal';
}

/** Config of the per-task key/value prompts. */
interface TaskPromptConfig extends MethodConfig {
  readonly kind: 'task-prompt';
  readonly numTasks: number;
  readonly length: number;
}

function checkNumTasks(kind: string, given: unknown, context: ResolveContext): number {
  if (given !== undefined && given !== context.numTasks) {
    throw new ConfigError(`${kind}.numTasks`, given, `${context.numTasks} (the resolve context's)`);
  }
  return context.numTasks;
}

function module<C extends MethodConfig>(
  config: C,
  store: VariableStore,
  hooks: PeftModule<C>['hooks'],
): PeftModule<C> {
  return { kind: config.kind, config, variables: store, hooks, dispose: () => store.dispose() };
}

const biasLayers = (spec: BackboneSpec): number => spec.numLayers.encoder + spec.numLayers.decoder;

/** Per-task bias `[K, D]` on every feed-forward output; zero init is an exact no-op. */
const taskBias = definePeftMethod<TaskBiasConfig>({
  kind: 'task-bias',
  defaults: { numTasks: 1, init: 'zeros' },
  resolve(options, _spec, context) {
    rejectUnknownKeys(options, ['numTasks', 'init'], 'task-bias');
    const init: unknown = options.init ?? 'zeros';
    if (init !== 'zeros' && init !== 'normal')
      throw new ConfigError('task-bias.init', init, ['zeros', 'normal']);
    return { kind: 'task-bias', numTasks: checkNumTasks('task-bias', options.numTasks, context), init };
  },
  create(backbone, config, seed) {
    const store = new VariableStore(seed);
    const { spec } = backbone;
    const init = config.init === 'zeros' ? initializers.zeros() : initializers.normal(0.1);
    for (const stack of ['encoder', 'decoder'] as const) {
      for (let l = 0; l < spec.numLayers[stack]; l++) {
        store.create(`task-bias/${stack}/layer_${l}`, [config.numTasks, spec.dModel], init, {
          category: 'per-task',
        });
      }
    }
    return module(config, store, (ctx) => {
      assertKnownTasks(ctx, config.numTasks, 'task-bias');
      return {
        ffnOutput: (h, site) => {
          const rows = tf.gather(store.get(`task-bias/${site.stack}/layer_${site.layer}`), ctx.taskIds); // [B, D]
          return h.add(rows.expandDims(1)); // [B, T, D]
        },
      };
    });
  },
  countParameters: (config, spec) =>
    breakdown({ 'per-task': config.numTasks * spec.dModel * biasLayers(spec) }),
});

/** Per-task key/value prompts `[K, N, P, H]` in every encoder self-attention, with zero bias columns. */
const taskPrompt = definePeftMethod<TaskPromptConfig>({
  kind: 'task-prompt',
  defaults: { numTasks: 1, length: 2 },
  resolve(options, _spec, context) {
    rejectUnknownKeys(options, ['numTasks', 'length'], 'task-prompt');
    const length = options.length ?? 2;
    if (!Number.isInteger(length) || length < 1) {
      throw new ConfigError('task-prompt.length', length, 'a positive integer');
    }
    return { kind: 'task-prompt', numTasks: checkNumTasks('task-prompt', options.numTasks, context), length };
  },
  create(backbone, config, seed) {
    const store = new VariableStore(seed);
    const { numHeads, headDim, numLayers } = backbone.spec;
    const shape = [config.numTasks, numHeads, config.length, headDim];
    for (let l = 0; l < numLayers.encoder; l++) {
      for (const part of ['keys', 'values']) {
        store.create(`task-prompt/layer_${l}/${part}`, shape, initializers.normal(0.5), {
          category: 'per-task',
        });
      }
    }
    return module(config, store, (ctx) => {
      assertKnownTasks(ctx, config.numTasks, 'task-prompt');
      return {
        keyValue: (kv, site) => {
          if (site.stack !== 'encoder' || site.attention !== 'self') return kv;
          const at = (part: string): tf.Tensor4D =>
            tf.gather(store.get(`task-prompt/layer_${site.layer}/${part}`), ctx.taskIds) as tf.Tensor4D; // [B, N, P, H]
          const [b0, n, t] = kv.bias.shape;
          const zeros = tf.zeros<tf.Rank.R4>([b0, n, t, config.length]); // [B | 1, N, T, P]
          return {
            keys: tf.concat4d([at('keys'), kv.keys], 2), // [B, N, P + S, H]
            values: tf.concat4d([at('values'), kv.values], 2), // [B, N, P + S, H]
            bias: tf.concat4d([zeros, kv.bias], 3), // [B | 1, N, T, P + S]
          };
        },
      };
    });
  },
  countParameters: (config, spec) =>
    breakdown({
      'per-task': 2 * config.numTasks * spec.numHeads * config.length * spec.headDim * spec.numLayers.encoder,
    }),
});

describePeftContract(taskBias, [
  { name: 'zero init, 3 tasks', options: {}, noOpInit: true, deterministicInit: true },
  { name: 'normal init, 2 tasks', options: { init: 'normal' }, numTasks: 2 },
  { name: 'one task', options: { init: 'normal', numTasks: 1 }, numTasks: 1 },
]);

describePeftContract(taskPrompt, [
  { name: 'length 2', options: {} },
  { name: 'length 3, 4 tasks', options: { length: 3, numTasks: 4 }, numTasks: 4 },
]);

/** `taskBias` with some members replaced. */
function variant(overrides: Partial<PeftMethod<TaskBiasConfig>>): PeftMethod<TaskBiasConfig> {
  return definePeftMethod<TaskBiasConfig>({
    kind: 'task-bias',
    defaults: taskBias.defaults,
    resolve: (options, spec, context) => taskBias.resolve(options, spec, context),
    create: (backbone, config, seed) => taskBias.create(backbone, config, seed),
    countParameters: (config, spec) => taskBias.countParameters(config, spec),
    ...overrides,
  });
}

describe('the contract suite can fail', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('passes the unbroken toy methods through runContractCheck', async () => {
    await runContractCheck('accounting', taskBias, { name: 'base', options: {} });
    await runContractCheck('mixed-batch', taskPrompt, { name: 'base', options: {} });
  });

  it('rejects a countParameters that is off by one', async () => {
    const broken = variant({
      countParameters: (config: TaskBiasConfig, spec) =>
        breakdown({ 'per-task': taskBias.countParameters(config, spec)['per-task'] + 1 }),
    });
    await expect(runContractCheck('accounting', broken, { name: 'off by one', options: {} })).rejects.toThrow(
      /countParameters says \d+ 'per-task' parameters/,
    );
  });

  it('rejects a module that applies the first task of the batch to every example', async () => {
    const broken = variant({
      create: (backbone, config: TaskBiasConfig, seed) => {
        const inner = taskBias.create(backbone, config, seed);
        return {
          ...inner,
          hooks: (ctx) => {
            const first = tf.fill<tf.Rank.R1>([ctx.batchSize], ctx.tasksPresent[0], 'int32');
            return inner.hooks({ ...ctx, taskIds: first });
          },
        };
      },
    });
    const row = { name: 'ignores task ids', options: { init: 'normal' as const } };
    await expect(runContractCheck('mixed-batch', broken, row)).rejects.toThrow(AssertionFailure);
  });

  it('rejects, once its variables are perturbed, a zero-init module that mixes up tasks', async () => {
    // At init every per-task bias is zero, so reading the wrong task's row changes nothing and
    // the comparison at init passes; the perturbed comparison fails.
    const broken = variant({
      create: (backbone, config: TaskBiasConfig, seed) => {
        const inner = taskBias.create(backbone, config, seed);
        return {
          ...inner,
          hooks: (ctx) => {
            const first = tf.fill<tf.Rank.R1>([ctx.batchSize], ctx.tasksPresent[0], 'int32');
            return inner.hooks({ ...ctx, taskIds: first });
          },
        };
      },
    });
    const row = { name: 'zero init, ignores task ids', options: {}, noOpInit: true };
    await expect(runContractCheck('mixed-batch', broken, row)).rejects.toThrow(
      /with perturbed variables: example \d+ \(task \d+\) differs from its task-only batch/,
    );
  });

  it('rejects a module whose logits do not depend on task ids, unless the row says so', async () => {
    const taskBlind = variant({
      create: (backbone, config: TaskBiasConfig, seed) => {
        const inner = taskBias.create(backbone, config, seed);
        return {
          ...inner,
          hooks: (ctx) => inner.hooks({ ...ctx, taskIds: tf.zeros<tf.Rank.R1>([ctx.batchSize], 'int32') }),
        };
      },
    });
    const row = { name: 'always task 0', options: { init: 'normal' as const } };
    await expect(runContractCheck('mixed-batch', taskBlind, row)).rejects.toThrow(
      /changes its logits by only 0\.00e\+0 .*cannot see a mix-up of tasks/,
    );
    await runContractCheck('mixed-batch', taskBlind, { ...row, taskIndependent: true });
  });

  it('rejects a row that claims a no-op init the module does not have', async () => {
    const row = { name: 'not a no-op', options: { init: 'normal' as const }, noOpInit: true };
    await expect(runContractCheck('no-op-init', taskBias, row)).rejects.toThrow(AssertionFailure);
  });

  it('rejects a module whose seed does not change its random init', async () => {
    const broken = variant({
      create: (backbone, config: TaskBiasConfig) => taskBias.create(backbone, config, 7),
    });
    const row = { name: 'ignores the seed', options: { init: 'normal' as const } };
    await expect(runContractCheck('seeding', broken, row)).rejects.toThrow(/gave identical variables/);
  });
});
