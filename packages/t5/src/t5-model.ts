/**
 * The T5 / T5.1.1 encoder-decoder: a backbone that calls the hook points of
 * `@hyperprompt/core` and never knows which method runs.
 *
 * Axis legend: B batch, T decoder length, S encoder length, D d_model, V vocabulary.
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';
import {
  ConfigError,
  createForwardContext,
  Rng,
  gatherRows,
  linear,
  ShapeError,
  type BackboneHandle,
  type BackboneHooks,
  type BackboneSpec,
  type ForwardContext,
  type VariableStore,
} from '@hyperprompt/core';
import { backboneSpecOf, type T5Config } from './config';
import { generate, type GenerateOptions } from './decoding';
import { resolveHooks, type HooksOption } from './hooks-option';
import { scoreCandidates, type Candidates, type ScoreCandidatesOptions } from './rank-classification';
import { shiftRight, toPaddedIds, type TokenIds, type TokenMask } from './inputs';
import type { AttentionObserver } from './layers/attention';
import { runDecoder, runEncoder, type HiddenStateObserver, type StackEnvironment } from './stack';
import {
  readT5Checkpoint,
  type ReadT5CheckpointOptions,
  writeT5Checkpoint,
  type WriteT5CheckpointOptions,
} from './checkpoint';
import {
  createT5Variables,
  stackWeights,
  variableNameOf,
  weightsFingerprint,
  type StackWeights,
} from './weights';

/** Inputs of {@link T5Model.forward} and {@link T5Model.loss}. */
export interface T5Inputs {
  /** Encoder token ids `[B, S]` (ragged arrays are padded and masked by length). */
  readonly inputIds: TokenIds;
  /** Encoder mask `[B, S]`. @defaultValue by length for ragged arrays, else all ones */
  readonly attentionMask?: TokenMask;
  /** Decoder input ids `[B, T]`. @defaultValue `labels` shifted right (required without labels) */
  readonly decoderInputIds?: TokenIds;
  /** Decoder mask `[B, T]` (combined with the causal mask). @defaultValue as for `attentionMask` */
  readonly decoderAttentionMask?: TokenMask;
  /** Target ids `[B, T]` for the loss; -100 and the pad id are ignored. Ragged rows are padded with -100. */
  readonly labels?: TokenIds;
}

/** Options of {@link T5Model.forward}. */
export interface T5ForwardOptions {
  /** Hooks of one method, or of several composed left to right. @defaultValue none */
  readonly hooks?: HooksOption;
  /** The forward context (task ids, training flag, rng). @defaultValue single task, `training` */
  readonly context?: ForwardContext;
  /** Training mode (dropout) when no context is given. @defaultValue false */
  readonly training?: boolean;
  /** Receives every attention block's probabilities `[B, N, T, S]`. */
  readonly observeAttention?: AttentionObserver;
  /** Receives every block's output `[B, T, D]` (before the final norm). */
  readonly observeHidden?: HiddenStateObserver;
}

/** Options of {@link T5Model.loss}. */
export interface T5LossOptions extends T5ForwardOptions {
  /** Label smoothing ε, as in PyTorch's `CrossEntropyLoss`. @defaultValue 0 */
  readonly labelSmoothing?: number;
}

/** Outputs of {@link T5Model.forward}; the caller disposes them. (A type alias, so `tf.tidy` can return it.) */
export type T5Output = {
  /** `[B, T, V]` next-token logits. */
  readonly logits: tf.Tensor3D;
  /** `[B, S', D]` encoder output (S' ≥ S when an `embed` hook added positions). */
  readonly encoderHiddenState: tf.Tensor3D;
  /** `[B, S']` encoder mask matching `encoderHiddenState`. */
  readonly encoderMask: tf.Tensor2D;
};

/** A T5 encoder-decoder whose variables live in a {@link VariableStore} named after HF keys. */
export class T5Model implements BackboneHandle {
  /** Architecture facts for methods. */
  readonly spec: BackboneSpec;
  /** @internal */
  readonly encoderWeights: StackWeights;
  /** @internal */
  readonly decoderWeights: StackWeights;

  /** Seeds the dropout masks of forwards run without an explicit context (advances per call). */
  private readonly dropoutRng = new Rng(0);

  /**
   * Wraps existing variables; use {@link T5Model.random} or {@link T5Model.fromPretrained}.
   * @param config - the resolved config.
   * @param variables - every variable of the model (see `createT5Variables`).
   */
  constructor(
    readonly config: T5Config,
    readonly variables: VariableStore,
  ) {
    this.spec = backboneSpecOf(config);
    this.encoderWeights = stackWeights(variables, config, 'encoder');
    this.decoderWeights = stackWeights(variables, config, 'decoder');
  }

  /**
   * A randomly initialised model (HF's initialisation scheme), seeded.
   *
   * @example
   * ```ts
   * const model = T5Model.random(t5Preset('tiny'), 42);
   * ```
   */
  static random(config: T5Config, seed = 0): T5Model {
    return new T5Model(config, createT5Variables(config, seed));
  }

