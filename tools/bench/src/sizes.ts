/**
 * Problem sizes of the benchmark. `full` is the size of a small real run on two cores;
 * `quick` is a smoke test (and what the ~45x slower cpu backend always gets).
 *
 * Axes: B batch, T sequence length (queries = keys: S = T), D d_model, N heads, H head dim
 * (D = N·H), F feed-forward width, V vocabulary, R rows of a dense layer (B·T).
 *
 * @packageDocumentation
 */

/** Sizes of every benchmark case. */
export interface BenchSizes {
  /** Name of the preset. */
  readonly name: 'full' | 'quick';
  /** 2-D matMul [M, K] · [K, N] sizes, all equal. */
  readonly matMul: number;
  /** Dense layer: rows R, input width I, output width O. */
  readonly linear: { readonly rows: number; readonly in: number; readonly out: number };
  /** Embedding: vocabulary V, width D, and ids [B, T]. */
  readonly embedding: {
    readonly vocab: number;
    readonly width: number;
    readonly batch: number;
    readonly length: number;
  };
  /** Attention matMuls: [B, N, T, H] queries, keys and values. */
  readonly attention: {
    readonly batch: number;
    readonly heads: number;
    readonly length: number;
    readonly headDim: number;
  };
  /** The T5-like training step. */
  readonly model: ModelSizes;
  /** Warm-up runs and timed runs per measurement. */
  readonly warmup: number;
  /** Timed runs per measurement (the median is reported). */
  readonly reps: number;
  /** Timed training steps per variant (the median is reported). */
  readonly steps: number;
}

/** Sizes of the T5-like block stack. */
export interface ModelSizes {
  /** Number of pre-RMSNorm blocks (self-attention + ReLU feed-forward). */
  readonly layers: number;
  /** B. */
  readonly batch: number;
  /** T. */
  readonly length: number;
  /** D. */
  readonly dModel: number;
  /** N (H = D / N). */
  readonly heads: number;
  /** F. */
  readonly dFF: number;
  /** V (embedding rows and output classes). */
  readonly vocab: number;
}

/** Benchmark sizes for a real measurement. */
export const FULL_SIZES: BenchSizes = {
  name: 'full',
  matMul: 512,
  linear: { rows: 512, in: 256, out: 1024 },
  embedding: { vocab: 8192, width: 256, batch: 8, length: 64 },
  attention: { batch: 8, heads: 4, length: 64, headDim: 64 },
  model: { layers: 2, batch: 8, length: 64, dModel: 256, heads: 4, dFF: 1024, vocab: 1024 },
  warmup: 3,
  reps: 9,
  steps: 5,
};

/** Benchmark sizes for a smoke run, and for the cpu backend. */
export const QUICK_SIZES: BenchSizes = {
  name: 'quick',
  matMul: 128,
  linear: { rows: 64, in: 64, out: 256 },
  embedding: { vocab: 512, width: 64, batch: 4, length: 16 },
  attention: { batch: 2, heads: 2, length: 16, headDim: 16 },
  model: { layers: 2, batch: 2, length: 16, dModel: 64, heads: 2, dFF: 128, vocab: 256 },
  warmup: 1,
  reps: 3,
  steps: 2,
};
