/**
 * HyperPrompt's key/value prompts recomputed from the paper's formulas in plain JavaScript
 * (float64 arrays; none of this package's code, no tf) from the module's variables, and compared
 * with what the `keyValue` hook prepends, per example, site, head and key|value, for Share,
 * Sep and Global, at init and with every variable replaced by seeded N(0, 0.5²) draws (so that
 * ReLU clips, biases and the LayerNorm matter and no term is negligible).
 *
 * The formulas, for task τ with global prompt `P_τ [l, D]` and prompted site m:
 * - local nets: `P^m_{τ,k} = ReLU(P_τ·D^m_k + d^m_k)·U^m_k + u^m_k` (biases only with
 *   `localBias`), likewise for values; Share has one (D, U) pair per site, Sep one per task and site;
 * - Global generates them: `I = LN(W_2·ReLU(W_1·[k_τ; z_m] + c_1) + c_2)` (the LayerNorm
 *   `γ ⊙ (x − mean) / √(var + 1e-6) + β` only with `projectorLayerNorm`), then each local
 *   tensor is `reshape(I·W^X + b^X)` row-major (`b^X` only with `generatorBias`);
 * - z_m is row m of the layer table: with `shared` indexing, encoder block i is row i and
 *   decoder block j row Ne + j of one table; with `per-stack`, each stack has its own table;
 *   cross-attention sites read a separate table of decoder blocks;
 * - a prompt row of width N·H is split into heads like T5's keys: head n gets columns
 *   `n·H .. (n+1)·H − 1`.
 *
 * Axis legend: K tasks, M prompted sites, P prompt length, D d_model, b bottleneck,
 * N heads, H head dim, NH = N·H.
 */
import * as tf from '@tensorflow/tfjs';
import { type AttentionSite, type BackboneHandle, createForwardContext, formatSite } from '@hyperprompt/core';
import { FAKE_SPEC, fakeBackbone, randomKV } from './__fixtures__/fake-backbone';
import type { HyperPromptConfig, HyperPromptOptions } from './config';
import { hyperPrompt, type HyperPromptModule } from './hyperprompt';

type Matrix = number[][];

const matMul = (a: Matrix, b: Matrix): Matrix =>
  a.map((row) => b[0].map((_, j) => row.reduce((sum, x, k) => sum + x * b[k][j], 0)));
const addRow = (a: Matrix, bias: number[]): Matrix => a.map((row) => row.map((x, j) => x + bias[j]));
const relu = (a: Matrix): Matrix => a.map((row) => row.map((x) => Math.max(0, x)));
/** Row-major reshape of a flat vector into `[rows, cols]`. */
const reshape = (flat: number[], rows: number, cols: number): Matrix =>
  Array.from({ length: rows }, (_, i) => flat.slice(i * cols, (i + 1) * cols));

/** Seeded N(0, std²) draws (mulberry32 + Box-Muller), independent of tf's generators. */
function normals(count: number, seed: number, std: number): number[] {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  return Array.from(
    { length: count },
    () => std * Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()),
  );
}

/** The prompted sites, in the order the module's per-site variables follow. */
function expectedSites(config: HyperPromptConfig): AttentionSite[] {
  const layers = (n: number): number[] =>
    config.layers === 'all' ? Array.from({ length: n }, (_, i) => i) : [...config.layers];
  const { encoder, decoder } = FAKE_SPEC.numLayers;
  const enc = config.useEncoder ? layers(encoder) : [];
  const dec = config.useDecoder ? layers(decoder) : [];
  return [
    ...enc.map((layer): AttentionSite => ({ stack: 'encoder', layer, attention: 'self' })),
    ...dec.map((layer): AttentionSite => ({ stack: 'decoder', layer, attention: 'self' })),
    ...(config.useCrossAttention
      ? dec.map((layer): AttentionSite => ({ stack: 'decoder', layer, attention: 'cross' }))
      : []),
  ];
}

/** Reads a module variable as nested arrays. */
function read(module: HyperPromptModule, name: string): unknown {
  return module.variables.get(name).arraySync();
}

