/**
 * Rank classification: score each candidate target by its log-likelihood under the model
 * and pick the best, which is how T5-style classifiers are evaluated without free decoding.
 * The encoder runs once per input; the decoder runs once on all (input, candidate) pairs.
 *
 * Axis legend: B inputs, P pairs, T candidate length, S encoder length, D d_model, V vocabulary.
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError, createForwardContext, ShapeError } from '@hyperprompt/core';
import type { DecodingOptions } from './decoding';
import { padRows, shiftRight } from './inputs';
import { runDecoder } from './stack';
import { resolveHooks } from './hooks-option';
import type { T5Inputs, T5Model } from './t5-model';

/** Options of {@link scoreCandidates}. */
export interface ScoreCandidatesOptions extends DecodingOptions {
  /** `'sum'` of token log-probabilities, or their `'mean'` (length-normalised). @defaultValue 'sum' */
  readonly reduce?: 'sum' | 'mean';
}

/** Candidate targets: one list shared by every input, or one list per input. */
export type Candidates = readonly (readonly number[])[] | readonly (readonly (readonly number[])[])[];

function isPerExample(c: Candidates): c is readonly (readonly (readonly number[])[])[] {
  // Per-example lists hold arrays; shared candidates hold numbers (an empty first list is
  // decided by the next non-empty one).
  const first = (c as readonly (readonly unknown[])[]).find((x) => x.length > 0);
  return first !== undefined && Array.isArray(first[0]);
}

/**
 * Log-likelihood of each candidate target for each input: `scores[b][c]` is the sum (or
 * mean) of `log p(token)` over the candidate's tokens, which should end with EOS as T5
 * targets do; pad ids in a candidate are not scored (as in the loss). Hooks are built per context: one context for the inputs (encoder) and one
 * with each input's task repeated per candidate (decoder).
 */
export function scoreCandidates(
  model: T5Model,
  inputs: Pick<T5Inputs, 'inputIds' | 'attentionMask'>,
  candidates: Candidates,
  options: ScoreCandidatesOptions = {},
): number[][] {
  const c = model.config;
  const reduce: string = options.reduce ?? 'sum'; // may come from untyped JSON
  if (reduce !== 'sum' && reduce !== 'mean') throw new ConfigError('reduce', reduce, ['sum', 'mean']);
  const batch = inputs.inputIds instanceof tf.Tensor ? inputs.inputIds.shape[0] : inputs.inputIds.length;
  const lists = isPerExample(candidates) ? candidates : Array.from({ length: batch }, () => candidates);
  if (lists.length !== batch)
    throw new ShapeError('candidates', `${batch} lists (one per input)`, [lists.length]);
  const owner: number[] = [];
  const targets: (readonly number[])[] = [];
  lists.forEach((list, b) => {
    if (list.length === 0) throw new ShapeError(`candidates[${b}]`, 'at least one candidate', [0]);
    for (const cand of list) {
      const bad = cand.find((id) => !Number.isInteger(id) || id < 0 || id >= c.vocabSize);
      if (bad !== undefined || cand.length === 0) {
        throw new ShapeError(
          `candidates[${b}]`,
          `non-empty token ids in [0, ${c.vocabSize})`,
          String(bad ?? '[]'),
        );
      }
      owner.push(b);
      targets.push(cand);
    }
  });
  const taskIds = options.taskIds ?? new Array<number>(batch).fill(0);
  const encoderCtx = createForwardContext({
    taskIds: [...taskIds],
    numTasks: options.numTasks,
    batchSize: batch,
  });
  const pairCtx = createForwardContext({ taskIds: owner.map((b) => taskIds[b]), numTasks: options.numTasks });
  try {
    const flat = tf.tidy(() => {
      const encoderEnv = { config: c, hooks: resolveHooks(options.hooks?.(encoderCtx)), ctx: encoderCtx };
      const pairEnv = { config: c, hooks: resolveHooks(options.hooks?.(pairCtx)), ctx: pairCtx };
      const encoded = model.encode(inputs, encoderEnv);
      const rows = tf.tensor1d(owner, 'int32');
      const hidden = tf.gather(encoded.hidden, rows); // [P, S', D]
      const mask = tf.gather(encoded.mask, rows); // [P, S']
      const padded = padRows(targets, -100, 'candidates');
      const labels = tf.tensor2d(padded.values, [targets.length, padded.width], 'int32'); // [P, T]
      const decoderIds = shiftRight(labels, c.decoderStartTokenId, c.padTokenId);
      const decoderMask = tf.onesLike(decoderIds).toFloat();
      const embeddings = model.embedDecoder(decoderIds, decoderMask, pairEnv.hooks);
      const out = runDecoder(embeddings, decoderMask, hidden, mask, model.decoderWeights, pairEnv);
      const logProbs = tf.logSoftmax(model.lmHead(out)).reshape([-1]); // [P·T·V]
      // Like the loss: -100 (our padding) and the pad id are not scored.
      const valid = labels.notEqual(-100).logicalAnd(labels.notEqual(c.padTokenId)); // [P, T]
      const safe = tf.where(valid, labels, tf.zerosLike(labels));
      const index = tf
        .range(0, targets.length * padded.width, 1, 'int32')
        .mul(tf.scalar(c.vocabSize, 'int32'))
        .add(safe.reshape([-1]));
      const picked = tf.gather(logProbs, index).reshape([targets.length, padded.width]).mul(valid.toFloat()); // [P, T]
      const sums = picked.sum(1);
      return reduce === 'mean' ? sums.div(valid.toFloat().sum(1)) : sums;
    });
    const values = Array.from(flat.dataSync());
    flat.dispose();
    const scores: number[][] = lists.map(() => []);
    values.forEach((v, i) => scores[owner[i]].push(v));
    return scores;
  } finally {
    encoderCtx.dispose();
    pairCtx.dispose();
  }
}
