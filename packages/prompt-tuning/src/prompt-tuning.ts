/**
 * Prompt-Tuning as a {@link PeftMethod}: trainable soft prompts prepended to the embedded
 * encoder input through the `embed` hook, the encoder mask extended with ones, the decoder
 * untouched. Tasks are per example: each example gets the prompt of its task id.
 *
 * Axis legend: B batch, T input length, D d_model, P prompt length, K tasks, V vocabulary.
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';
import {
  type BackboneHandle,
  type BackboneHooks,
  type EmbeddedSequence,
  type ForwardContext,
  type Initializer,
  type PeftMethod,
  type PeftModule,
  type StackName,
  ShapeError,
  VariableStore,
  assertKnownTasks,
  breakdown,
  definePeftMethod,
  gatherRows,
  initializers,
} from '@hyperprompt/core';
import { type PromptTuningConfig, DEFAULT_PROMPT_TUNING, resolvePromptTuning } from './config';

/** Name of the single variable a Prompt-Tuning module owns: `[K, P, D]` (or `[1, P, D]` when shared). */
export const PROMPTS_VARIABLE = 'prompt-tuning/prompts';

/** Bounds of the `uniform` init, U(-0.5, 0.5) as in the original code's `uniform(scale=0.5)`. */
export const UNIFORM_INIT_SCALE = 0.5;

/** Number of prompts a config owns: K, or 1 when shared. */
export function promptCount(config: PromptTuningConfig): number {
  return config.shared ? 1 : config.numTasks;
}

/**
 * The class-label initialiser: `shape` is `[K', P, D]`; prompt k's rows `0 .. L_k-1` are the
 * mean sub-token embeddings of its labels, the other rows are sampled vocabulary rows.
 */
function classLabelInit(
  table: tf.Tensor2D,
  labels: readonly (readonly (readonly number[])[])[],
  sampleFromFirst: number,
): Initializer {
  const sampled = initializers.sampledRows(table, { maxRow: sampleFromFirst });
  return (shape, rng) =>
    tf.tidy(() => {
      const base = sampled(shape, rng); // [K', P, D]
      const p = shape[1];
      const rows = tf.unstack(base); // K' x [P, D]
      const out = rows.map((row, k) => {
        const means = labels[k].map(
          (ids) => tf.mean(tf.gather(table, tf.tensor1d([...ids], 'int32')), 0), // [n_sub, D] -> [D]
        );
        const head = tf.stack(means); // [L_k, D]
        return means.length === p ? head : tf.concat([head, row.slice(means.length)], 0); // [P, D]
      });
      return tf.stack(out); // [K', P, D]
    });
}

function initializerOf(config: PromptTuningConfig, table: tf.Tensor2D): Initializer {
  switch (config.init) {
    case 'uniform':
      return initializers.uniform(-UNIFORM_INIT_SCALE, UNIFORM_INIT_SCALE);
    case 'sampled-vocab':
      return initializers.sampledRows(table, { maxRow: config.sampleFromFirst });
    case 'class-labels':
      return classLabelInit(table, config.classLabelTokens ?? [], config.sampleFromFirst);
  }
}

/**
 * Per-example prompts `[B, P, D]`: the rows of `prompts` `[K', P, D]` selected by task id
 * (or the one shared prompt broadcast), via {@link gatherRows} so the gradient works on wasm.
 */
function promptsFor(
  prompts: tf.Variable,
  config: PromptTuningConfig,
  d: number,
  ctx: ForwardContext,
): tf.Tensor3D {
  const p = config.promptLength;
  const b = ctx.batchSize;
  if (config.shared) return tf.broadcastTo<tf.Rank.R3>(prompts, [b, p, d]); // [1, P, D] -> [B, P, D]
  const flat = tf.reshape(prompts, [promptCount(config), p * d]); // [K, P, D] -> [K, P·D]
  return tf.reshape(gatherRows(flat, ctx.taskIds), [b, p, d]); // [B, P·D] -> [B, P, D]
}

function createModule(
  backbone: BackboneHandle,
  config: PromptTuningConfig,
  seed: number,
): PeftModule<PromptTuningConfig> {
  const table = backbone.tokenEmbedding; // [V, D]
  const d = backbone.spec.dModel;
  if (table.rank !== 2 || table.shape[1] !== d || table.shape[0] !== backbone.spec.vocabSize) {
    throw new ShapeError(
      'prompt-tuning: backbone.tokenEmbedding',
      `[${backbone.spec.vocabSize}, ${d}]`,
      table.shape,
    );
  }
  const store = new VariableStore(seed);
  const prompts = store.create(
    PROMPTS_VARIABLE,
    [promptCount(config), config.promptLength, d], // [K', P, D]
    initializerOf(config, table),
    { category: config.shared ? 'shared' : 'per-task' },
  );
  return {
    kind: 'prompt-tuning',
    config,
    variables: store,
    hooks(ctx: ForwardContext): BackboneHooks {
      assertKnownTasks(ctx, config.numTasks, 'prompt-tuning');
      const perExample = promptsFor(prompts, config, d, ctx); // [B, P, D], once per forward
      const ones = tf.ones<tf.Rank.R2>([ctx.batchSize, config.promptLength], 'float32'); // [B, P]
      return {
        embed(x: EmbeddedSequence, stack: StackName): EmbeddedSequence {
          if (stack !== 'encoder') return x;
          const [b, , width] = x.embeddings.shape;
          if (b !== ctx.batchSize || width !== d) {
            throw new ShapeError(
              'prompt-tuning embed: embeddings',
              `[${ctx.batchSize}, T, ${d}]`,
              x.embeddings.shape,
            );
          }
          return {
            embeddings: tf.concat<tf.Tensor3D>([perExample, x.embeddings], 1), // [B, P + T, D]
            mask: tf.concat<tf.Tensor2D>([ones, x.mask], 1), // [B, P + T]
          };
        },
      };
    },
    dispose(): void {
      store.dispose();
    },
  };
}

/**
 * Prompt-Tuning: per-task soft prompts `[K, P, D]` (or one shared `[1, P, D]`) prepended to
 * the encoder input, gathered per example by task id; the encoder mask gains P ones.
 *
 * @example
 * ```ts
 * const config = promptTuning.resolve({ promptLength: 20 }, backbone.spec, { numTasks: 8 });
 * const module = promptTuning.create(backbone, config, 42);
 * const hooks = module.hooks(ctx); // pass to the backbone's forward
 * ```
 */
export const promptTuning: PeftMethod<PromptTuningConfig> = definePeftMethod<PromptTuningConfig>({
  kind: 'prompt-tuning',
  // numTasks always comes from the resolve context; 1 is the single-task case.
  defaults: { ...DEFAULT_PROMPT_TUNING, numTasks: 1 },
  resolve: resolvePromptTuning,
  create: createModule,
  countParameters: (config, spec) =>
    breakdown({
      [config.shared ? 'shared' : 'per-task']: promptCount(config) * config.promptLength * spec.dModel,
    }),
});
