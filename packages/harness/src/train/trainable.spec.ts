/** Trainable policies on a tiny T5 with a Prompt-Tuning module. */
import * as tf from '@tensorflow/tfjs';
import { promptModule, tinyModel } from './__fixtures__/setup';
import { describeTrainable, selectTrainable } from './trainable';

describe('selectTrainable', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('all, method and method+norms choose the right variables and count them', () => {
    const model = tinyModel();
    const pt = promptModule(model);
    const backbone = model.parameterCount();
    const method = pt.variables.parameterCount();

    const all = selectTrainable(model, [pt], 'all');
    expect(all.count).toBe(backbone + method);
    expect(all.variables.length).toBe(model.variables.size + pt.variables.size);

    const onlyMethod = selectTrainable(model, [pt], 'method');
    expect(onlyMethod.variables.map((v) => v.name)).toEqual(pt.variables.names());
    expect(onlyMethod).toMatchObject({ count: method, backboneCount: 0, methodCount: method });

    const norms = selectTrainable(model, [pt], 'method+norms');
    const normNames = norms.variables.map((v) => v.name).filter((n) => !n.startsWith('prompt-tuning/'));
    // tiny: 2 layers; encoder 2 norms per block + final, decoder 3 per block + final; d_model 32 each
    expect(normNames.length).toBe(2 * 2 + 1 + 2 * 3 + 1);
    expect(normNames.every((n) => n.includes('layer_norm'))).toBe(true);
    expect(norms.backboneCount).toBe(normNames.length * 32);
    expect(describeTrainable(norms)).toMatch(
      /^trainable \(method\+norms\): [\d,]+ parameters in 13 variables/,
    );

    pt.dispose();
    model.dispose();
  });

  it('refuses a policy that trains nothing, unknown policies and duplicate names', () => {
    const model = tinyModel();
    const a = promptModule(model, 1);
    const b = promptModule(model, 2);
    expect(() => selectTrainable(model, [], 'method')).toThrow(/trainable/);
    expect(() => selectTrainable(model, [], 'frozen' as never)).toThrow(/trainable/);
    expect(() => selectTrainable(model, [a, b], 'method')).toThrow(/unique/);
    a.dispose();
    b.dispose();
    model.dispose();
  });
});
