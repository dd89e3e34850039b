/**
 * Exact conversions between 32-bit floats and the two 16-bit float formats found in
 * checkpoints:
 *
 * - F16 (IEEE 754 binary16): 1 sign, 5 exponent (bias 15), 10 mantissa bits; subnormals,
 *   infinities and NaN.
 * - BF16 (bfloat16): the upper half of a float32: 1 sign, 8 exponent, 7 mantissa bits.
 *
 * Widening (16 to 32 bits) is exact. Narrowing rounds to nearest, ties to even, like the
 * hardware conversions of PyTorch and NumPy: values too large for F16 become ±Infinity,
 * values too small become ±0 or subnormals, NaN stays NaN (quiet, sign kept).
 *
 * 16-bit values travel as their bit patterns in a `Uint16Array`.
 *
 * @packageDocumentation
 */

import { ShapeError } from '../errors';

const scratchF32 = new Float32Array(1);
const scratchU32 = new Uint32Array(scratchF32.buffer);

/** Float32 bit pattern of the F16 value with bit pattern `h` (exact). */
function f16ToF32Bits(h: number): number {
  const sign = (h & 0x8000) << 16;
  const exp = (h >>> 10) & 0x1f;
  let mant = h & 0x3ff;
  if (exp === 0x1f) return (sign | 0x7f800000 | (mant << 13)) >>> 0; // inf, or NaN with its payload
  if (exp !== 0) return (sign | ((exp + 112) << 23) | (mant << 13)) >>> 0; // normal: rebias 15 -> 127
  if (mant === 0) return sign >>> 0; // ±0
  // Subnormal m·2^-24: normalise to 1.f·2^e for float32.
  let e = 113; // biased float32 exponent of 2^-14
  while ((mant & 0x400) === 0) {
    mant <<= 1;
    e--;
  }
  return (sign | (e << 23) | ((mant & 0x3ff) << 13)) >>> 0;
}

/** F16 bit pattern nearest (ties to even) to the float32 with bit pattern `x`. */
function f32BitsToF16(x: number): number {
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  const mant = x & 0x7fffff;
  if (exp === 0xff) return mant === 0 ? sign | 0x7c00 : sign | 0x7e00 | (mant >>> 13); // inf / quiet NaN
  const e = exp - 112; // F16 biased exponent
  if (e >= 0x1f) return sign | 0x7c00; // overflow
  if (e <= 0) {
    // F16 subnormal (or zero): m·2^-24 with m = significand >> (14 - e).
    if (e < -10) return sign; // below half the smallest subnormal: rounds to ±0
    const m = mant | 0x800000;
    const shift = 14 - e;
    const rest = m & ((1 << shift) - 1);
    const half = 1 << (shift - 1);
    let h = m >>> shift;
    if (rest > half || (rest === half && (h & 1) === 1)) h++; // may carry into the smallest normal
    return sign | h;
  }
  let h = sign | (e << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && (h & 1) === 1)) h++; // a carry into exponent 31 gives inf
  return h;
}

/** BF16 bit pattern nearest (ties to even) to the float32 with bit pattern `x`. */
function f32BitsToBf16(x: number): number {
  if ((x & 0x7fffffff) > 0x7f800000) return ((x >>> 16) | 0x40) & 0xffff; // NaN: keep it quiet
  return ((x + 0x7fff + ((x >>> 16) & 1)) >>> 16) & 0xffff;
}

let f16Table: Uint32Array | undefined;

/** The 65536 float32 bit patterns of every F16 value, built on first use (256 KiB). */
function f16ToF32Table(): Uint32Array {
  if (f16Table === undefined) {
    f16Table = new Uint32Array(0x10000);
    for (let h = 0; h < 0x10000; h++) f16Table[h] = f16ToF32Bits(h);
  }
  return f16Table;
}

