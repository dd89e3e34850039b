/**
 * A toy embed-hook method for the composition spec (methods never import each other, so the
 * real Prompt-Tuning is composed with HyperPrompt in the harness's tests): one trainable
 * vector per task prepended to the encoder input, the encoder mask extended with a one.
 *
 * Axis legend: B batch, T input length, D d_model, K tasks.
 */
import * as tf from '@tensorflow/tfjs';
import {
  breakdown,
  definePeftMethod,
  gatherRows,
  initializers,
  VariableStore,
  type MethodConfig,
  type PeftMethod,
} from '@hyperprompt/core';

/** Config of the toy method. */
export interface ToyEmbedConfig extends MethodConfig {
  /** Discriminant. */
  readonly kind: 'toy-embed';
  /** K. */
  readonly numTasks: number;
}

/** One learned `[D]` vector per task at the front of the encoder input. */
export const toyEmbed: PeftMethod<ToyEmbedConfig> = definePeftMethod<ToyEmbedConfig>({
  kind: 'toy-embed',
  defaults: { numTasks: 1 },
  resolve: (_options, _spec, { numTasks }) => ({ kind: 'toy-embed', numTasks }),
  countParameters: (config, spec) => breakdown({ 'per-task': config.numTasks * spec.dModel }),
  create(backbone, config, seed) {
    const store = new VariableStore(seed);
    const d = backbone.spec.dModel;
    const table = store.create('toy-embed/vectors', [config.numTasks, d], initializers.uniform(-0.5, 0.5), {
      category: 'per-task',
    });
    return {
      kind: 'toy-embed',
      config,
      variables: store,
      hooks: (ctx) => ({
        embed(x, stack) {
          if (stack !== 'encoder') return x;
          const rows = tf.reshape<tf.Rank.R3>(gatherRows(table, ctx.taskIds), [ctx.batchSize, 1, d]); // [B, D] -> [B, 1, D]
          return {
            embeddings: tf.concat<tf.Tensor3D>([rows, x.embeddings], 1), // [B, 1 + T, D]
            mask: tf.concat<tf.Tensor2D>([tf.ones([ctx.batchSize, 1]), x.mask], 1), // [B, 1 + T]
          };
        },
      }),
      dispose: () => store.dispose(),
    };
  },
});
