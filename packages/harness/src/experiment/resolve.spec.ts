import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '@hyperprompt/core';
import { DEFAULT_EXPERIMENT } from './config';
import { resolveExperiment } from './resolve';

const minimal = { name: 'mtl', tasks: ['syn-sentiment', 'syn-nli'] };

function errorOf(json: unknown): ConfigError {
  try {
    resolveExperiment(json, 'exp.json');
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('resolveExperiment', () => {
  it('fills every default of a minimal file and freezes the result', () => {
    const config = resolveExperiment(minimal);
    expect(config.backbone).toEqual({ preset: 'tiny', overrides: {} });
    expect(config.methods).toEqual([]);
    expect(config.label).toBe('MTL');
    expect(config.tasks).toEqual(['syn-sentiment', 'syn-nli']);
    expect(config.optimizer).toEqual({
      kind: 'adafactor',
      learningRate: 1e-3,
      decayRate: 0.8,
      clipThreshold: 1,
      beta1: null,
      epsilon1: 1e-30,
      weightDecay: 0,
    });
    expect(config.sampler).toEqual({ mixing: { kind: 'proportional' }, batchMode: 'mixed', batchSize: 32 });
    expect(config.schedule).toEqual(DEFAULT_EXPERIMENT.schedule);
    expect(config.steps).toBe(DEFAULT_EXPERIMENT.steps);
    expect(config.seeds).toEqual([0]);
    expect(config.evalLimit).toBeNull();
    expect(config.data.embedded.synthetic.tasks).toEqual(['syn-sentiment', 'syn-nli']);
    expect(config.data.dir).toBeUndefined();
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.sampler.mixing)).toBe(true);
  });

  it('accepts the full example of the README, every field spelled out, as its defaults say', () => {
    const readme = readFileSync(join(__dirname, 'README.md'), 'utf8');
    const blocks = [...readme.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]) as unknown);
    const example = blocks.find((b) => typeof b === 'object' && b !== null && 'tasks' in b);
    const config = resolveExperiment(example, 'README.md');
    expect(config.label).toBe('HyperPrompt-Global');
    expect(config.methods[0]).toMatchObject({ kind: 'hyperprompt', variant: 'global', promptLength: 8 });
    const { seeds, steps, evalEvery, logEvery, policy, maxInputLength, maxTargetLength } = config;
    expect({ seeds, steps, evalEvery, logEvery, policy, maxInputLength, maxTargetLength }).toEqual({
      ...{ seeds: [0, 1] },
      ...{
        steps: DEFAULT_EXPERIMENT.steps,
        evalEvery: DEFAULT_EXPERIMENT.evalEvery,
        logEvery: DEFAULT_EXPERIMENT.logEvery,
      },
      ...{ policy: 'all', maxInputLength: 128, maxTargetLength: 16 },
    });
  });

  it('fills method labels and accepts its own output back unchanged (JSON round trip)', () => {
    const config = resolveExperiment({ ...minimal, methods: [{ kind: 'prompt-tuning', promptLength: 4 }] });
    expect(config.methods).toEqual([{ kind: 'prompt-tuning', promptLength: 4, label: 'Prompt-Tuning' }]);
    expect(config.label).toBe('Prompt-Tuning');
    expect(resolveExperiment(JSON.parse(JSON.stringify(config)))).toEqual(config);
    const folder = resolveExperiment({
      name: 'g',
      tasks: ['rte'],
      data: { dir: 'd', taskDirs: { rte: 'x' } },
    });
    expect(resolveExperiment(JSON.parse(JSON.stringify(folder)))).toEqual(folder);
  });

  it('canonicalises GLUE and SuperGLUE names for folder data', () => {
    const config = resolveExperiment({
      name: 'glue',
      tasks: ['rte', 'superglue-rte', 'glue/mnli', 'boolq'],
      data: { dir: 'glue_data', taskDirs: { rte: 'elsewhere/RTE' } },
    });
    expect(config.tasks).toEqual(['glue/rte', 'super_glue/rte', 'glue/mnli', 'super_glue/boolq']);
    expect(config.data).toEqual({
      embedded: {},
      dir: 'glue_data',
      taskDirs: { 'glue/rte': 'elsewhere/RTE' },
      layout: 'auto',
      splits: 'official',
    });
  });

  it.each([
    [{ ...minimal, optimizer: { kind: 'sgd' } }, 'exp.json: optimizer.kind', ['adam', 'adamw', 'adafactor']],
    [{ ...minimal, policy: 'some' }, 'exp.json: policy', ['all', 'method', 'method+norms']],
    [{ ...minimal, stepz: 3 }, 'exp.json: stepz', 'unknown field'],
    [{ ...minimal, sampler: { batchSize: '8' } }, 'exp.json: sampler.batchSize', 'a number'],
    [{ ...minimal, backbone: { preset: 'huge' } }, 'exp.json: backbone.preset', 'tiny'],
    [{ ...minimal, backbone: { checkpoint: 3 } }, 'exp.json: backbone.checkpoint', 'a string'],
    [{ ...minimal, methods: [{ kind: 'lora' }] }, 'exp.json: methods.0.kind', ['prompt-tuning']],
    [
      { ...minimal, methods: [{ kind: 'prompt-tuning', promptLenght: 3 }] },
      'exp.json: methods.0.promptLenght',
      'unknown field',
    ],
    [
      { ...minimal, methods: [{ kind: 'prompt-tuning', init: 'zeros' }] },
      'exp.json: methods.0.init',
      ['uniform', 'sampled-vocab', 'class-labels'],
    ],
    [
      { ...minimal, data: { dir: 'x', layout: 'csv' } },
      'exp.json: data.layout',
      ['tsv', 'jsonl', 'hf-parquet', 'hf-jsonl', 'auto'],
    ],
    [{ name: 'x' }, 'exp.json: tasks', 'required'],
    [
      { ...minimal, methods: [{ kind: 'hyperprompt', variant: 'local' }] },
      'exp.json: methods.0.variant',
      ['share', 'sep', 'global', 'static'],
    ],
    [
      { ...minimal, methods: [{ kind: 'adapters', bottleneck: 8 }] },
      'exp.json: methods.0.bottleneck',
      'unknown field',
    ],
  ])('rejects a schema violation %#, naming the field and the allowed values', (json, field, allowed) => {
    const error = errorOf(json);
    expect(error.field).toBe(field);
    if (Array.isArray(allowed)) expect(error.allowed).toEqual(expect.arrayContaining(allowed));
    else expect(error.message).toContain(allowed);
  });

  it.each([
    [{ ...minimal, steps: 0 }, 'exp.json: steps', 'an integer >= 1'],
    [{ ...minimal, seeds: [1, 1] }, 'exp.json: seeds.1', 'not listed before'],
    [{ ...minimal, seeds: [] }, 'exp.json: seeds', 'non-empty'],
    [{ ...minimal, tasks: ['syn-nli', 'rte'] }, 'exp.json: data.dir', 'a data folder (task "rte" reads'],
    [
      { ...minimal, data: { embedded: { wordnet: {} } } },
      'exp.json: data.embedded.wordnet',
      'a family of the experiment',
    ],
    [
      { ...minimal, data: { dir: 'glue', taskDirs: { 'syn-nli': 'x' } } },
      'exp.json: data.taskDirs.syn-nli',
      'embedded',
    ],
    [{ ...minimal, tasks: ['nope'] }, 'exp.json: tasks.0', 'syn-sentiment'],
    [
      { ...minimal, data: { embedded: { synthetic: { tasks: ['syn-nli'] } } } },
      'exp.json: data.embedded.synthetic.tasks',
      "the experiment's tasks",
    ],
    [{ ...minimal, labelSmoothing: 1 }, 'exp.json: labelSmoothing', '[0, 1)'],
    [
      { ...minimal, sampler: { mixing: { kind: 'temperature', temperature: 0 } } },
      'exp.json: sampler.mixing.temperature',
      '> 0',
    ],
    [{ ...minimal, optimizer: { kind: 'adam', beta2: 1 } }, 'exp.json: optimizer.beta2', '[0, 1)'],
    [
      { ...minimal, data: { embedded: { synthetic: { seed: -1 } } } },
      'exp.json: data.embedded.synthetic.seed',
      '2^32',
    ],
    [
      { ...minimal, backbone: { preset: 'tiny', overrides: { dModel: 0 } } },
      'exp.json: backbone.overrides.dModel',
      'positive',
    ],
    [
      { ...minimal, methods: [{ kind: 'prompt-tuning', promptLength: 0 }] },
      'exp.json: methods.0.promptLength',
      'positive',
    ],
    [{ ...minimal, policy: 'method' }, 'exp.json: policy', 'methods is empty'],
    [
      { ...minimal, methods: [{ kind: 'hyperprompt', layers: [5] }] },
      'exp.json: methods.0.layers.0',
      'a block index in [0, 2)',
    ],
    [{ ...minimal, name: 'a b' }, 'exp.json: name', 'matching'],
  ])('rejects a bad value %#, naming the field and the range', (json, field, text) => {
    const error = errorOf(json);
    expect(error.field).toBe(field);
    expect(error.message).toContain(text);
  });
});
