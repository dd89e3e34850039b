import { expectCheckpointError } from './__fixtures__/expect-checkpoint-error';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '../errors';
import { Rng } from '../rng';
import { LIBRARY_VERSION } from '../version';
import {
  BUNDLE_FILES,
  loadBundle,
  readBundleManifest,
  saveBundle,
  type BundleManifest,
  type SaveBundleOptions,
} from './bundle';
import { fingerprintOf } from './fingerprint';

const BACKBONE = fingerprintOf({ dModel: 8, layers: 2 });
const OTHER = fingerprintOf({ dModel: 8, layers: 3 });

let root: string;
let dir: string;
let source: Map<string, tf.Tensor>;

function options(extra: Partial<SaveBundleOptions> = {}): SaveBundleOptions {
  return {
    kind: 'hyperprompt',
    config: { promptLength: 4, nested: { tasks: 2 } },
    tensors: source,
    tasks: ['rte', 'mrpc'],
    backboneFingerprint: BACKBONE,
    libraryVersion: '0.1.0',
    ...extra,
  };
}

/** Asserts that `fn` throws a CheckpointError about `file` (and `key`) matching `reason`. */
function expectRefused(fn: () => unknown, file: string, key: string | undefined, reason: RegExp): void {
  expectCheckpointError(fn, key, reason, file);
}

function editManifest(edit: (m: Record<string, unknown>) => void): void {
  const file = path.join(dir, BUNDLE_FILES.manifest);
  const m = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  edit(m);
  fs.writeFileSync(file, JSON.stringify(m));
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'hp-bundle-'));
  dir = path.join(root, 'nested', 'bundle');
  const rng = new Rng(7);
  source = new Map<string, tf.Tensor>([
    ['hyperprompt/layer_0/down', tf.tensor(rng.normalArray(12, 0, 0.02), [3, 4])],
    ['hyperprompt/task_embedding', tf.tensor(rng.normalArray(10, 0, 1), [2, 5])],
    ['hyperprompt/ids', tf.tensor1d([3, -1], 'int32')],
  ]);
});