/** The local nets of one (task, site, key|value), as the formulas index them. */
interface LocalNet {
  readonly down: Matrix; // [D, b]
  readonly up: Matrix; // [b, NH]
  readonly downBias?: number[]; // [b]
  readonly upBias?: number[]; // [NH]
}

/** Global: I = LN(W2·ReLU(W1·[k; z] + c1) + c2) for a task and a site. */
function layerAwareEmbedding(module: HyperPromptModule, task: number, site: AttentionSite): number[] {
  const config = module.config;
  const { encoder } = FAKE_SPEC.numLayers;
  const table =
    site.attention === 'cross' ? 'cross' : config.layerIndexing === 'shared' ? 'shared' : site.stack;
  const row =
    site.attention === 'cross' || config.layerIndexing === 'per-stack'
      ? site.layer
      : site.stack === 'encoder'
        ? site.layer
        : encoder + site.layer;
  const k = (read(module, 'hyperprompt/task_embedding') as Matrix)[task];
  const z = (read(module, `hyperprompt/layer_embedding/${table}`) as Matrix)[row];
  const v = (name: string): unknown => read(module, `hyperprompt/projector/${name}`);
  const hidden = relu(addRow(matMul([[...k, ...z]], v('fc1/weight') as Matrix), v('fc1/bias') as number[]));
  const out = addRow(matMul(hidden, v('fc2/weight') as Matrix), v('fc2/bias') as number[])[0];
  if (!config.projectorLayerNorm) return out;
  const mean = out.reduce((a, b) => a + b, 0) / out.length;
  const variance = out.reduce((a, b) => a + (b - mean) ** 2, 0) / out.length;
  const gamma = v('layer_norm/gamma') as number[];
  const beta = v('layer_norm/beta') as number[];
  return out.map((x, i) => (gamma[i] * (x - mean)) / Math.sqrt(variance + 1e-6) + beta[i]);
}

/** The local nets of task τ at site m (index `m` in the site order) for keys (0) or values (1). */
function localNet(
  module: HyperPromptModule,
  task: number,
  site: AttentionSite,
  m: number,
  kv: number,
): LocalNet {
  const config = module.config;
  const d = FAKE_SPEC.dModel;
  const b = config.bottleneck;
  const nh = FAKE_SPEC.numHeads * FAKE_SPEC.headDim;
  if (config.variant === 'global') {
    const i = layerAwareEmbedding(module, task, site);
    const prefix = `hyperprompt/generator/${kv === 0 ? 'key' : 'value'}`;
    const generate = (name: string): number[] => {
      const flat = matMul([i], read(module, `${prefix}_${name}/weight`) as Matrix)[0];
      if (!config.generatorBias) return flat;
      const bias = read(module, `${prefix}_${name}/bias`) as number[];
      return flat.map((x, j) => x + bias[j]);
    };
    return {
      down: reshape(generate('down'), d, b),
      up: reshape(generate('up'), b, nh),
      downBias: config.localBias ? generate('down_bias') : undefined,
      upBias: config.localBias ? generate('up_bias') : undefined,
    };
  }
  // Share: [M, 2, ...]; Sep: [K, M, 2, ...].
  const pick = (name: string): unknown => {
    const all = read(module, `hyperprompt/local/${name}`) as unknown[][][];
    return config.variant === 'sep' ? all[task][m][kv] : all[m][kv];
  };
  return {
    down: pick('down') as Matrix,
    up: pick('up') as Matrix,
    downBias: config.localBias ? (pick('down_bias') as number[]) : undefined,
    upBias: config.localBias ? (pick('up_bias') as number[]) : undefined,
  };
}

/** `ReLU(P_τ·D + d)·U + u`: the `[P, NH]` key (kv = 0) or value (1) prompt of a task at a site. */
function referencePrompt(
  module: HyperPromptModule,
  task: number,
  site: AttentionSite,
  m: number,
  kv: number,
): Matrix {
  const net = localNet(module, task, site, m, kv);
  const prompt = (read(module, 'hyperprompt/prompts') as Matrix[])[task]; // [P, D]
  let hidden = matMul(prompt, net.down);
  if (net.downBias) hidden = addRow(hidden, net.downBias);
  let out = matMul(relu(hidden), net.up);
  if (net.upBias) out = addRow(out, net.upBias);
  return out;
}

