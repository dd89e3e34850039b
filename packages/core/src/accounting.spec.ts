import * as tf from '@tensorflow/tfjs';
import {
  addBreakdowns,
  breakdown,
  countStore,
  extraParameters,
  formatParameterTable,
  parameterTable,
  parameterTableToJSON,
  totalParameters,
} from './accounting';
import { ConfigError } from './errors';
import { zeros } from './initializers';
import { VariableStore } from './variables';

describe('parameter accounting', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('counts a store by category', () => {
    const store = new VariableStore(0);
    store.create('m/task_embeddings', [3, 8], zeros(), { category: 'per-task' });
    store.create('m/generator', [8, 16], zeros(), { category: 'hypernetwork' });
    store.create('m/norm', [16], zeros(), { category: 'shared' });
    const counts = countStore(store);
    expect(counts).toEqual({ backbone: 0, shared: 16, 'per-task': 24, hypernetwork: 128 });
    expect(totalParameters(counts)).toBe(168);
    expect(extraParameters(addBreakdowns(counts, breakdown({ backbone: 1000 })))).toBe(168);
    store.dispose();
  });

  it('validates counts', () => {
    expect(() => breakdown({ shared: -1 })).toThrow(ConfigError);
    expect(() => breakdown({ shared: 1.5 })).toThrow(/parameters.shared/);
    expect(() => parameterTable(0, [])).toThrow(/backboneParameters/);
  });

  it('prints a paper-style table with extra parameters as % of the backbone', () => {
    const table = parameterTable(222_903_552, [
      { component: 't5-base', parameters: breakdown({ backbone: 222_903_552 }) },
      { component: 'method', parameters: breakdown({ 'per-task': 200_000, hypernetwork: 112_064 }) },
    ]);
    const json = parameterTableToJSON(table);
    expect(json.rows[1].extra).toBe(312_064);
    expect(json.rows[1].extraPercentOfBackbone).toBeCloseTo((100 * 312_064) / 222_903_552, 10);
    expect(json.rows[0].extraPercentOfBackbone).toBe(0);
    const text = formatParameterTable(table);
    expect(text.split('\n')).toEqual([
      '| component | backbone | shared | per-task | hypernetwork | total | extra | extra % of backbone |',
      '|---|---:|---:|---:|---:|---:|---:|---:|',
      '| t5-base | 222,903,552 | 0 | 0 | 0 | 222,903,552 | 0 | 0 % |',
      '| method | 0 | 0 | 200,000 | 112,064 | 312,064 | 312,064 | 0.140 % |',
    ]);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});
