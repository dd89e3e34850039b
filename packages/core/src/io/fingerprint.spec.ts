import { ConfigError } from '../errors';
import { canonicalJson, fingerprintOf } from './fingerprint';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops whitespace and undefined fields', () => {
    const value = { c: { e: 'é', d: 0.5 }, b: [true, null, 'x'], a: 1, skip: undefined };
    expect(canonicalJson(value)).toBe('{"a":1,"b":[true,null,"x"],"c":{"d":0.5,"e":"é"}}');
    expect(canonicalJson([])).toBe('[]');
    expect(canonicalJson('s')).toBe('"s"');
    expect(canonicalJson(Object.create(null))).toBe('{}');
  });

  it('accepts a value shared twice (not a cycle)', () => {
    const shared = { n: 1 };
    expect(canonicalJson({ a: shared, b: [shared] })).toBe('{"a":{"n":1},"b":[{"n":1}]}');
  });

  it.each([
    ['NaN', { x: NaN }, 'value.x'],
    ['Infinity', [1, -Infinity], 'value[1]'],
    ['undefined in an array', [undefined], 'value[0]'],
    ['a function', { f: () => 1 }, 'value.f'],
    ['a BigInt', { deep: { n: 1n } }, 'value.deep.n'],
    ['a Map', { m: new Map() }, 'value.m'],
    ['a Date', new Date(0), 'value'],
  ])('refuses %s, naming where it is', (_, value, where) => {
    expect(() => canonicalJson(value)).toThrow(ConfigError);
    expect(() => canonicalJson(value)).toThrow(new RegExp(`^${where.replace(/[.[\]]/g, '\\$&')}: got`));
  });

  it('refuses a reference cycle', () => {
    const a: Record<string, unknown> = { x: [] };
    (a.x as unknown[]).push(a);
    expect(() => canonicalJson(a)).toThrow(/value\.x\[0\]: got "<cycle>"/);
  });
});

describe('fingerprintOf', () => {
  it('is the sha256 of the canonical JSON (value computed independently with Python hashlib)', () => {
    const value = { c: { e: 'é', d: 0.5 }, b: [true, null, 'x'], a: 1 };
    expect(fingerprintOf(value)).toBe('2b9d043f7e3c945de09b8ca8079cbc89bcab6831430fad50e8184b257dcdfa20');
  });

  it('ignores key order and changes with any value', () => {
    expect(fingerprintOf({ dModel: 64, layers: 2 })).toBe(fingerprintOf({ layers: 2, dModel: 64 }));
    expect(fingerprintOf({ dModel: 64, layers: 2 })).not.toBe(fingerprintOf({ dModel: 64, layers: 3 }));
    expect(fingerprintOf([1, 2])).not.toBe(fingerprintOf([2, 1]));
    expect(fingerprintOf('x')).toMatch(/^[0-9a-f]{64}$/);
  });
});