afterEach(() => {
  for (const t of source.values()) t.dispose();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('saveBundle / loadBundle', () => {
  it('round-trips config, manifest and bit-identical weights', () => {
    const createdAt = new Date('2024-01-02T03:04:05.000Z');
    const saved = saveBundle(dir, options({ createdAt, extra: { step: 100 } }));
    expect(fs.readdirSync(dir).sort()).toEqual(['bundle.json', 'config.json', 'weights.safetensors']);
    const expected: BundleManifest = {
      format: 'hyperprompt-bundle',
      formatVersion: 1,
      kind: 'hyperprompt',
      libraryVersion: '0.1.0',
      tasks: ['rte', 'mrpc'],
      backboneFingerprint: BACKBONE,
      createdAt: '2024-01-02T03:04:05.000Z',
      parameterCount: 12 + 10 + 2,
      extra: { step: 100 },
    };
    expect(saved).toEqual(expected);
    expect(readBundleManifest(dir)).toEqual(expected);

    const before = tf.memory().numTensors;
    const loaded = loadBundle(dir, { backboneFingerprint: BACKBONE, kind: 'hyperprompt' });
    expect(tf.memory().numTensors).toBe(before + 3);
    expect(loaded.manifest).toEqual(expected);
    expect(loaded.config).toEqual({ promptLength: 4, nested: { tasks: 2 } });
    expect([...loaded.tensors.keys()].sort()).toEqual([...source.keys()].sort());
    for (const [name, t] of source) {
      const back = loaded.tensors.get(name)!;
      expect(back.dtype).toBe(t.dtype);
      expect(back.shape).toEqual(t.shape);
      expect(back.dataSync()).toEqual(t.dataSync());
    }
    for (const t of loaded.tensors.values()) t.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stores float weights as F16 on request, and the library version by default', () => {
    saveBundle(dir, options({ floatDType: 'F16', libraryVersion: undefined }));
    const loaded = loadBundle(dir);
    expect(loaded.manifest.libraryVersion).toBe(LIBRARY_VERSION);
    const w = loaded.tensors.get('hyperprompt/task_embedding')!;
    const exact = source.get('hyperprompt/task_embedding')!.dataSync();
    expect(w.dtype).toBe('float32');
    expect(w.dataSync()).not.toEqual(exact);
    const err = Math.max(...Array.from(w.dataSync(), (v, i) => Math.abs(v - exact[i]) / Math.abs(exact[i])));
    expect(err).toBeLessThanOrEqual(2 ** -11);
    for (const t of loaded.tensors.values()) t.dispose();
  });

  it('creates no tensors while saving and validates options before writing anything', () => {
    const before = tf.memory().numTensors;
    saveBundle(dir, options());
    expect(tf.memory().numTensors).toBe(before);
    const fresh = path.join(root, 'fresh');
    expect(() => saveBundle(fresh, options({ tasks: ['a', 'a'] }))).toThrow(
      /tasks: .*unique non-empty task names/,
    );
    expect(() => saveBundle(fresh, options({ kind: '' }))).toThrow(ConfigError);
    expect(() => saveBundle(fresh, options({ config: undefined }))).toThrow(/config: got undefined/);
    expect(() => saveBundle(fresh, options({ backboneFingerprint: '' }))).toThrow(/backboneFingerprint/);
    expect(fs.existsSync(fresh)).toBe(false);
  });

  it('replaces a previous bundle in the same folder', () => {
    saveBundle(dir, options({ tasks: ['old'] }));
    saveBundle(dir, options({ tasks: ['new'], config: { v: 2 } }));
    const loaded = loadBundle(dir);
    expect(loaded.manifest.tasks).toEqual(['new']);
    expect(loaded.config).toEqual({ v: 2 });
    for (const t of loaded.tensors.values()) t.dispose();
    expect(fs.readdirSync(dir)).toHaveLength(3);
  });
});

describe('loadBundle refuses', () => {
  beforeEach(() => {
    saveBundle(dir, options());
  });
  const manifestFile = (): string => path.join(dir, BUNDLE_FILES.manifest);

  it('another backbone, naming both fingerprints, unless forced', () => {
    expectRefused(
      () => loadBundle(dir, { backboneFingerprint: OTHER }),
      manifestFile(),
      'backboneFingerprint',
      new RegExp(`saved for backbone ${BACKBONE}, but the current backbone is ${OTHER}.*force: true`),
    );
    const before = tf.memory().numTensors;
    const loaded = loadBundle(dir, { backboneFingerprint: OTHER, force: true });
    expect(loaded.manifest.backboneFingerprint).toBe(BACKBONE);
    for (const t of loaded.tensors.values()) t.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('another method kind, even when forced', () => {
    const load = (): unknown => loadBundle(dir, { kind: 'prompt-tuning', force: true });
    expectRefused(
      load,
      manifestFile(),
      'kind',
      /holds a "hyperprompt" method, but a "prompt-tuning" method was expected/,
    );
  });

  it('a folder without a manifest', () => {
    fs.rmSync(manifestFile());
    expectRefused(
      () => loadBundle(dir),
      manifestFile(),
      undefined,
      /no bundle\.json: .* is not a bundle, or its save did not finish/,
    );
    const missing = path.join(root, 'missing');
    expectRefused(() => loadBundle(missing), path.join(missing, 'bundle.json'), undefined, /not a bundle/);
  });

  it('a malformed manifest, naming the field', () => {
    fs.writeFileSync(manifestFile(), '{"format":');
    expectRefused(() => loadBundle(dir), manifestFile(), undefined, /not valid JSON/);
    fs.writeFileSync(manifestFile(), '[1]');
    expectRefused(() => loadBundle(dir), manifestFile(), undefined, /expected a JSON object, got \[1\]/);
    saveBundle(dir, options());
    editManifest((m) => (m.formatVersion = 2));
    expectRefused(() => loadBundle(dir), manifestFile(), 'formatVersion', /expected 1 .*got 2/);
    saveBundle(dir, options());
    editManifest((m) => (m.format = 'peft'));
    expectRefused(() => loadBundle(dir), manifestFile(), 'format', /not a hyperprompt bundle.*got "peft"/);
    saveBundle(dir, options());
    editManifest((m) => (m.tasks = ['a', 1]));
    expectRefused(() => loadBundle(dir), manifestFile(), 'tasks', /an array of strings/);
    saveBundle(dir, options());
    editManifest((m) => delete m.createdAt);
    expectRefused(() => loadBundle(dir), manifestFile(), 'createdAt', /expected a string, got undefined/);
    saveBundle(dir, options());
    editManifest((m) => (m.parameterCount = -1));
    expectRefused(() => loadBundle(dir), manifestFile(), 'parameterCount', /non-negative integer/);
  });

  it('a config.json that is not JSON', () => {
    const configFile = path.join(dir, BUNDLE_FILES.config);
    fs.writeFileSync(configFile, '{ promptLength: 4 }');
    expectRefused(() => loadBundle(dir), configFile, undefined, /not valid JSON/);
    fs.rmSync(configFile);
    expectRefused(() => loadBundle(dir), configFile, undefined, /missing; the bundle .* is incomplete/);
  });

  it('corrupted weights, with the safetensors error, and leaks no tensor', () => {
    const weights = path.join(dir, BUNDLE_FILES.weights);
    const before = tf.memory().numTensors;
    fs.truncateSync(weights, fs.statSync(weights).size - 4);
    // F32 tensors come first, then I32: the last tensor in the file is the int32 one.
    expectRefused(() => loadBundle(dir), weights, 'hyperprompt/ids', /the file is truncated/);
    fs.writeFileSync(weights, 'garbage!');
    expectRefused(
      () => loadBundle(dir),
      weights,
      undefined,
      /header length 2406443243860549991 exceeds the limit/,
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('weights holding NaN or Infinity, naming file and tensor, unless allowNonFinite', () => {
    const poisoned = new Map(source);
    const nan = tf.tensor([0.5, NaN, Infinity], [3]);
    poisoned.set('hyperprompt/task_embedding', nan);
    saveBundle(dir, options({ tensors: poisoned }));
    nan.dispose();
    const weights = path.join(dir, BUNDLE_FILES.weights);
    const before = tf.memory().numTensors;
    expectRefused(
      () => loadBundle(dir),
      weights,
      'hyperprompt/task_embedding',
      /element 1 is NaN; 2 of 3 values are not finite .*allowNonFinite: true/,
    );
    expect(tf.memory().numTensors).toBe(before);
    const loaded = loadBundle(dir, { allowNonFinite: true });
    expect(Array.from(loaded.tensors.get('hyperprompt/task_embedding')!.dataSync())).toEqual([
      0.5,
      NaN,
      Infinity,
    ]);
    for (const t of loaded.tensors.values()) t.dispose();
  });

  it('weights that do not match the manifest parameter count', () => {
    editManifest((m) => (m.parameterCount = 5));
    const weights = path.join(dir, BUNDLE_FILES.weights);
    expectRefused(() => loadBundle(dir), weights, undefined, /holds 24 parameters, but the manifest says 5/);
  });
});
