import * as tf from '@tensorflow/tfjs';
import { type BackboneSpec, ConfigError, countStore, initializers, VariableStore } from '@hyperprompt/core';
import { createEmbeddingTable, layerIndexOf, layerTableRows } from './embeddings';

const SPEC: BackboneSpec = {
  architecture: 't5',
  dModel: 8,
  numHeads: 2,
  headDim: 4,
  dFF: 16,
  numLayers: { encoder: 3, decoder: 2 },
  vocabSize: 32,
};

describe('layer indexing', () => {
  it('numbers encoder then decoder blocks in one table when shared', () => {
    const shared = [0, 1, 2].map((layer) => layerIndexOf({ stack: 'encoder', layer }, SPEC, 'shared'));
    const dec = [0, 1].map((layer) => layerIndexOf({ stack: 'decoder', layer }, SPEC, 'shared'));
    expect([...shared, ...dec]).toEqual([0, 1, 2, 3, 4]);
    expect(layerTableRows(SPEC, 'shared', 'encoder')).toBe(5);
    expect(layerTableRows(SPEC, 'shared', 'decoder')).toBe(5);
  });

  it('numbers each stack from 0 when per-stack', () => {
    expect(layerIndexOf({ stack: 'encoder', layer: 2 }, SPEC, 'per-stack')).toBe(2);
    expect(layerIndexOf({ stack: 'decoder', layer: 1 }, SPEC, 'per-stack')).toBe(1);
    expect(layerTableRows(SPEC, 'per-stack', 'encoder')).toBe(3);
    expect(layerTableRows(SPEC, 'per-stack', 'decoder')).toBe(2);
  });

  it('rejects layers outside the stack and unknown indexings', () => {
    expect(() => layerIndexOf({ stack: 'decoder', layer: 2 }, SPEC, 'shared')).toThrow(
      /site.layer \(decoder\)/,
    );
    expect(() => layerIndexOf({ stack: 'encoder', layer: -1 }, SPEC, 'per-stack')).toThrow(ConfigError);
    expect(() => layerTableRows(SPEC, 'global' as 'shared', 'encoder')).toThrow(/layerIndexing/);
  });
});

describe('createEmbeddingTable', () => {
  it('draws N(0, 1) rows, seeded by store seed and name, category hypernetwork by default', () => {
    const store = new VariableStore(3);
    const table = createEmbeddingTable(store, 'm/layer_embeddings', 100, 64);
    expect(table.shape).toEqual([100, 64]);
    const values = Array.from(table.dataSync());
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(Math.abs(Math.sqrt(variance) - 1)).toBeLessThan(0.05);
    expect(countStore(store).hypernetwork).toBe(6400);
    const again = new VariableStore(3);
    const same = createEmbeddingTable(again, 'm/layer_embeddings', 100, 64);
    expect(Array.from(same.dataSync())).toEqual(values);
    store.dispose();
    again.dispose();
  });

  it('takes a category and an initialiser, and rejects bad sizes', () => {
    const store = new VariableStore(1);
    const tasks = createEmbeddingTable(store, 'm/task_embeddings', 4, 8, {
      category: 'per-task',
      init: initializers.constant(0.5),
    });
    expect(store.entry('m/task_embeddings').category).toBe('per-task');
    expect(tf.max(tasks).dataSync()[0]).toBe(0.5);
    expect(() => createEmbeddingTable(store, 'm/x', 0, 8)).toThrow(/rows/);
    expect(() => createEmbeddingTable(store, 'm/y', 2, 1.5)).toThrow(/dim/);
    store.dispose();
  });
});
