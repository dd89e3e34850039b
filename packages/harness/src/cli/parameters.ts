/**
 * Paper-style parameter accounting without allocating anything: the backbone count in closed
 * form (`t5ParameterCount` of a preset or of a checkpoint's `config.json`), and each method's
 * closed-form `countParameters`.
 *
 * @packageDocumentation
 */
import { basename, resolve } from 'node:path';
import {
  addBreakdowns,
  breakdown,
  ConfigError,
  parameterTable,
  type ParameterTable,
  type ParameterTableRow,
} from '@hyperprompt/core';
import { backboneSpecOf, t5ParameterCount, type T5Config } from '@hyperprompt/t5';
import {
  backboneT5Config,
  countMethodParameters,
  isPresetName,
  type ExperimentConfig,
  type MethodSpec,
  readJsonFile,
  type ResolvedBackbone,
  resolveExperiment,
  resolveMethods,
  validateAgainstSchema,
} from '../experiment';

/** A backbone row of the table: its name and T5 config. */
export interface BackboneRow {
  /** Row name (preset name or folder name). */
  readonly name: string;
  /** The backbone's T5 config. */
  readonly t5: T5Config;
}

/** What a `--method` file holds. */
export interface MethodFile {
  /** Method entries, in composition order. */
  readonly methods: readonly MethodSpec[];
  /** K, when the file is an experiment. */
  readonly numTasks?: number;
  /** The resolved experiment, when the file is one. */
  readonly experiment?: ExperimentConfig;
}

/** What `params` accounts for. */
export interface ParameterRequest {
  /** Name of the backbone row (preset name or folder name). */
  readonly backboneName: string;
  /** The backbone's T5 config. */
  readonly t5: T5Config;
  /** Method entries, in composition order. */
  readonly methods: readonly MethodSpec[];
  /** K, the number of tasks. */
  readonly numTasks: number;
}

/**
 * The T5 config of `--backbone`: a preset name, or a folder with `config.json` (a Hugging
 * Face checkpoint) or `backbone/config.json` (a run).
 *
 * @param backbone - the option value.
 * @param cwd - folder relative paths are resolved against.
 * @returns the row name and the config.
 */
export async function readBackboneOption(backbone: string, cwd: string): Promise<BackboneRow> {
  if (isPresetName(backbone))
    return { name: backbone, t5: await backboneT5Config({ preset: backbone, overrides: {} }) };
  const dir = resolve(cwd, backbone);
  return { name: basename(dir), t5: await backboneT5Config({ checkpoint: dir }) };
}

/**
 * The row name and T5 config of an experiment's backbone.
 *
 * @param backbone - the resolved backbone.
 * @param baseDir - the experiment file's folder.
 * @returns the row name and the config.
 */
export async function experimentBackbone(backbone: ResolvedBackbone, baseDir: string): Promise<BackboneRow> {
  const name =
    'preset' in backbone
      ? backbone.preset
      : basename('checkpoint' in backbone ? backbone.checkpoint : backbone.run);
  return { name, t5: await backboneT5Config(backbone, baseDir) };
}

/**
 * The method entries of a `--method` file: one entry `{"kind": ...}`, an array of entries,
 * or an experiment file (its `methods`, its task count and its backbone).
 *
 * @param file - the path.
 * @returns the entries, and the experiment's task count and backbone if it is one.
 */
export async function readMethodFile(file: string): Promise<MethodFile> {
  const json = await readJsonFile(file);
  if (typeof json === 'object' && json !== null && !Array.isArray(json) && 'tasks' in json) {
    const experiment = resolveExperiment(json, file);
    return { methods: experiment.methods, numTasks: experiment.tasks.length, experiment };
  }
  const methods: unknown = Array.isArray(json) ? json : [json];
  validateAgainstSchema('experiment', { name: 'params', tasks: ['syn-nli'], methods }, file);
  return { methods: methods as MethodSpec[] };
}

/**
 * The parameter table: the backbone, each method, and (for a composition) their sum.
 *
 * @param request - backbone, methods, task count.
 * @returns the table (extra parameters as a share of the backbone).
 * @throws ConfigError from a method's `resolve` naming the entry and field.
 */
export function parameterAccounting(request: ParameterRequest): ParameterTable {
  if (!Number.isInteger(request.numTasks) || request.numTasks < 1) {
    throw new ConfigError('--num-tasks', request.numTasks, 'an integer >= 1');
  }
  const spec = backboneSpecOf(request.t5);
  const backbone = t5ParameterCount(request.t5);
  const methods = resolveMethods(request.methods, spec, request.numTasks);
  const rows: ParameterTableRow[] = [
    { component: request.backboneName, parameters: breakdown({ backbone }) },
  ];
  for (const m of methods) rows.push({ component: m.label, parameters: countMethodParameters([m], spec) });
  if (methods.length > 1) {
    rows.push({
      component: `${request.backboneName} + ${methods.map((m) => m.label).join(' + ')}`,
      parameters: addBreakdowns(breakdown({ backbone }), countMethodParameters(methods, spec)),
    });
  }
  return parameterTable(backbone, rows);
}