let backbone: BackboneHandle;
beforeAll(() => {
  backbone = fakeBackbone();
});
afterAll(() => backbone.tokenEmbedding.dispose());

const ROWS: HyperPromptOptions[] = [
  { variant: 'share', promptLength: 2, bottleneck: 3 },
  {
    variant: 'share',
    promptLength: 3,
    bottleneck: 4,
    localBias: true,
    layers: [0, 1],
    useCrossAttention: true,
  },
  { variant: 'sep', promptLength: 2, bottleneck: 3, localBias: true },
  { variant: 'sep', promptLength: 1, bottleneck: 4, useEncoder: false },
  {
    variant: 'global',
    promptLength: 2,
    bottleneck: 3,
    taskEmbeddingDim: 4,
    layerEmbeddingDim: 3,
    projectorHiddenDim: 5,
    projectedDim: 2,
  },
  {
    variant: 'global',
    promptLength: 2,
    bottleneck: 3,
    projectorLayerNorm: false,
    layerIndexing: 'per-stack',
    generatorBias: true,
    localBias: true,
    useCrossAttention: true,
    taskEmbeddingDim: 3,
    layerEmbeddingDim: 2,
    projectorHiddenDim: 4,
    projectedDim: 3,
  },
  { variant: 'global', promptLength: 3, bottleneck: 2, useEncoder: false, layers: [1], projectedDim: 4 },
];

describe('hyperPrompt prompts against an independent computation of the formulas', () => {
  it.each(ROWS.flatMap((options) => [true, false].map((perturbed) => [options, perturbed] as const)))(
    'the hook prepends ReLU(P·D)·U of each example’s task at every site: %j, perturbed: %s',
    (options, perturbed) => {
      const taskIds = [2, 0, 1, 2];
      const module = hyperPrompt.create(
        backbone,
        hyperPrompt.resolve(options, FAKE_SPEC, { numTasks: 3 }),
        11,
      );
      if (perturbed) {
        module.variables.entries().forEach((e, i) => {
          const values = normals(e.variable.size, 1000 + i, 0.5);
          e.variable.assign(tf.tensor(values, e.variable.shape, 'float32'));
        });
      }
      const sites = expectedSites(module.config);
      expect(module.sites.map(formatSite)).toEqual(sites.map(formatSite));
      const { numHeads: n, headDim: h } = FAKE_SPEC;
      const p = module.config.promptLength;
      tf.tidy(() => {
        const hooks = module.hooks(createForwardContext({ taskIds, numTasks: 3 }));
        sites.forEach((site, m) => {
          const out = hooks.keyValue!(randomKV(taskIds.length, 3, 5), site);
          const got = [out.keys.arraySync(), out.values.arraySync()]; // each [B, N, P + S, H]
          for (const kv of [0, 1]) {
            const want = [0, 1, 2].map((task) => referencePrompt(module, task, site, m, kv)); // [K][P][NH]
            const scale = Math.max(...want.flat(2).map(Math.abs));
            expect(scale).toBeGreaterThan(0);
            taskIds.forEach((task, example) => {
              for (let head = 0; head < n; head++) {
                for (let i = 0; i < p; i++) {
                  for (let j = 0; j < h; j++) {
                    const diff = Math.abs(got[kv][example][head][i][j] - want[task][i][head * h + j]);
                    if (diff > 1e-5 * scale) {
                      throw new Error(
                        `${formatSite(site)} ${kv === 0 ? 'key' : 'value'} example ${example} (task ${task}) ` +
                          `head ${head} row ${i} col ${j}: hook ${got[kv][example][head][i][j]}, ` +
                          `formula ${want[task][i][head * h + j]} (scale ${scale})`,
                      );
                    }
                  }
                }
              }
            });
          }
        });
      });
      module.dispose();
    },
  );
});
