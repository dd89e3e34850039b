/**
 * The initial backbone of a run: a Hugging Face checkpoint folder, a preset trained from
 * scratch (seeded), or the backbone of a saved run (its latest checkpoint).
 *
 * @packageDocumentation
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CheckpointError, ConfigError } from '@hyperprompt/core';
import { T5Model, t5Preset, type T5Config, type T5PresetName } from '@hyperprompt/t5';
import { CHECKPOINT_FILES, latestCheckpoint } from './checkpoint';

/** Where the initial backbone comes from. */
export type BackboneSource =
  | {
      /** A Hugging Face folder (`config.json` + `model.safetensors`), read by `T5Model.fromPretrained`. */
      readonly kind: 'pretrained';
      /** The folder. */
      readonly dir: string;
    }
  | {
      /** A preset with random weights (`T5Model.random`), to train from scratch. */
      readonly kind: 'preset';
      /** The preset, e.g. `tiny` or `t5-small`. */
      readonly preset: T5PresetName;
      /** Config fields to override (e.g. `vocabSize` of the tokenizer, `dropoutRate`). */
      readonly overrides?: Partial<T5Config>;
      /** Initialisation seed. @defaultValue 0 */
      readonly seed?: number;
    }
  | {
      /** The backbone of a saved run: its checkpoint directory (with `latest.json`) or a step folder. */
      readonly kind: 'run';
      /** The directory. */
      readonly dir: string;
    };

/** The backbone folder of a run directory or step folder. */
function runBackboneDir(dir: string): string {
  const direct = path.join(dir, CHECKPOINT_FILES.backbone);
  if (fs.existsSync(path.join(direct, 'config.json'))) return direct;
  const latest = latestCheckpoint(dir);
  if (latest === undefined)
    throw new CheckpointError(dir, undefined, 'no checkpoint (latest.json) in this folder');
  return path.join(latest, CHECKPOINT_FILES.backbone);
}

/**
 * Loads or builds the initial backbone.
 *
 * @example
 * ```ts
 * const model = loadBackbone({ kind: 'preset', preset: 'tiny', overrides: { vocabSize: tokenizer.vocabSize } });
 * ```
 * @throws `ConfigError` for an unknown kind or preset; `CheckpointError` for a bad folder.
 */
export function loadBackbone(source: BackboneSource): T5Model {
  switch (source.kind) {
    case 'pretrained':
      return T5Model.fromPretrained(source.dir);
    case 'preset':
      return T5Model.random(t5Preset(source.preset, source.overrides ?? {}), source.seed ?? 0);
    case 'run':
      return T5Model.fromPretrained(runBackboneDir(source.dir));
    default:
      throw new ConfigError('backbone.kind', (source as { kind: unknown }).kind, [
        'pretrained',
        'preset',
        'run',
      ]);
  }
}
