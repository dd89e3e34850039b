/**
 * Method bundles: a trained method saved as a folder that another program can load onto
 * the same backbone.
 *
 * ```
 * <dir>/config.json          the method's resolved config
 * <dir>/weights.safetensors  the method's variables, by name
 * <dir>/bundle.json          the manifest ({@link BundleManifest}), written last
 * ```
 *
 * The weights file also carries `{"format": "hyperprompt-bundle", "kind": <kind>}` as its
 * safetensors `__metadata__`, so that it stays identifiable on its own.
 *
 * Every file is written atomically and the manifest goes last, so a folder without
 * `bundle.json` is recognisably an unfinished save. Loading checks the manifest, the
 * method kind and the backbone fingerprint before reading any weights.
 *
 * @packageDocumentation
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { CheckpointError, ConfigError, describeValue } from '../errors';
import { LIBRARY_VERSION } from '../version';
import { writeJsonAtomic } from './atomic-write';
import { entriesToTensors, readSafetensorsFile } from './safetensors';
import { type SafetensorsFloatDType, tensorsToEntries, writeSafetensorsFile } from './safetensors-writer';

/** Value of {@link BundleManifest.format}. */
export const BUNDLE_FORMAT = 'hyperprompt-bundle';

/** The manifest version this library writes and reads. */
export const BUNDLE_FORMAT_VERSION = 1;

/** File names inside a bundle folder. */
export const BUNDLE_FILES = {
  /** The manifest, written last. */
  manifest: 'bundle.json',
  /** The method's resolved config. */
  config: 'config.json',
  /** The method's variables. */
  weights: 'weights.safetensors',
} as const;

/** Content of `bundle.json`. */
export interface BundleManifest {
  /** Always {@link BUNDLE_FORMAT}. */
  readonly format: typeof BUNDLE_FORMAT;
  /** Always {@link BUNDLE_FORMAT_VERSION} for bundles this library writes. */
  readonly formatVersion: typeof BUNDLE_FORMAT_VERSION;
  /** Method kind, e.g. `hyperprompt`. */
  readonly kind: string;
  /** Version of the library that wrote the bundle. */
  readonly libraryVersion: string;
  /** Task vocabulary: `tasks[id]` is the name of task id `id`. */
  readonly tasks: readonly string[];
  /** Fingerprint of the backbone the method was trained on: its architecture and weights, as the backbone computes it (e.g. `T5Model.fingerprint`). */
  readonly backboneFingerprint: string;
  /** When the bundle was written (ISO 8601). */
  readonly createdAt: string;
  /** Number of scalar values in `weights.safetensors`. */
  readonly parameterCount: number;
  /** Free-form JSON data of the method or the harness (training step, metrics, ...). */
  readonly extra?: Readonly<Record<string, unknown>>;
}

/** What {@link saveBundle} writes. */
export interface SaveBundleOptions {
  /** Method kind, e.g. `hyperprompt`. */
  readonly kind: string;
  /** The method's resolved config (any JSON value). */
  readonly config: unknown;
  /** The method's variables by name; float32, int32 or bool. They are not disposed. */
  readonly tensors: ReadonlyMap<string, tf.Tensor>;
  /** Task vocabulary (unique, non-empty names; index = task id). */
  readonly tasks: readonly string[];
  /** Fingerprint of the backbone (architecture and weights, as the backbone computes it). */
  readonly backboneFingerprint: string;
  /**
   * Version of the library writing the bundle.
   * @defaultValue {@link LIBRARY_VERSION}
   */
  readonly libraryVersion?: string;
  /** Free-form JSON data stored in the manifest. */
  readonly extra?: Readonly<Record<string, unknown>>;
  /**
   * Storage type of float tensors.
   * @defaultValue `'F32'`
   */
  readonly floatDType?: SafetensorsFloatDType;
  /**
   * Creation time recorded in the manifest (fix it for reproducible bundles).
   * @defaultValue the current time
   */
  readonly createdAt?: Date;
}

