/**
 * Seeded random numbers for initialisation and dropout. Everything is generated in JS, so
 * one seed gives the same values on every backend (cpu, wasm, tfjs-node).
 *
 * The generator is xoshiro128** (Blackman and Vigna), seeded through splitmix32; streams
 * for named sub-components are derived with {@link Rng.fork}, so a variable's initial
 * value depends on the seed and its name, never on the order in which variables are made.
 *
 * @packageDocumentation
 */
import { ConfigError } from './errors';

/** Serialisable state of an {@link Rng}, for resumable checkpoints. */
export interface RngState {
  /** The seed the generator was created from. */
  readonly seed: number;
  /** The four 32-bit words of the xoshiro128** state. */
  readonly words: readonly [number, number, number, number];
}

/** 32-bit FNV-1a hash of a string, used to mix labels into seeds. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** One step of splitmix32: returns the next state and a well-mixed output. */
function splitmix32(state: number): [number, number] {
  const next = (state + 0x9e3779b9) >>> 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [next, (z ^ (z >>> 16)) >>> 0];
}

function checkSeed(seed: number): void {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new ConfigError('seed', seed, 'an integer in [0, 2^32)');
  }
}

/**
 * A seeded pseudo-random generator.
 *
 * @example
 * ```ts
 * const rng = new Rng(42);
 * const a = rng.fork('encoder/layer_0/attention/q').normalArray(16, 0, 0.02);
 * const b = new Rng(42).fork('encoder/layer_0/attention/q').normalArray(16, 0, 0.02);
 * // a and b are identical
 * ```
 */
export class Rng {
  /** The seed this generator was created from. */
  readonly seed: number;
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** @param seed - an integer in [0, 2^32). */
  constructor(seed: number) {
    checkSeed(seed);
    this.seed = seed;
    let state = seed;
    const words: number[] = [];
    for (let i = 0; i < 4; i++) {
      const [next, out] = splitmix32(state);
      state = next;
      words.push(out);
    }
    [this.s0, this.s1, this.s2, this.s3] = words;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // xoshiro must not be all-zero
  }

  /** Rebuilds a generator from {@link Rng.state}. */
  static fromState(state: RngState): Rng {
    const rng = new Rng(state.seed);
    const words = state.words;
    if (words.some((w) => !Number.isInteger(w) || w < 0 || w > 0xffffffff)) {
      throw new ConfigError('rng.words', words, 'four integers in [0, 2^32)');
    }
    [rng.s0, rng.s1, rng.s2, rng.s3] = words.map((w) => w | 0);
    return rng;
  }

  /** Current state, to store in a checkpoint. */
  state(): RngState {
    return { seed: this.seed, words: [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0] };
  }

  /**
   * An independent generator for a named sub-component. Depends only on this generator's
   * seed and the label (not on how many numbers were drawn), so it is order-independent.
   */
  fork(label: string): Rng {
    const [, mixed] = splitmix32((this.seed ^ hashString(label)) >>> 0);
    return new Rng((mixed ^ Math.imul(hashString(label), 0x27d4eb2d)) >>> 0);
  }

  /** Next 32-bit unsigned integer. */
  uint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  float(): number {
    const hi = this.uint32() >>> 5; // 27 bits
    const lo = this.uint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new ConfigError('n', n, 'a positive integer');
    return Math.floor(this.float() * n);
  }

  /** A fresh seed in [0, 2^31) for a seeded tfjs op such as `tf.dropout`. */
  nextSeed(): number {
    return this.uint32() >>> 1;
  }

  /** Standard normal sample (Box-Muller). */
  normal(): number {
    let u = 0;
    while (u === 0) u = this.float();
    const v = this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** `n` samples of N(mean, std²). */
  normalArray(n: number, mean: number, std: number): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = mean + std * this.normal();
    return out;
  }

  /**
   * `n` samples of N(mean, std²) truncated to mean ± 2·std by resampling (the convention of
   * `tf.truncatedNormal` and of T5X initialisers).
   */
  truncatedNormalArray(n: number, mean: number, std: number): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      let z = this.normal();
      while (Math.abs(z) > 2) z = this.normal();
      out[i] = mean + std * z;
    }
    return out;
  }

  /** `n` samples of U[min, max). */
  uniformArray(n: number, min: number, max: number): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = min + (max - min) * this.float();
    return out;
  }

  /** A random permutation of `0 .. n-1` (Fisher-Yates). */
  permutation(n: number): Int32Array {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = out[i];
      out[i] = out[j];
      out[j] = t;
    }
    return out;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
