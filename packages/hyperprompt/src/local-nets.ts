/**
 * The local hypernetworks `h(P) = ReLU(P·D + d)·U + u` that turn global prompts into key and
 * value prompts, batched over R independent (task, site, key|value) rows, and the variables of
 * the Share and Sep variants.
 *
 * Axis legend: R rows of independent local nets, Q prompt rows per net, K tasks, K' tasks
 * present, M prompted sites, 2 key|value, P prompt length, D d_model, b bottleneck,
 * NH = N·H attention inner width.
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';
import { gatherRows, initializers, type Initializer, matMul2d, type VariableStore } from '@hyperprompt/core';
import { perExampleMatMul } from '@hyperprompt/hypernetwork';
import type { HyperPromptConfig } from './config';

/** Weights of R local hypernetworks (biases only with `localBias`). */
export interface LocalNetWeights {
  /** `[R, D, b]` down projections. */
  readonly down: tf.Tensor3D;
  /** `[R, b, NH]` up projections. */
  readonly up: tf.Tensor3D;
  /** `[R, b]` down biases. */
  readonly downBias?: tf.Tensor2D;
  /** `[R, NH]` up biases. */
  readonly upBias?: tf.Tensor2D;
}

/** Standard deviation of the `normal` local-net init (HyperFormer's `init_linear_layer`). */
export const LOCAL_INIT_STD = 1e-2;

/**
 * Applies R local nets to their own prompt rows: `x [R, Q, D] -> [R, Q, NH]`, one
 * per-example matMul per projection (wasm-friendly gradients).
 */
export function applyLocalNets(x: tf.Tensor3D, w: LocalNetWeights): tf.Tensor3D {
  const [r] = x.shape;
  let h = perExampleMatMul(x, w.down); // [R, Q, b]
  if (w.downBias) h = tf.add(h, tf.reshape(w.downBias, [r, 1, -1])); // [R, b] -> [R, 1, b]
  let out = perExampleMatMul(tf.relu(h), w.up); // [R, Q, NH]
  if (w.upBias) out = tf.add(out, tf.reshape(w.upBias, [r, 1, -1])); // [R, NH] -> [R, 1, NH]
  return out;
}

/** Shapes of one net's tensors: `down [D, b]`, `up [b, NH]`, and the biases. */
export function localNetShapes(
  config: HyperPromptConfig,
  dModel: number,
  inner: number,
): { down: number[]; up: number[]; downBias: number[]; upBias: number[] } {
  const b = config.bottleneck;
  return { down: [dModel, b], up: [b, inner], downBias: [b], upBias: [inner] };
}

/** Parameters of one local net (one of key or value, one site, one task for Sep). */
export function localNetParameters(config: HyperPromptConfig, dModel: number, inner: number): number {
  const b = config.bottleneck;
  return dModel * b + b * inner + (config.localBias ? b + inner : 0);
}

function weightInit(config: HyperPromptConfig, fanIn: number): Initializer {
  return initializers.normal(config.localInit === 'fan-in' ? fanIn ** -0.5 : LOCAL_INIT_STD);
}

/** The variables of Share (`lead = [M, 2]`) or Sep (`lead = [K, M, 2]`) local nets. */
export interface LocalNetVariables {
  /** `[...lead, D, b]`. */
  readonly down: tf.Variable;
  /** `[...lead, b, NH]`. */
  readonly up: tf.Variable;
  /** `[...lead, b]`. */
  readonly downBias?: tf.Variable;
  /** `[...lead, NH]`. */
  readonly upBias?: tf.Variable;
}

/**
 * Creates the local nets of Share (`hyperprompt/local/*`, `[M, 2, ...]`, category `shared`)
 * or Sep (`[K, M, 2, ...]`, category `per-task`); biases start at 0.
 */
export function createLocalNets(
  store: VariableStore,
  config: HyperPromptConfig,
  sites: number,
  dModel: number,
  inner: number,
): LocalNetVariables {
  const sep = config.variant === 'sep';
  const lead = sep ? [config.numTasks, sites, 2] : [sites, 2];
  const category = sep ? 'per-task' : 'shared';
  const s = localNetShapes(config, dModel, inner);
  const create = (name: string, shape: number[], init: Initializer): tf.Variable =>
    store.create(`hyperprompt/local/${name}`, [...lead, ...shape], init, { category });
  return {
    down: create('down', s.down, weightInit(config, dModel)),
    up: create('up', s.up, weightInit(config, config.bottleneck)),
    ...(config.localBias
      ? {
          downBias: create('down_bias', s.downBias, initializers.zeros()),
          upBias: create('up_bias', s.upBias, initializers.zeros()),
        }
      : {}),
  };
}