/** What {@link loadBundle} checks. */
export interface LoadBundleOptions {
  /** The current backbone's fingerprint; a different one in the manifest is refused. */
  readonly backboneFingerprint?: string;
  /**
   * Load even when the backbone fingerprints differ.
   * @defaultValue false
   */
  readonly force?: boolean;
  /** The expected method kind; a different one is refused. */
  readonly kind?: string;
  /**
   * Accept weights holding NaN or ±Infinity (refused by default, see `ReadSafetensorsOptions`).
   * @defaultValue false
   */
  readonly allowNonFinite?: boolean;
}

/** A loaded bundle. */
export interface LoadedBundle {
  /** The validated manifest. */
  readonly manifest: BundleManifest;
  /** Content of `config.json`, unvalidated: pass it to the method's `resolve`. */
  readonly config: unknown;
  /** The weights as tensors, by name; the caller owns and must dispose them. */
  readonly tensors: Map<string, tf.Tensor>;
}

function checkSaveOptions(options: SaveBundleOptions): void {
  const { kind, tasks, backboneFingerprint, libraryVersion } = options;
  if (typeof kind !== 'string' || kind === '') throw new ConfigError('kind', kind, 'a non-empty string');
  if (!tasks.every((t) => typeof t === 'string' && t !== '') || new Set(tasks).size !== tasks.length) {
    throw new ConfigError('tasks', tasks, 'unique non-empty task names');
  }
  if (typeof backboneFingerprint !== 'string' || backboneFingerprint === '') {
    throw new ConfigError('backboneFingerprint', backboneFingerprint, 'a non-empty string');
  }
  if (libraryVersion === '') throw new ConfigError('libraryVersion', libraryVersion, 'a non-empty string');
  // Fail before anything is written (JSON.stringify also throws on cycles and BigInt).
  if ((JSON.stringify(options.config) as string | undefined) === undefined) {
    throw new ConfigError('config', options.config, 'a JSON-serialisable value');
  }
  JSON.stringify(options.extra);
}

/**
 * Saves a method bundle into `dir` (created if needed). Any previous manifest is removed
 * first; then the weights and the config are written atomically, and the manifest last.
 *
 * @param dir - the bundle folder.
 * @param options - what to save.
 * @returns the manifest written.
 * @throws ConfigError for invalid options or tensors; file-system errors as thrown.
 */
export function saveBundle(dir: string, options: SaveBundleOptions): BundleManifest {
  checkSaveOptions(options);
  const entries = tensorsToEntries(options.tensors, options.floatDType);
  let parameterCount = 0;
  for (const { data } of entries.values()) parameterCount += data.length;
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_FORMAT_VERSION,
    kind: options.kind,
    libraryVersion: options.libraryVersion ?? LIBRARY_VERSION,
    tasks: [...options.tasks],
    backboneFingerprint: options.backboneFingerprint,
    createdAt: (options.createdAt ?? new Date()).toISOString(),
    parameterCount,
    ...(options.extra === undefined ? {} : { extra: options.extra }),
  };
  fs.mkdirSync(dir, { recursive: true });
  fs.rmSync(path.join(dir, BUNDLE_FILES.manifest), { force: true });
  writeSafetensorsFile(path.join(dir, BUNDLE_FILES.weights), entries, {
    format: BUNDLE_FORMAT,
    kind: options.kind,
  });
  writeJsonAtomic(path.join(dir, BUNDLE_FILES.config), options.config);
  writeJsonAtomic(path.join(dir, BUNDLE_FILES.manifest), manifest);
  return manifest;
}

function readJson(file: string, missing: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CheckpointError(
      file,
      undefined,
      code === 'ENOENT' ? missing : `cannot read: ${(error as Error).message}`,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CheckpointError(file, undefined, `not valid JSON (${(error as Error).message})`);
  }
}

/**
 * Reads and validates the manifest of a bundle folder, without loading weights.
 *
 * @param dir - the bundle folder.
 * @throws CheckpointError when `bundle.json` is missing, not JSON, of another format or
 *   version, or has a field of the wrong type (the error names the field).
 */
