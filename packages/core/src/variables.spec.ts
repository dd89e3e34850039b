import * as tf from '@tensorflow/tfjs';
import { CheckpointError, ConfigError, ShapeError } from './errors';
import {
  constant,
  normal,
  ones,
  sampledRows,
  truncatedNormal,
  uniform,
  zeros,
  fromValues,
} from './initializers';
import { VariableStore, checkVariableName } from './variables';

describe('VariableStore', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('creates named, categorised variables and counts them', () => {
    const store = new VariableStore(1);
    store.create('m/a', [2, 3], zeros(), { category: 'shared' });
    store.create('m/b/c', [4], ones(), { category: 'per-task', trainable: false });
    expect(store.size).toBe(2);
    expect(store.names()).toEqual(['m/a', 'm/b/c']);
    expect(store.parameterCount()).toBe(10);
    expect(store.entry('m/b/c').category).toBe('per-task');
    expect(store.trainableVariables()).toEqual([store.get('m/a')]);
    expect(Array.from(store.get('m/b/c').dataSync())).toEqual([1, 1, 1, 1]);
    store.dispose();
  });

  it('refuses duplicate and malformed names', () => {
    const store = new VariableStore(1);
    store.create('m/a', [1], zeros(), { category: 'shared' });
    expect(() => store.create('m/a', [1], zeros(), { category: 'shared' })).toThrow(
      /not already in the store/,
    );
    for (const bad of ['', 'a//b', '/a', 'a/', 'a b', 'a/ü']) {
      expect(() => checkVariableName(bad)).toThrow(ConfigError);
    }
    expect(() => store.create('m/z', [0, 2], zeros(), { category: 'shared' })).toThrow(ShapeError);
    // A shape no typed array can hold (a corrupted config; found by the fuzzer) is a ConfigError, not a RangeError.
    expect(() => store.create('m/huge', [2 ** 53, 32], normal(1), { category: 'shared' })).toThrow(
      'variable m/huge: got [9007199254740992,32], expected a shape of at most 2147483647 elements',
    );
    store.dispose();
    expect(() => store.create('m/b', [1], zeros(), { category: 'shared' })).toThrow(/live store/);
  });

  it('lets two stores use the same names (tfjs names stay unique internally)', () => {
    const a = new VariableStore(1);
    const b = new VariableStore(1);
    a.create('x/w', [2], ones(), { category: 'shared' });
    expect(() => b.create('x/w', [2], ones(), { category: 'shared' })).not.toThrow();
    a.dispose();
    b.dispose();
  });

  it('initialises from the seed and the name only, not the creation order', () => {
    const a = new VariableStore(7);
    a.create('m/first', [3], normal(1), { category: 'shared' });
    a.create('m/second', [3], normal(1), { category: 'shared' });
    const b = new VariableStore(7);
    b.create('m/second', [3], normal(1), { category: 'shared' });
    b.create('m/first', [3], normal(1), { category: 'shared' });
    const c = new VariableStore(8);
    c.create('m/first', [3], normal(1), { category: 'shared' });
    expect(Array.from(b.get('m/first').dataSync())).toEqual(Array.from(a.get('m/first').dataSync()));
    expect(Array.from(b.get('m/second').dataSync())).toEqual(Array.from(a.get('m/second').dataSync()));
    expect(Array.from(c.get('m/first').dataSync())).not.toEqual(Array.from(a.get('m/first').dataSync()));
    a.dispose();
    b.dispose();
    c.dispose();
  });

  it('names near matches when a variable is missing', () => {
    const store = new VariableStore(1);
    store.create('m/layer_0/down', [1], zeros(), { category: 'shared' });
    expect(() => store.get('m/layer_1/down')).toThrow(/m\/layer_0\/down/);
    store.dispose();
  });

  it('assigns values by name and reports missing, unexpected and mis-shaped ones', () => {
    const store = new VariableStore(1);
    store.create('m/a', [2], zeros(), { category: 'shared' });
    store.create('m/b', [1], zeros(), { category: 'shared' });
    const a = tf.tensor1d([1, 2]);
    const b = tf.tensor1d([3], 'int32');
    const wrong = tf.tensor1d([1, 2, 3]);
    store.assign(
      new Map([
        ['m/a', a],
        ['m/b', b],
      ]),
      'ckpt',
    );
    expect(Array.from(store.get('m/a').dataSync())).toEqual([1, 2]);
    expect(store.get('m/b').dtype).toBe('float32');
    expect(() => store.assign(new Map([['m/a', a]]), 'ckpt')).toThrow(/missing m\/b/);
    expect(() =>
      store.assign(
        new Map([
          ['m/a', a],
          ['m/b', b],
          ['m/c', a],
        ]),
        'ckpt',
      ),
    ).toThrow(/unexpected m\/c/);
    expect(() => store.assign(new Map([['m/a', wrong]]), 'ckpt', false)).toThrow(CheckpointError);
    expect(() => store.assign(new Map([['m/a', wrong]]), 'ckpt', false)).toThrow(/\[m\/a\]: shape \[3\]/);
    store.assign(new Map([['m/a', tf.tensor1d([5, 6])]]), 'ckpt', false);
    expect(Array.from(store.get('m/a').dataSync())).toEqual([5, 6]);
    tf.dispose([a, b, wrong]);
    store.dispose();
  });

  it('does not leak: create, assign and dispose leave the tensor count unchanged', () => {
    const before = tf.memory().numTensors;
    const store = new VariableStore(3);
    store.create('m/a', [4, 4], truncatedNormal(0.1), { category: 'hypernetwork' });
    store.create('m/b', [4], uniform(-1, 1), { category: 'shared' });
    const value = tf.ones([4]);
    store.assign(new Map([['m/b', value]]), 'mem', false);
    value.dispose();
    store.dispose();
    store.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('initializers', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('fill constants and explicit values, rejecting a wrong count', () => {
    const store = new VariableStore(0);
    expect(Array.from(store.create('a', [2], constant(0.5), { category: 'shared' }).dataSync())).toEqual([
      0.5, 0.5,
    ]);
    expect(
      Array.from(store.create('b', [3], fromValues([1, 2, 3]), { category: 'shared' }).dataSync()),
    ).toEqual([1, 2, 3]);
    expect(() => store.create('c', [2], fromValues([1]), { category: 'shared' })).toThrow(ShapeError);
    store.dispose();
  });

  it('draw uniform values inside the interval and reject an empty one', () => {
    const store = new VariableStore(0);
    const v = Array.from(store.create('u', [1000], uniform(-0.5, 0.5), { category: 'shared' }).dataSync());
    expect(Math.min(...v)).toBeGreaterThanOrEqual(-0.5);
    expect(Math.max(...v)).toBeLessThan(0.5);
    expect(() => uniform(1, 1)).toThrow(ConfigError);
    expect(() => normal(-1)).toThrow(ConfigError);
    store.dispose();
  });

  it('sample distinct table rows among the first maxRow rows', () => {
    const table = tf.tensor2d(
      Array.from({ length: 10 }, (_, i) => [i, 100 + i]),
      [10, 2],
    );
    const store = new VariableStore(5);
    const v = store.create('p', [2, 3, 2], sampledRows(table, { maxRow: 6 }), { category: 'per-task' });
    const rows = (v.arraySync() as number[][][]).flat();
    const ids = rows.map(([a, b]) => {
      expect(b).toBe(100 + a);
      return a;
    });
    expect(new Set(ids).size).toBe(6);
    expect(Math.max(...ids)).toBeLessThan(6);
    expect(() => sampledRows(table, { maxRow: 11 })).toThrow(ConfigError);
    expect(() => store.create('q', [2, 3], sampledRows(table), { category: 'shared' })).toThrow(ShapeError);
    table.dispose();
    store.dispose();
  });
});