/**
 * Share: every task's prompts through the 2M shared nets. `x [K', P, D] -> [K', M, 2, P, NH]`.
 * The down projections of all nets are one plain 2-D matMul (`[K'·P, D] · [D, 2M·b]`), so
 * the prompts are never copied per net; the up projections are one per-net batched matMul.
 */
export function shareForward(x: tf.Tensor3D, nets: LocalNetVariables, sites: number): tf.Tensor {
  const [k, p, d] = x.shape;
  const r = 2 * sites;
  const b = nets.down.shape[nets.down.shape.length - 1];
  const inner = nets.up.shape[nets.up.shape.length - 1];
  const downAll = tf.reshape(tf.transpose(nets.down, [2, 0, 1, 3]), [d, r * b]); // [M, 2, D, b] -> [D, M, 2, b] -> [D, 2M·b]
  let h = matMul2d(tf.reshape(x, [k * p, d]), downAll); // [K'·P, 2M·b]
  if (nets.downBias) h = tf.add(h, tf.reshape(nets.downBias, [1, r * b])); // [M, 2, b] -> [1, 2M·b]
  const perNet = tf.transpose(tf.reshape<tf.Rank.R3>(tf.relu(h), [k * p, r, b]), [1, 0, 2]); // -> [K'·P, 2M, b] -> [2M, K'·P, b]
  let out = perExampleMatMul(perNet, tf.reshape<tf.Rank.R3>(nets.up, [r, b, inner])); // [2M, K'·P, NH]
  if (nets.upBias) out = tf.add(out, tf.reshape(nets.upBias, [r, 1, inner])); // [M, 2, NH] -> [2M, 1, NH]
  const split = tf.reshape<tf.Rank.R3>(out, [r, k, p * inner]); // [2M, K'·P, NH] -> [2M, K', P·NH]
  const byTask = tf.transpose(split, [1, 0, 2]); // [K', 2M, P·NH] (rank 3: fast on wasm)
  return tf.reshape(byTask, [k, sites, 2, p, inner]); // -> [K', M, 2, P, NH]
}

/**
 * Per-(task, site, key|value) nets applied to each task's prompt: `x [K', P, D]` and weights
 * with R = K'·M·2 rows (task-major) -> `[K', M, 2, P, NH]`. Used by Sep and Global.
 */
export function perTaskForward(x: tf.Tensor3D, w: LocalNetWeights, sites: number): tf.Tensor {
  const [k, p, d] = x.shape;
  const r = k * sites * 2;
  // Copies as a 0/1 matMul `E [R, K'] · x [K', P·D]` (E[i, j] = 1 iff row i is task j's):
  // exact, and on wasm far cheaper than tf.tile/broadcastTo or a concat of M·2 copies, whose
  // gradient (a split) copies the whole input once per piece.
  const expand = tf.tensor2d(
    Array.from({ length: r * k }, (_, i) => (Math.floor(Math.floor(i / k) / (sites * 2)) === i % k ? 1 : 0)),
    [r, k],
  ); // [R, K']
  const tiled = matMul2d(expand, tf.reshape(x, [k, p * d])); // [R, K'] · [K', P·D] -> [R, P·D]
  const rows = tf.reshape<tf.Rank.R3>(tiled, [r, p, d]); // -> [K'·M·2, P, D]
  const out = applyLocalNets(rows, w); // [K'·M·2, P, NH]
  return tf.reshape(out, [k, sites, 2, p, out.shape[2]]); // -> [K', M, 2, P, NH]
}

/** Sep: gathers the present tasks' nets `[K, M, 2, ...] -> [K'·M·2, ...]`. */
export function sepWeights(nets: LocalNetVariables, tasks: tf.Tensor1D): LocalNetWeights {
  const k = tasks.shape[0];
  const pick = (v: tf.Variable): tf.Tensor => {
    const [kk, m, two, ...tail] = v.shape;
    const width = tail.reduce((a, b) => a * b, 1);
    const rows = gatherRows(tf.reshape(v, [kk, m * two * width]), tasks); // [K', M·2·Z]
    return tf.reshape(rows, [k * m * two, ...tail]); // -> [K'·M·2, ...tail]
  };
  return {
    down: pick(nets.down) as tf.Tensor3D,
    up: pick(nets.up) as tf.Tensor3D,
    downBias: nets.downBias ? (pick(nets.downBias) as tf.Tensor2D) : undefined,
    upBias: nets.upBias ? (pick(nets.upBias) as tf.Tensor2D) : undefined,
  };
}
