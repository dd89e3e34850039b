/**
 * Saving and loading a live method module as a bundle (`config.json`, `weights.safetensors`,
 * `bundle.json`), on top of the format in `io/bundle.ts`: the module's resolved config and
 * variables go in; a module rebuilt with `method.create` and filled with the saved values
 * comes out.
 *
 * @packageDocumentation
 */
import { ConfigError } from './errors';
import { loadBundle, saveBundle, type BundleManifest } from './io';
import type { BackboneHandle, MethodConfig, PeftMethod, PeftModule } from './method';
import { assignVariables } from './variables';

/** Options of {@link saveModuleBundle}. */
export interface SaveModuleBundleOptions {
  /** Task vocabulary (index = task id); its length must be the module's number of tasks when it has one. */
  readonly tasks: readonly string[];
  /** Free-form JSON stored in the manifest. */
  readonly extra?: Readonly<Record<string, unknown>>;
  /** Creation time recorded in the manifest. @defaultValue now */
  readonly createdAt?: Date;
}

/** Writes a module's config and variables as a bundle bound to `backbone`'s fingerprint. */
export function saveModuleBundle(
  dir: string,
  module: PeftModule,
  backbone: BackboneHandle,
  options: SaveModuleBundleOptions,
): BundleManifest {
  const numTasks = (module.config as { numTasks?: unknown }).numTasks;
  if (typeof numTasks === 'number' && numTasks !== options.tasks.length) {
    throw new ConfigError('tasks', options.tasks, `${numTasks} task names (the module's numTasks)`);
  }
  const tensors = new Map(module.variables.entries().map((e) => [e.name, e.variable]));
  return saveBundle(dir, {
    kind: module.kind,
    config: module.config,
    tensors,
    tasks: options.tasks,
    backboneFingerprint: backbone.fingerprint,
    extra: options.extra,
    createdAt: options.createdAt,
  });
}

/** The saved config without its `kind` (the method's `resolve` takes the other fields). */
function withoutKind<C extends MethodConfig>(saved: unknown): Partial<Omit<C, 'kind'>> {
  if (saved === null || typeof saved !== 'object' || Array.isArray(saved)) {
    throw new ConfigError('config.json', saved, 'a JSON object');
  }
  const fields: Record<string, unknown> = { ...saved };
  delete fields.kind;
  return fields as Partial<Omit<C, 'kind'>>;
}

/** Options of {@link loadModuleBundle}. */
export interface LoadModuleBundleOptions {
  /** Load even if the bundle was saved with another backbone. @defaultValue false */
  readonly force?: boolean;
  /** Accept saved values holding NaN or ±Infinity (refused by default). @defaultValue false */
  readonly allowNonFinite?: boolean;
}

/** A module loaded from a bundle, with the bundle's manifest. */
export interface LoadedModule<C extends MethodConfig, M extends PeftModule<C>> {
  /** The rebuilt module holding the saved values (the caller disposes it). */
  readonly module: M;
  /** The bundle's manifest (task vocabulary, fingerprint, ...). */
  readonly manifest: BundleManifest;
}

/**
 * Reads a bundle saved by {@link saveModuleBundle} for `method` onto `backbone`: checks kind
 * and backbone fingerprint, resolves the saved config again (so `resolve` must accept every
 * field of a config it produced), creates the module and assigns every saved value (missing
 * or unexpected variables are a `CheckpointError`).
 */
export function loadModuleBundle<C extends MethodConfig, M extends PeftModule<C>>(
  dir: string,
  method: PeftMethod<C, M>,
  backbone: BackboneHandle,
  options: LoadModuleBundleOptions = {},
): LoadedModule<C, M> {
  const bundle = loadBundle(dir, {
    kind: method.kind,
    backboneFingerprint: backbone.fingerprint,
    force: options.force,
    allowNonFinite: options.allowNonFinite,
  });
  try {
    const config = method.resolve(withoutKind<C>(bundle.config), backbone.spec, {
      numTasks: bundle.manifest.tasks.length,
    });
    const module = method.create(backbone, config, 0);
    try {
      assignVariables(module.variables, bundle.tensors, dir);
    } catch (error) {
      module.dispose();
      throw error;
    }
    return { module, manifest: bundle.manifest };
  } finally {
    for (const t of bundle.tensors.values()) t.dispose();
  }
}
