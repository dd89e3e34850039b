import { ShapeError } from '../errors';
import {
  bf16BitsToF32,
  bf16ToF32,
  f16BitsToF32,
  f16ToF32,
  f32ToBf16,
  f32ToBf16Bits,
  f32ToF16,
  f32ToF16Bits,
} from './float16';

/** The float32 with the given bit pattern. */
function fromBits(bits: number): number {
  return new Float32Array(new Uint32Array([bits]).buffer)[0];
}

function allPatterns(): Uint16Array {
  return Uint16Array.from({ length: 0x10000 }, (_, i) => i);
}

describe('F16 -> F32', () => {
  it.each([
    [0x0000, 0],
    [0x3c00, 1],
    [0xc000, -2],
    [0x3555, 0.333251953125],
    [0x7bff, 65504],
    [0x0400, 2 ** -14], // smallest normal
    [0x0001, 2 ** -24], // smallest subnormal
    [0x03ff, 1023 * 2 ** -24], // largest subnormal
    [0x8001, -(2 ** -24)],
    [0x7c00, Infinity],
    [0xfc00, -Infinity],
  ])('0x%s decodes exactly', (bits, value) => {
    expect(f16BitsToF32(bits)).toBe(value);
    expect(f16ToF32(new Uint16Array([bits]))[0]).toBe(value);
  });

  it('keeps the sign of zero and decodes NaN patterns to NaN', () => {
    expect(Object.is(f16BitsToF32(0x8000), -0)).toBe(true);
    expect(f16BitsToF32(0x7e00)).toBeNaN();
    expect(f16BitsToF32(0x7c01)).toBeNaN();
    expect(f16BitsToF32(0xfe00)).toBeNaN();
  });

  it('round-trips every one of the 65536 patterns (NaN stays NaN)', () => {
    const bits = allPatterns();
    const back = f32ToF16(f16ToF32(bits));
    for (let h = 0; h < 0x10000; h++) {
      const isNaN = (h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0;
      if (isNaN) expect((back[h] & 0x7c00) === 0x7c00 && (back[h] & 0x3ff) !== 0).toBe(true);
      else if (back[h] !== h) throw new Error(`0x${h.toString(16)} came back as 0x${back[h].toString(16)}`);
    }
  });
});

describe('F32 -> F16 (round to nearest, ties to even)', () => {
  it.each([
    ['1', 1, 0x3c00],
    ['-0', -0, 0x8000],
    ['65504', 65504, 0x7bff],
    ['65519 (below the overflow tie)', 65519, 0x7bff],
    ['65520 (tie, rounds to even = inf)', 65520, 0x7c00],
    ['1e10', 1e10, 0x7c00],
    ['-1e10', -1e10, 0xfc00],
    ['inf', Infinity, 0x7c00],
    ['1 + 2^-11 (tie, even is 1)', 1 + 2 ** -11, 0x3c00],
    ['1 + 3*2^-11 (tie, even is 0x3c02)', 1 + 3 * 2 ** -11, 0x3c02],
    ['1 + 2^-11 + 2^-20 (above the tie)', 1 + 2 ** -11 + 2 ** -20, 0x3c01],
    ['1 + 2^-11 - 2^-20 (below the tie)', 1 + 2 ** -11 - 2 ** -20, 0x3c00],
    ['2^-14 (smallest normal)', 2 ** -14, 0x0400],
    ['2^-24 (smallest subnormal)', 2 ** -24, 0x0001],
    ['2^-25 (tie with 0, even is 0)', 2 ** -25, 0x0000],
    ['-2^-25', -(2 ** -25), 0x8000],
    ['1.5*2^-25 (above the tie)', 1.5 * 2 ** -25, 0x0001],
    ['3*2^-25 (tie between 1 and 2 ulps)', 3 * 2 ** -25, 0x0002],
    ['5*2^-25 (tie between 2 and 3 ulps)', 5 * 2 ** -25, 0x0002],
    ['1023.5*2^-24 (tie, carries into the smallest normal)', 1023.5 * 2 ** -24, 0x0400],
    ['1e-10 (underflow)', 1e-10, 0x0000],
    ['f32 subnormal', fromBits(0x00000001), 0x0000],
  ])('%s', (_, value, bits) => {
    expect(f32ToF16Bits(value)).toBe(bits);
    expect(f32ToF16(new Float32Array([value]))[0]).toBe(bits);
  });

  it('keeps NaN a NaN, even with a payload only in the low bits', () => {
    for (const pattern of [0x7fc00000, 0x7f800001, 0xffc00000]) {
      const h = f32ToF16(new Float32Array(new Uint32Array([pattern]).buffer))[0];
      expect(h & 0x7c00).toBe(0x7c00);
      expect(h & 0x3ff).not.toBe(0);
      expect(h & 0x8000).toBe(pattern >>> 31 === 1 ? 0x8000 : 0);
    }
  });
});

describe('BF16 <-> F32', () => {
  it.each([
    [0x3f80, 1],
    [0xc000, -2],
    [0x4049, 3.140625],
    [0x7f7f, fromBits(0x7f7f0000)], // largest finite
    [0x0001, 2 ** -133], // a float32 subnormal
    [0x7f80, Infinity],
    [0xff80, -Infinity],
  ])('0x%s decodes exactly', (bits, value) => {
    expect(bf16BitsToF32(bits)).toBe(value);
    expect(bf16ToF32(new Uint16Array([bits]))[0]).toBe(value);
  });

  it.each([
    ['1', 1, 0x3f80],
    ['1 + 2^-8 (tie, even is 1)', 1 + 2 ** -8, 0x3f80],
    ['1 + 3*2^-8 (tie, even is 0x3f82)', 1 + 3 * 2 ** -8, 0x3f82],
    ['1 + 2^-8 + 2^-20 (above the tie)', 1 + 2 ** -8 + 2 ** -20, 0x3f81],
    ['largest float32 (rounds to inf)', fromBits(0x7f7fffff), 0x7f80],
    ['-inf', -Infinity, 0xff80],
    ['-0', -0, 0x8000],
  ])('encodes %s', (_, value, bits) => {
    expect(f32ToBf16Bits(value)).toBe(bits);
    expect(f32ToBf16(new Float32Array([value]))[0]).toBe(bits);
  });

  it('keeps NaN a NaN, including a signalling NaN whose payload would round away', () => {
    const nans = new Float32Array(new Uint32Array([0x7f800001, 0xff800001, 0x7fc00000]).buffer);
    for (const b of f32ToBf16(nans)) {
      expect(b & 0x7f80).toBe(0x7f80);
      expect(b & 0x7f).not.toBe(0);
    }
  });

  it('round-trips every one of the 65536 patterns (NaN stays NaN)', () => {
    const back = f32ToBf16(bf16ToF32(allPatterns()));
    for (let b = 0; b < 0x10000; b++) {
      const isNaN = (b & 0x7f80) === 0x7f80 && (b & 0x7f) !== 0;
      if (isNaN) expect(Number.isNaN(bf16BitsToF32(back[b]))).toBe(true);
      else if (back[b] !== b) throw new Error(`0x${b.toString(16)} came back as 0x${back[b].toString(16)}`);
    }
  });
});

describe('array conversions', () => {
  it('fill a given output array and work on views at an offset', () => {
    const buffer = new Float32Array([7, 1, -2, 0.5]);
    const view = buffer.subarray(1); // byteOffset 4
    const out = new Uint16Array(3);
    expect(f32ToF16(view, out)).toBe(out);
    expect(Array.from(out)).toEqual([0x3c00, 0xc000, 0x3800]);
    const back = new Float32Array(4).subarray(1);
    expect(Array.from(f16ToF32(out, back))).toEqual([1, -2, 0.5]);
    expect(Array.from(bf16ToF32(f32ToBf16(view)))).toEqual([1, -2, 0.5]);
  });

  it('reject an output array of the wrong length with a ShapeError', () => {
    expect(() => f32ToF16(new Float32Array(3), new Uint16Array(2))).toThrow(ShapeError);
    expect(() => bf16ToF32(new Uint16Array(3), new Float32Array(4))).toThrow(/length 3/);
  });
});