function checkOut<T extends Float32Array | Uint16Array>(
  out: T | undefined,
  length: number,
  make: (n: number) => T,
): T {
  if (out === undefined) return make(length);
  if (out.length !== length) {
    throw new ShapeError('out', `an array of length ${length}`, `length ${out.length}`);
  }
  return out;
}

/**
 * The number with F16 bit pattern `bits` (exact).
 *
 * @param bits - an integer in [0, 0xffff].
 * @example `f16BitsToF32(0x3c00) === 1`, `f16BitsToF32(0x7bff) === 65504`.
 */
export function f16BitsToF32(bits: number): number {
  scratchU32[0] = f16ToF32Bits(bits & 0xffff);
  return scratchF32[0];
}

/**
 * The F16 bit pattern nearest to `value`, ties to even. `value` is first rounded to
 * float32, exactly as when it is stored in a `Float32Array`.
 *
 * @param value - any number; NaN and ±Infinity are kept.
 */
export function f32ToF16Bits(value: number): number {
  scratchF32[0] = value;
  return f32BitsToF16(scratchU32[0]);
}

/**
 * The number with BF16 bit pattern `bits` (exact).
 *
 * @param bits - an integer in [0, 0xffff].
 */
export function bf16BitsToF32(bits: number): number {
  scratchU32[0] = (bits & 0xffff) << 16;
  return scratchF32[0];
}

/**
 * The BF16 bit pattern nearest to `value`, ties to even, after rounding `value` to float32.
 *
 * @param value - any number; NaN and ±Infinity are kept.
 */
export function f32ToBf16Bits(value: number): number {
  scratchF32[0] = value;
  return f32BitsToBf16(scratchU32[0]);
}

/**
 * Widens F16 bit patterns to float32 values (exact).
 *
 * @param bits - F16 bit patterns.
 * @param out - optional destination of the same length; a new array otherwise.
 * @returns `out`, filled.
 */
export function f16ToF32(bits: Uint16Array, out?: Float32Array): Float32Array {
  const result = checkOut(out, bits.length, (n) => new Float32Array(n));
  const outBits = new Uint32Array(result.buffer, result.byteOffset, result.length);
  const table = f16ToF32Table();
  for (let i = 0; i < bits.length; i++) outBits[i] = table[bits[i]];
  return result;
}

/**
 * Narrows float32 values to F16 bit patterns, rounding to nearest, ties to even.
 *
 * @param values - float32 values.
 * @param out - optional destination of the same length; a new array otherwise.
 * @returns `out`, filled.
 */
export function f32ToF16(values: Float32Array, out?: Uint16Array): Uint16Array {
  const result = checkOut(out, values.length, (n) => new Uint16Array(n));
  const inBits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  for (let i = 0; i < inBits.length; i++) result[i] = f32BitsToF16(inBits[i]);
  return result;
}

/**
 * Widens BF16 bit patterns to float32 values (exact).
 *
 * @param bits - BF16 bit patterns.
 * @param out - optional destination of the same length; a new array otherwise.
 * @returns `out`, filled.
 */
export function bf16ToF32(bits: Uint16Array, out?: Float32Array): Float32Array {
  const result = checkOut(out, bits.length, (n) => new Float32Array(n));
  const outBits = new Uint32Array(result.buffer, result.byteOffset, result.length);
  for (let i = 0; i < bits.length; i++) outBits[i] = bits[i] << 16;
  return result;
}

/**
 * Narrows float32 values to BF16 bit patterns, rounding to nearest, ties to even.
 *
 * @param values - float32 values.
 * @param out - optional destination of the same length; a new array otherwise.
 * @returns `out`, filled.
 */
export function f32ToBf16(values: Float32Array, out?: Uint16Array): Uint16Array {
  const result = checkOut(out, values.length, (n) => new Uint16Array(n));
  const inBits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  for (let i = 0; i < inBits.length; i++) result[i] = f32BitsToBf16(inBits[i]);
  return result;
}