export function readBundleManifest(dir: string): BundleManifest {
  const file = path.join(dir, BUNDLE_FILES.manifest);
  const json = readJson(
    file,
    `no ${BUNDLE_FILES.manifest}: ${dir} is not a bundle, or its save did not finish (the manifest is written last)`,
  );
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new CheckpointError(file, undefined, `expected a JSON object, got ${describeValue(json)}`);
  }
  const m = json as Record<string, unknown>;
  const fail = (key: string, expected: string): never => {
    throw new CheckpointError(file, key, `expected ${expected}, got ${describeValue(m[key])}`);
  };
  if (m.format !== BUNDLE_FORMAT) fail('format', `"${BUNDLE_FORMAT}" (this is not a hyperprompt bundle)`);
  if (m.formatVersion !== BUNDLE_FORMAT_VERSION) {
    fail(
      'formatVersion',
      `${BUNDLE_FORMAT_VERSION} (the version this library reads; a newer library may read it)`,
    );
  }
  for (const key of ['kind', 'libraryVersion', 'backboneFingerprint', 'createdAt']) {
    if (typeof m[key] !== 'string') fail(key, 'a string');
  }
  if (!Array.isArray(m.tasks) || !m.tasks.every((t) => typeof t === 'string'))
    fail('tasks', 'an array of strings');
  if (!Number.isSafeInteger(m.parameterCount) || (m.parameterCount as number) < 0) {
    fail('parameterCount', 'a non-negative integer');
  }
  if (m.extra !== undefined && (typeof m.extra !== 'object' || m.extra === null || Array.isArray(m.extra))) {
    fail('extra', 'an object');
  }
  return m as unknown as BundleManifest;
}

/**
 * Loads a method bundle: validates the manifest, refuses a different method kind or
 * backbone, reads the config and the weights, and checks the parameter count.
 *
 * @param dir - the bundle folder.
 * @param options - what to check.
 * @returns the manifest, the config and the weights as tensors (caller disposes).
 * @throws CheckpointError for a missing or malformed manifest, a kind or fingerprint
 *   mismatch (the latter unless `force`), an invalid config.json, or a malformed weights
 *   file or a non-finite weight (the error then names the weights file and tensor).
 */
export function loadBundle(dir: string, options: LoadBundleOptions = {}): LoadedBundle {
  const manifest = readBundleManifest(dir);
  const manifestFile = path.join(dir, BUNDLE_FILES.manifest);
  if (options.kind !== undefined && manifest.kind !== options.kind) {
    throw new CheckpointError(
      manifestFile,
      'kind',
      `the bundle holds a "${manifest.kind}" method, but a "${options.kind}" method was expected`,
    );
  }
  const expected = options.backboneFingerprint;
  if (expected !== undefined && manifest.backboneFingerprint !== expected && options.force !== true) {
    throw new CheckpointError(
      manifestFile,
      'backboneFingerprint',
      `the bundle was saved for backbone ${manifest.backboneFingerprint}, but the current backbone is ` +
        `${expected}; load it onto the backbone it was trained with, or pass force: true to load anyway`,
    );
  }
  const configFile = path.join(dir, BUNDLE_FILES.config);
  const config = readJson(configFile, `missing; the bundle in ${dir} is incomplete`);
  const weightsFile = path.join(dir, BUNDLE_FILES.weights);
  const { tensors: entries } = readSafetensorsFile(weightsFile, { allowNonFinite: options.allowNonFinite });
  let count = 0;
  for (const { data } of entries.values()) count += data.length;
  if (count !== manifest.parameterCount) {
    throw new CheckpointError(
      weightsFile,
      undefined,
      `holds ${count} parameters, but the manifest says ${manifest.parameterCount}; ` +
        'the weights do not belong to this manifest',
    );
  }
  return { manifest, config, tensors: entriesToTensors(entries) };
}
