/**
 * Task-only quantities computed once per forward for the tasks present, then used per
 * example: row gathering by task and a per-example batched matMul, both with gradients that
 * run on the wasm backend.
 *
 * Axes: K' tasks present, B batch, T sequence, I input and O output features.
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';
import {
  attentionContext,
  type AttentionFormulation,
  ConfigError,
  type ForwardContext,
  gatherRows,
  matMul2d,
  ShapeError,
} from '@hyperprompt/core';

/**
 * `auto` in {@link perExampleMatMul} uses grouped depthwise convolutions on wasm when T is at
 * least this and I·O at least {@link PER_EXAMPLE_DEPTHWISE_MIN_WEIGHT}. Measured on 2 cores
 * (forward + backward, B = 32, adapter shapes 768×24 and 24×768): 1.2-1.4x faster than
 * `tf.matMul` at T = 8, about 2x at T = 16-32; slower at T = 1 and for tiny weights.
 */
export const PER_EXAMPLE_DEPTHWISE_MIN_ROWS = 8;

/** See {@link PER_EXAMPLE_DEPTHWISE_MIN_ROWS}. */
export const PER_EXAMPLE_DEPTHWISE_MIN_WEIGHT = 1024;

const FORMULATIONS: readonly AttentionFormulation[] = ['auto', 'matmul', 'depthwise'];

/**
 * {@link gatherByTask} selects rows with a one-hot matMul (`[B, K'] · [K', Z]`) for 2 up to this
 * many tasks present, and with core's `gatherRows` otherwise. On wasm `tf.gather` walks its output
 * element by element (about 10 ms for `[8, 8192] -> [16, 8192]` on one thread), while the
 * one-hot product runs on XNNPACK (under 1 ms) and so does its gradient, `oneHotᵀ · dy`.
 * Values are identical (each output is `1·x` plus exact zeros); gradients differ only in
 * summation order.
 */
export const GATHER_BY_TASK_ONE_HOT_MAX_TASKS = 64;

/**
 * Gathers per-task rows per example: `[K', ...rest]` (row k ↔ `ctx.tasksPresent[k]`) →
 * `[B, ...rest]` by `ctx.taskRows`, on a `[K', prod(rest)]` view: a one-hot matMul for float32
 * rows and 2 to {@link GATHER_BY_TASK_ONE_HOT_MAX_TASKS} tasks, else core's `gatherRows`;
 * both have gradients that work on wasm.
 *
 * @param perTask - [K', ...rest], computed once per forward for `ctx.tasksPresent`.
 * @param ctx - the forward context.
 * @returns [B, ...rest].
 * @throws `ShapeError` unless the first axis is K'.
 */
export function gatherByTask<R extends tf.Rank>(perTask: tf.Tensor<R>, ctx: ForwardContext): tf.Tensor<R> {
  const present = ctx.tasksPresent.length;
  if (perTask.rank < 1 || perTask.shape[0] !== present) {
    throw new ShapeError(
      'gatherByTask(perTask)',
      `[${present}, ...] (one row per task present)`,
      perTask.shape,
    );
  }
  const rest = perTask.shape.slice(1);
  const width = rest.reduce((a, b) => a * b, 1);
  return tf.tidy((): tf.Tensor<R> => {
    const table = tf.reshape<tf.Rank.R2>(perTask, [present, width]); // [K', ...rest] -> [K', Z]
    const rows =
      perTask.dtype === 'float32' && present >= 2 && present <= GATHER_BY_TASK_ONE_HOT_MAX_TASKS
        ? matMul2d(tf.cast(tf.oneHot(ctx.taskRows, present), 'float32'), table) // [B, K'] · [K', Z] -> [B, Z]
        : gatherRows(table, ctx.taskRows); // [B, Z]
    return tf.reshape<tf.Rank>(rows, [ctx.batchSize, ...rest]) as tf.Tensor<R>; // [B, Z] -> [B, ...rest]
  });
}

/** int32 `[K']` tensor of `ctx.tasksPresent` (to gather task-embedding rows for the tasks present). */
export function presentTasks(ctx: ForwardContext): tf.Tensor1D {
  return tf.tensor1d([...ctx.tasksPresent], 'int32');
}

/**
 * Per-example matMul `out[b] = x[b] · w[b]`, with a gradient, fast on wasm: B = 1 is a plain
 * 2-D matMul (core's `matMul2d`); otherwise core's `attentionContext` on
 * `[B, 1, T, I] · [B, 1, I, O]`, as grouped depthwise convolutions on wasm when the sizes pay
 * off (see {@link PER_EXAMPLE_DEPTHWISE_MIN_ROWS}) and `tf.matMul` elsewhere. Values and
 * gradients equal `tf.matMul(x, w)`'s.
 *
 * @param x - [B, T, I].
 * @param w - [B, I, O].
 * @param formulation - `'auto'` (above), `'matmul'` or `'depthwise'` (forced). @defaultValue 'auto'
 * @returns [B, T, O].
 * @throws `ShapeError` unless both are rank 3 with equal B and matching I.
 */
export function perExampleMatMul(
  x: tf.Tensor3D,
  w: tf.Tensor3D,
  formulation: AttentionFormulation = 'auto',
): tf.Tensor3D {
  if (!FORMULATIONS.includes(formulation)) {
    throw new ConfigError('perExampleMatMul.formulation', formulation, FORMULATIONS);
  }
  if (x.rank !== 3) throw new ShapeError('perExampleMatMul(x)', '[B, T, I] (rank 3)', x.shape);
  const [b, t, i] = x.shape;
  if (w.rank !== 3 || w.shape[0] !== b || w.shape[1] !== i) {
    throw new ShapeError('perExampleMatMul(w)', `[${b}, ${i}, O] to match x`, w.shape);
  }
  const o = w.shape[2];
  return tf.tidy(() => {
    if (b === 1) {
      const x2 = tf.reshape<tf.Rank.R2>(x, [t, i]); // [1, T, I] -> [T, I]
      const w2 = tf.reshape<tf.Rank.R2>(w, [i, o]); // [1, I, O] -> [I, O]
      return tf.reshape(matMul2d(x2, w2), [1, t, o]); // [T, O] -> [1, T, O]
    }
    const x4 = tf.reshape<tf.Rank.R4>(x, [b, 1, t, i]); // [B, T, I] -> [B, 1, T, I]
    const w4 = tf.reshape<tf.Rank.R4>(w, [b, 1, i, o]); // [B, I, O] -> [B, 1, I, O]
    const depthwise =
      formulation === 'auto'
        ? tf.getBackend() === 'wasm' &&
          t >= PER_EXAMPLE_DEPTHWISE_MIN_ROWS &&
          i * o >= PER_EXAMPLE_DEPTHWISE_MIN_WEIGHT
        : formulation === 'depthwise';
    const product = attentionContext(x4, w4, depthwise ? 'depthwise' : 'matmul'); // [B, 1, T, O]
    return tf.reshape(product, [b, t, o]); // [B, 1, T, O] -> [B, T, O]
  });
}
