import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { breakdown } from './accounting';
import { CheckpointError, ConfigError } from './errors';
import { normal } from './initializers';
import {
  definePeftMethod,
  rejectUnknownKeys,
  type BackboneHandle,
  type BackboneSpec,
  type PeftModule,
} from './method';
import { loadModuleBundle, saveModuleBundle } from './module-bundle';
import { expectNoTensorLeak } from './testing';
import { VariableStore } from './variables';

interface ScaleConfig {
  readonly kind: 'task-scale';
  readonly numTasks: number;
  readonly width: number;
}

const spec: BackboneSpec = {
  architecture: 'toy',
  dModel: 4,
  numHeads: 1,
  headDim: 4,
  dFF: 8,
  numLayers: { encoder: 1, decoder: 1 },
  vocabSize: 8,
};

/** A per-task scale on every feed-forward output; `resolve` accepts its own output back. */
const taskScale = definePeftMethod<ScaleConfig>({
  kind: 'task-scale',
  defaults: { numTasks: 1, width: 4 },
  resolve: (options, s, { numTasks }) => {
    rejectUnknownKeys(options, ['numTasks', 'width'], 'task-scale');
    if (options.numTasks !== undefined && options.numTasks !== numTasks) {
      throw new ConfigError('task-scale.numTasks', options.numTasks, [numTasks]);
    }
    return { kind: 'task-scale', numTasks, width: options.width ?? s.dModel };
  },
  create: (_backbone, config, seed): PeftModule<ScaleConfig> => {
    const store = new VariableStore(seed);
    const scale = store.create('task-scale/scale', [config.numTasks, config.width], normal(1), {
      category: 'per-task',
    });
    return {
      kind: 'task-scale',
      config,
      variables: store,
      hooks: (ctx) => {
        const rows = tf.gather(scale, ctx.taskIds).expandDims(1); // [B, 1, D]
        return { ffnOutput: (h) => h.mul(rows) };
      },
      dispose: () => store.dispose(),
    };
  },
  countParameters: (config) => breakdown({ 'per-task': config.numTasks * config.width }),
});

function backbone(fingerprint: string): BackboneHandle {
  return { spec, fingerprint, tokenEmbedding: tf.zeros([8, 4]) };
}

describe('module bundles', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('round-trips a module: config, variables and task vocabulary', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'module-bundle-'));
    const handle = backbone('fp-1');
    const module = taskScale.create(handle, taskScale.resolve({}, spec, { numTasks: 2 }), 7);
    saveModuleBundle(dir, module, handle, { tasks: ['a', 'b'] });
    const loaded = await expectNoTensorLeak(() => {
      const result = loadModuleBundle(dir, taskScale, handle);
      result.module.dispose();
      return result;
    }, 'load + dispose');
    expect(loaded.manifest.tasks).toEqual(['a', 'b']);
    const again = loadModuleBundle(dir, taskScale, handle).module;
    expect(again.config).toEqual(module.config);
    expect(Array.from(again.variables.get('task-scale/scale').dataSync())).toEqual(
      Array.from(module.variables.get('task-scale/scale').dataSync()),
    );
    [again, module].forEach((m) => m.dispose());
    handle.tokenEmbedding.dispose();
  });

  it('refuses another backbone unless forced, and a task list of the wrong length', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'module-bundle-'));
    const handle = backbone('fp-1');
    const other = backbone('fp-2');
    const module = taskScale.create(handle, taskScale.resolve({}, spec, { numTasks: 2 }), 7);
    expect(() => saveModuleBundle(dir, module, handle, { tasks: ['only-one'] })).toThrow(/tasks/);
    saveModuleBundle(dir, module, handle, { tasks: ['a', 'b'] });
    expect(() => loadModuleBundle(dir, taskScale, other)).toThrow(CheckpointError);
    const forced = loadModuleBundle(dir, taskScale, other, { force: true }).module;
    forced.dispose();
    module.dispose();
    [handle, other].forEach((h) => h.tokenEmbedding.dispose());
  });
});
