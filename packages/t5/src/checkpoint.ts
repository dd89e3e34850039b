/**
 * Hugging Face checkpoint folders: `config.json` plus `model.safetensors`, or a sharded
 * `model.safetensors.index.json`. F32, F16 and BF16 weights are read to float32; linear
 * weights are transposed between HF's `[out, in]` and our `[in, out]`.
 *
 * @packageDocumentation
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import {
  CheckpointError,
  readSafetensorsFile,
  VariableStore,
  writeJsonAtomic,
  writeSafetensorsFile,
  type SafetensorsEntry,
  type SafetensorsFloatDType,
  type SafetensorsInput,
} from '@hyperprompt/core';
import { parseHFConfig, toHFConfig, type T5Config } from './config';
import { t5VariableSpecs, variableNameOf } from './weights';

/** Keys some checkpoints carry that HF ignores on load (aliases and a stray table). */
export const IGNORED_CHECKPOINT_KEYS: readonly string[] = [
  'encoder.embed_tokens.weight',
  'decoder.embed_tokens.weight',
  'decoder.block.0.layer.1.EncDecAttention.relative_attention_bias.weight',
];

function readJson(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new CheckpointError(file, undefined, `cannot read: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CheckpointError(file, undefined, `not valid JSON: ${(error as Error).message}`);
  }
}

/** The weight files of a checkpoint folder, with the keys each must hold (sharded case). */
function weightFiles(dir: string): string[] {
  const single = path.join(dir, 'model.safetensors');
  const index = path.join(dir, 'model.safetensors.index.json');
  if (fs.existsSync(single)) return [single];
  if (fs.existsSync(index)) {
    const json = readJson(index) as { weight_map?: unknown };
    const map = json.weight_map;
    if (map === null || typeof map !== 'object') {
      throw new CheckpointError(
        index,
        'weight_map',
        'expected an object mapping tensor names to shard files',
      );
    }
    const files = new Set<string>();
    for (const [key, file] of Object.entries(map as Record<string, unknown>)) {
      if (
        typeof file !== 'string' ||
        file.includes('/') ||
        file.includes('\\') ||
        !file.endsWith('.safetensors')
      ) {
        throw new CheckpointError(
          index,
          key,
          `shard name ${JSON.stringify(file)} is not a .safetensors file in the folder`,
        );
      }
      files.add(path.join(dir, file));
    }
    return [...files].sort();
  }
  const hint = fs.existsSync(path.join(dir, 'pytorch_model.bin'))
    ? ' (pytorch_model.bin is not supported: convert it to safetensors)'
    : '';
  throw new CheckpointError(dir, undefined, `no model.safetensors or model.safetensors.index.json${hint}`);
}

/** What {@link readT5Checkpoint} returns. */
export interface T5Checkpoint {
  /** The config read from `config.json`. */
  readonly config: T5Config;
  /** Variables in a new store (the caller owns it). */
  readonly variables: VariableStore;
}

/** Options of {@link readT5Checkpoint}. */
export interface ReadT5CheckpointOptions {
  /**
   * Accept weights holding NaN or ±Infinity. By default such a weight is a `CheckpointError`
   * naming the file and tensor (a diverged run or a corrupted file).
   * @defaultValue false
   */
  readonly allowNonFinite?: boolean;
}

/**
 * Reads a HF T5 checkpoint folder into a new variable store.
 * @param dir - the folder (`config.json` + `model.safetensors` or a sharded index).
 * @param options - whether non-finite weights are accepted.
 * @throws `CheckpointError` listing missing or unexpected keys, a shape mismatch, or naming a
 *   weight that holds NaN or ±Infinity (unless `allowNonFinite`).
 */
export function readT5Checkpoint(dir: string, options: ReadT5CheckpointOptions = {}): T5Checkpoint {
  const config = parseHFConfig(readJson(path.join(dir, 'config.json')), path.join(dir, 'config.json'));
  const specs = t5VariableSpecs(config);
  const wanted = new Map(specs.map((s) => [s.hfName, s]));
  const found = new Map<string, { entry: SafetensorsEntry; file: string }>();
  for (const file of weightFiles(dir)) {
    const contents = readSafetensorsFile(file, { allowNonFinite: options.allowNonFinite });
    for (const [name, entry] of contents.tensors) {
      if (found.has(name)) throw new CheckpointError(file, name, 'tensor appears in two shard files');
      found.set(name, { entry, file });
    }
  }
  if (!found.has('shared.weight') && found.has('encoder.embed_tokens.weight')) {
    const alias = found.get('encoder.embed_tokens.weight');
    if (alias) found.set('shared.weight', alias);
  }
  const ignored = new Set(IGNORED_CHECKPOINT_KEYS);
  if (config.tieWordEmbeddings) ignored.add('lm_head.weight');
  const missing = [...wanted.keys()].filter((k) => !found.has(k));
  const unexpected = [...found.keys()].filter((k) => !wanted.has(k) && !ignored.has(k));
  if (missing.length > 0 || unexpected.length > 0) {
    const parts = [];
    if (missing.length > 0) parts.push(`missing ${missing.length}: ${missing.slice(0, 8).join(', ')}`);
    if (unexpected.length > 0)
      parts.push(`unexpected ${unexpected.length}: ${unexpected.slice(0, 8).join(', ')}`);
    throw new CheckpointError(dir, undefined, `checkpoint does not match config.json: ${parts.join('; ')}`);
  }
  const store = new VariableStore(0);
  try {
    for (const spec of specs) {
      const { entry, file } = found.get(spec.hfName) as { entry: SafetensorsEntry; file: string };
      const hfShape = spec.transposed ? [...spec.shape].reverse() : spec.shape;
      if (entry.shape.length !== hfShape.length || entry.shape.some((d, i) => d !== hfShape[i])) {
        throw new CheckpointError(
          file,
          spec.hfName,
          `shape [${entry.shape.join(', ')}], expected [${hfShape.join(', ')}]`,
        );
      }
      tf.tidy(() => {
        const raw = tf.tensor(Float32Array.from(entry.data), [...hfShape], 'float32');
        store.adopt(variableNameOf(spec.hfName), spec.transposed ? raw.transpose() : raw, {
          category: 'backbone',
        });
      });
    }
  } catch (error) {
    store.dispose();
    throw error;
  }
  return { config, variables: store };
}

/** Options of {@link writeT5Checkpoint}. */
export interface WriteT5CheckpointOptions {
  /** Storage type of the weights. @defaultValue `'F32'` */
  readonly dtype?: SafetensorsFloatDType;
}

/** Writes a HF checkpoint folder (`config.json` + `model.safetensors`), atomically per file. */
export function writeT5Checkpoint(
  dir: string,
  config: T5Config,
  variables: VariableStore,
  options: WriteT5CheckpointOptions = {},
): void {
  fs.mkdirSync(dir, { recursive: true });
  const tensors = new Map<string, SafetensorsInput>();
  for (const spec of t5VariableSpecs(config)) {
    const value = variables.get(variableNameOf(spec.hfName));
    const data = tf.tidy(() => (spec.transposed ? value.transpose() : value).dataSync() as Float32Array);
    const shape = spec.transposed ? [...spec.shape].reverse() : spec.shape;
    tensors.set(spec.hfName, { dtype: options.dtype ?? 'F32', shape, data: Float32Array.from(data) });
  }
  writeSafetensorsFile(path.join(dir, 'model.safetensors'), tensors, { format: 'pt' });
  writeJsonAtomic(path.join(dir, 'config.json'), toHFConfig(config));
}