  /**
   * Loads a Hugging Face checkpoint folder (`config.json` + `model.safetensors` or a sharded
   * `model.safetensors.index.json`; F32, F16 or BF16).
   * @param dir - the folder.
   * @param options - `allowNonFinite: true` accepts weights holding NaN or ±Infinity.
   * @throws `CheckpointError` for missing, unexpected or mis-shaped tensors, or a weight
   *   holding NaN or ±Infinity (unless `allowNonFinite`).
   */
  static fromPretrained(dir: string, options: ReadT5CheckpointOptions = {}): T5Model {
    const { config, variables } = readT5Checkpoint(dir, options);
    return new T5Model(config, variables);
  }

  /** Writes the model as a Hugging Face checkpoint folder that {@link T5Model.fromPretrained} reads back. */
  save(dir: string, options: WriteT5CheckpointOptions = {}): void {
    writeT5Checkpoint(dir, this.config, this.variables, options);
  }

  /**
   * Identifies the architecture and the current weights (sha256 over the config and every
   * weight's float32 value): equal for equal weights whatever the checkpoint dtype, different
   * after any weight changes, e.g. by training. Method bundles record it and refuse to load
   * onto a backbone with another. Computed on each access (one pass over the weights).
   */
  get fingerprint(): string {
    return weightsFingerprint(this.config, this.variables);
  }

  /** Token embedding table `[V, D]` (HF `shared.weight`). */
  get tokenEmbedding(): tf.Tensor2D {
    return this.variables.get('shared/weight') as tf.Variable<tf.Rank.R2>;
  }

  /** Number of parameters. */
  parameterCount(): number {
    return this.variables.parameterCount();
  }

  /**
   * Runs encoder and decoder and returns logits; inside `tf.tidy`, so only the outputs
   * survive. Pass `labels` (or `decoderInputIds`) for the decoder side.
   */
  forward(inputs: T5Inputs, options: T5ForwardOptions = {}): T5Output {
    return tf.tidy(() => this.run(inputs, options).output);
  }

  /**
   * Mean token cross-entropy over the targets that are neither -100 nor the pad id, with
   * optional label smoothing. Differentiable: use it inside `optimizer.minimize`.
   */
  loss(inputs: T5Inputs, options: T5LossOptions = {}): tf.Scalar {
    const epsilon = options.labelSmoothing ?? 0;
    if (!(epsilon >= 0 && epsilon < 1))
      throw new ConfigError('labelSmoothing', epsilon, 'a number in [0, 1)');
    if (inputs.labels === undefined) throw new ConfigError('labels', undefined, 'target ids for the loss');
    return tf.tidy(() => {
      const { output, labels } = this.run(inputs, options);
      const v = this.config.vocabSize;
      const flat = labels.reshape([-1]); // [B·T]
      const valid = flat.notEqual(-100).logicalAnd(flat.notEqual(this.config.padTokenId)).toFloat(); // [B·T]
      const safe = tf.where(valid.cast('bool'), flat, tf.zerosLike(flat)); // [B·T]
      const logProbs = tf.logSoftmax(output.logits.reshape([-1, v])); // [B·T, V]
      const nll = tf.oneHot(safe, v).mul(logProbs).sum(-1).neg(); // [B·T]
      const perToken = epsilon > 0 ? nll.mul(1 - epsilon).add(logProbs.mean(-1).neg().mul(epsilon)) : nll;
      return perToken.mul(valid).sum().div<tf.Scalar>(valid.sum().maximum(1));
    });
  }

  /** @internal Encoder side only: `[B, S', D]` and its mask `[B, S']` (used by decoding). */
  encode(
    inputs: Pick<T5Inputs, 'inputIds' | 'attentionMask'>,
    env: StackEnvironment,
  ): { hidden: tf.Tensor3D; mask: tf.Tensor2D } {
    const c = this.config;
    const { ids, mask } = toPaddedIds(
      inputs.inputIds,
      inputs.attentionMask,
      c.padTokenId,
      c.vocabSize,
      'inputIds',
    );
    this.checkBatch(ids.shape[0], env.ctx);
    const embedded = { embeddings: gatherRows(this.tokenEmbedding, ids) as tf.Tensor3D, mask }; // [B, S, D]
    const hooked = env.hooks.embed ? env.hooks.embed(embedded, 'encoder') : embedded;
    return {
      hidden: runEncoder(hooked.embeddings, hooked.mask, this.encoderWeights, env),
      mask: hooked.mask,
    };
  }

  /** @internal Decoder embeddings `[B, T, D]` for ids `[B, T]`, through the `embed` hook (which must keep T). */
  embedDecoder(ids: tf.Tensor2D, mask: tf.Tensor2D, hooks: BackboneHooks): tf.Tensor3D {
    const embedded = { embeddings: gatherRows(this.tokenEmbedding, ids) as tf.Tensor3D, mask };
    if (!hooks.embed) return embedded.embeddings;
    const out = hooks.embed(embedded, 'decoder');
    if (out.embeddings.shape[1] !== ids.shape[1]) {
      throw new ShapeError(
        'embed hook on the decoder',
        `[B, ${ids.shape[1]}, D] (T unchanged)`,
        out.embeddings.shape,
      );
    }
    return out.embeddings;
  }

