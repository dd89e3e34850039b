/**
 * The architecture of an experiment's backbone without loading weights: a preset's config,
 * or the `config.json` of a checkpoint or run folder. Enough for parameter accounting and for
 * resolving method options (`resolveMethods`) before any tensor exists.
 *
 * @packageDocumentation
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { type BackboneSpec, ConfigError } from '@hyperprompt/core';
import {
  backboneSpecOf,
  parseHFConfig,
  t5Preset,
  T5_PRESETS,
  type T5Config,
  type T5PresetName,
} from '@hyperprompt/t5';
import type { ResolvedBackbone } from './config';
import { readJsonFile } from './files';

/**
 * Where a checkpoint or run folder keeps its `config.json`: the folder itself (a Hugging Face
 * checkpoint), else its `backbone/` sub-folder (a run's checkpoint folder), else the backbone of
 * the run folder's latest checkpoint.
 *
 * @param dir - the folder.
 * @returns the path of `config.json`.
 * @throws ConfigError naming the folder when neither exists.
 */
export function backboneConfigFile(dir: string): string {
  for (const file of [join(dir, 'config.json'), join(dir, 'backbone', 'config.json'), latestRunConfig(dir)]) {
    if (file !== undefined && existsSync(file)) return file;
  }
  throw new ConfigError(
    'backbone',
    dir,
    'a folder with config.json (a Hugging Face T5 checkpoint or a run folder)',
  );
}

/**
 * The backbone `config.json` of a run folder's latest checkpoint
 * (`checkpoints/latest.json` names the `step-N` folder), if the folder has one.
 */
function latestRunConfig(dir: string): string | undefined {
  const latest = join(dir, 'checkpoints', 'latest.json');
  if (!existsSync(latest)) return undefined;
  try {
    const { folder } = JSON.parse(readFileSync(latest, 'utf8')) as { folder?: unknown };
    return typeof folder === 'string' && /^step-\d+$/.test(folder)
      ? join(dir, 'checkpoints', folder, 'backbone', 'config.json')
      : undefined;
  } catch {
    return undefined; // unreadable: the error names the folder below, and loading says why
  }
}

/**
 * Whether a string names a T5 preset.
 *
 * @param name - a candidate.
 * @returns true for `tiny`, `t5-small`, ...
 */
export function isPresetName(name: string): name is T5PresetName {
  return Object.hasOwn(T5_PRESETS, name);
}

/**
 * The T5 config of a backbone, read without loading weights.
 *
 * @param backbone - a resolved backbone.
 * @param baseDir - folder that relative paths are relative to.
 * @returns the T5 config.
 */
export async function backboneT5Config(backbone: ResolvedBackbone, baseDir = '.'): Promise<T5Config> {
  if ('preset' in backbone) return t5Preset(backbone.preset, backbone.overrides);
  const dir = 'checkpoint' in backbone ? backbone.checkpoint : backbone.run;
  const file = backboneConfigFile(isAbsolute(dir) ? dir : resolve(baseDir, dir));
  return parseHFConfig(await readJsonFile(file), file);
}

/**
 * The architecture facts methods see, for a backbone.
 *
 * @param backbone - a resolved backbone.
 * @param baseDir - folder that relative paths are relative to.
 * @returns its `BackboneSpec`.
 */
export async function backboneSpecOfBackbone(
  backbone: ResolvedBackbone,
  baseDir = '.',
): Promise<BackboneSpec> {
  return backboneSpecOf(await backboneT5Config(backbone, baseDir));
}