  /** @internal LM head: `[B, T, D] -> [B, T, V]` (tied: scale by `D^-0.5` and use the embedding table). */
  lmHead(hidden: tf.Tensor3D): tf.Tensor3D {
    if (this.config.tieWordEmbeddings) {
      const scaled = hidden.mul(this.config.dModel ** -0.5);
      return linear(scaled, this.tokenEmbedding.transpose()) as tf.Tensor3D; // [B, T, V]
    }
    return linear(hidden, this.variables.get(variableNameOf('lm_head.weight'))) as tf.Tensor3D;
  }

  /**
   * Greedy decoding (with a key/value cache by default) until EOS or `maxNewTokens`; see
   * {@link generate}.
   */
  generate(inputs: Pick<T5Inputs, 'inputIds' | 'attentionMask'>, options: GenerateOptions = {}): number[][] {
    return generate(this, inputs, options);
  }

  /** Log-likelihood of candidate targets per input (rank classification); see {@link scoreCandidates}. */
  scoreCandidates(
    inputs: Pick<T5Inputs, 'inputIds' | 'attentionMask'>,
    candidates: Candidates,
    options: ScoreCandidatesOptions = {},
  ): number[][] {
    return scoreCandidates(this, inputs, candidates, options);
  }

  /** Frees every variable (idempotent). */
  dispose(): void {
    this.variables.dispose();
  }

  /** @internal Builds the per-forward environment; the caller disposes `owned` if set. */
  environment(
    options: T5ForwardOptions,
    batchSize: number,
  ): { env: StackEnvironment; owned?: ForwardContext } {
    const owned = options.context
      ? undefined
      : createForwardContext({ batchSize, training: options.training ?? false, rng: this.dropoutRng });
    const ctx = options.context ?? owned;
    if (ctx === undefined) throw new ConfigError('context', undefined, 'a forward context'); // unreachable
    const env: StackEnvironment = {
      config: this.config,
      hooks: resolveHooks(options.hooks),
      ctx,
      observer: options.observeAttention,
      onHidden: options.observeHidden,
    };
    return { env, owned };
  }

  private checkBatch(batchSize: number, ctx: ForwardContext): void {
    if (ctx.batchSize !== batchSize) {
      throw new ShapeError('context.taskIds', `[${batchSize}] (one task id per example of the batch)`, [
        ctx.batchSize,
      ]);
    }
  }

  private run(inputs: T5Inputs, options: T5ForwardOptions): { output: T5Output; labels: tf.Tensor2D } {
    const c = this.config;
    const batch = inputs.inputIds instanceof tf.Tensor ? inputs.inputIds.shape[0] : inputs.inputIds.length;
    if (batch === 0) throw new ShapeError('inputIds', '[B, S] with B ≥ 1', [0]);
    const { env, owned } = this.environment(options, batch);
    try {
      const encoded = this.encode(inputs, env);
      const labels =
        inputs.labels === undefined
          ? undefined
          : toPaddedIds(inputs.labels, undefined, -100, c.vocabSize, 'labels', [-100]).ids;
      let decoderIds: tf.Tensor2D;
      let decoderMask: tf.Tensor2D;
      if (inputs.decoderInputIds !== undefined) {
        const padded = toPaddedIds(
          inputs.decoderInputIds,
          inputs.decoderAttentionMask,
          c.padTokenId,
          c.vocabSize,
          'decoderInputIds',
        );
        [decoderIds, decoderMask] = [padded.ids, padded.mask];
      } else if (labels !== undefined) {
        decoderIds = shiftRight(labels, c.decoderStartTokenId, c.padTokenId);
        decoderMask = inputs.decoderAttentionMask
          ? toPaddedIds(decoderIds, inputs.decoderAttentionMask, c.padTokenId, c.vocabSize, 'decoderInputIds')
              .mask
          : tf.onesLike(decoderIds).toFloat();
      } else {
        throw new ConfigError('decoderInputIds', undefined, 'decoder input ids or labels');
      }
      if (decoderIds.shape[0] !== batch)
        throw new ShapeError('decoderInputIds', `[${batch}, T]`, decoderIds.shape);
      if (labels && (labels.shape[0] !== batch || labels.shape[1] !== decoderIds.shape[1])) {
        throw new ShapeError(
          'labels',
          `[${batch}, ${decoderIds.shape[1]}] like decoderInputIds`,
          labels.shape,
        );
      }
      const embeddings = this.embedDecoder(decoderIds, decoderMask, env.hooks);
      const hidden = runDecoder(
        embeddings,
        decoderMask,
        encoded.hidden,
        encoded.mask,
        this.decoderWeights,
        env,
      );
      const output = {
        logits: this.lmHead(hidden),
        encoderHiddenState: encoded.hidden,
        encoderMask: encoded.mask,
      };
      return { output, labels: labels ?? tf.fill<tf.Rank.R2>(decoderIds.shape, -100, 'int32') };
    } finally {
      owned?.dispose();
    }
  }
}
