/**
 * `resolveExperiment`: parsed JSON in, a validated, deep-frozen {@link ExperimentConfig} out.
 * Order: the JSON Schema (types, enums, unknown keys), then the defaults of
 * `DEFAULT_EXPERIMENT`, then ranges and cross-field rules, then (for preset backbones) each
 * method's own `resolve` against the preset's architecture.
 *
 * @packageDocumentation
 */
import { ConfigError } from '@hyperprompt/core';
import { backboneSpecOf, t5Preset } from '@hyperprompt/t5';
import { type EmbeddedFamily, type FamilyOptions, resolveMixing } from '@hyperprompt/tasks';
import { integerIn, numberIn, renameConfigErrors, seedList } from './checks';
import {
  DEFAULT_EXPERIMENT,
  DEFAULT_OPTIMIZERS,
  type ExperimentConfig,
  type ResolvedOptimizer,
  type ResolvedBackbone,
  type ResolvedDataSource,
  type ResolvedMethodSpec,
  type ResolvedSampler,
  type ResolvedSchedule,
} from './config';
import type { ExperimentFile, OptimizerOptions } from './file-types';
import { methodLabel, resolveMethods } from './methods';
import { validateAgainstSchema } from './schema';
import { canonicalTaskName, taskRegistry } from './task-names';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._=,/+-]*$/;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function resolveOptimizer(options: OptimizerOptions): ResolvedOptimizer {
  const o = { ...DEFAULT_OPTIMIZERS[options.kind], ...options } as ResolvedOptimizer;
  numberIn('optimizer.learningRate', o.learningRate, { min: 0, minExclusive: true });
  if (o.beta1 !== null) numberIn('optimizer.beta1', o.beta1, { min: 0, max: 1, maxExclusive: true });
  if (o.kind === 'adafactor') {
    numberIn('optimizer.decayRate', o.decayRate, { min: 0, max: 1, minExclusive: true });
    numberIn('optimizer.clipThreshold', o.clipThreshold, { min: 0, minExclusive: true });
    numberIn('optimizer.epsilon1', o.epsilon1, { min: 0, minExclusive: true });
    numberIn('optimizer.weightDecay', o.weightDecay, { min: 0 });
  } else {
    numberIn('optimizer.beta2', o.beta2, { min: 0, max: 1, maxExclusive: true });
    numberIn('optimizer.epsilon', o.epsilon, { min: 0, minExclusive: true });
    if (o.kind === 'adamw') numberIn('optimizer.weightDecay', o.weightDecay, { min: 0 });
  }
  return o;
}

function resolveTasks(file: ExperimentFile): readonly string[] {
  if (file.tasks.length === 0) throw new ConfigError('tasks', file.tasks, 'a non-empty list of task names');
  const tasks = file.tasks.map((t, i) => canonicalTaskName(t, `tasks.${i}`));
  tasks.forEach((t, i) => {
    if (tasks.indexOf(t) !== i)
      throw new ConfigError(`tasks.${i}`, file.tasks[i], 'a task not listed before');
  });
  return tasks;
}

/** Tasks of each embedded family, in experiment order. */
function familiesOf(tasks: readonly string[]): Map<string, { family: EmbeddedFamily; tasks: string[] }> {
  const out = new Map<string, { family: EmbeddedFamily; tasks: string[] }>();
  for (const name of tasks) {
    const family = taskRegistry().get(name).embedded;
    if (family === undefined) continue;
    const entry = out.get(family.name) ?? { family, tasks: [] };
    entry.tasks.push(name);
    out.set(family.name, entry);
  }
  return out;
}

function resolveData(file: ExperimentFile, tasks: readonly string[]): ResolvedDataSource {
  const data = file.data ?? DEFAULT_EXPERIMENT.data;
  const families = familiesOf(tasks);
  const given = data.embedded ?? {};
  for (const key of Object.keys(given)) {
    if (!families.has(key))
      throw new ConfigError(
        `data.embedded.${key}`,
        given[key],
        `options of a family of the experiment's tasks (${[...families.keys()].join(', ') || 'none'})`,
      );
  }
  const embedded: Record<string, FamilyOptions> = {};
  for (const [name, { family, tasks: own }] of families) {
    embedded[name] = renameConfigErrors(
      () => family.resolveOptions(given[name] ?? {}, own),
      (f) => `data.embedded.${f.startsWith(`${name}.`) || f === name ? f : `${name}.${f}`}`,
    );
  }
  const taskDirs: Record<string, string> = {};
  for (const [name, dir] of Object.entries(data.taskDirs ?? {})) {
    const canonical = canonicalTaskName(name, `data.taskDirs.${name}`);
    if (!tasks.includes(canonical)) throw new ConfigError(`data.taskDirs.${name}`, name, tasks);
    if (families.has(taskRegistry().get(canonical).embedded?.name ?? ''))
      throw new ConfigError(`data.taskDirs.${name}`, dir, "no folder (the task's data is embedded)");
    taskDirs[canonical] = dir;
  }
  const dir = data.dir;
  const bad = tasks.findIndex(
    (t) => taskRegistry().get(t).embedded === undefined && !(t in taskDirs) && dir === undefined,
  );
  if (bad >= 0)
    throw new ConfigError(
      'data.dir',
      undefined,
      `a data folder (task "${file.tasks[bad]}" reads its examples from files)`,
    );
  if (dir === '') throw new ConfigError('data.dir', dir, 'a folder path');
  const folder = dir === undefined ? {} : { dir };
  return { embedded, ...folder, taskDirs, layout: data.layout ?? 'auto', splits: data.splits ?? 'official' };
}

function resolveBackbone(file: ExperimentFile): ResolvedBackbone {
  const backbone = file.backbone ?? DEFAULT_EXPERIMENT.backbone;
  if ('preset' in backbone) {
    const overrides = backbone.overrides ?? {};
    renameConfigErrors(
      () => t5Preset(backbone.preset, overrides),
      (f) => `backbone.overrides.${f.replace(/^t5Preset\([^)]*\)\./, '')}`,
    );
    return { preset: backbone.preset, overrides };
  }
  const [key, dir] = Object.entries(backbone)[0] as [string, string];
  if (dir === '') throw new ConfigError(`backbone.${key}`, dir, 'a folder path');
  return backbone;
}

function resolveRest(file: ExperimentFile): Pick<ExperimentConfig, 'sampler' | 'schedule'> {
  const d = DEFAULT_EXPERIMENT;
  const s = { ...d.sampler, ...file.sampler } as ResolvedSampler;
  const sampler: ResolvedSampler = {
    mixing: resolveMixing(s.mixing, 'sampler.mixing'),
    batchMode: s.batchMode,
    batchSize: integerIn('sampler.batchSize', s.batchSize, 1),
  };
  const schedule = { ...d.schedule, ...file.schedule } as ResolvedSchedule;
  integerIn('schedule.warmupSteps', schedule.warmupSteps, 0);
  return { sampler, schedule };
}

/**
 * Validates an experiment file and fills its defaults.
 *
 * Method options are checked by each method's `resolve` here when the backbone is a preset;
 * for checkpoint and run backbones that needs the checkpoint's `config.json`, so call
 * `resolveMethods` once the backbone is known (the runner does).
 *
 * @example
 * ```ts
 * const config = resolveExperiment(JSON.parse(text), 'experiments/mtl.json');
 * config.optimizer.kind; // 'adafactor' (the default)
 * ```
 *
 * @param json - the parsed file.
 * @param source - the file path (or a description), named in errors.
 * @returns the resolved, deep-frozen experiment.
 * @throws ConfigError naming the file and field (`mtl.json: sampler.batchSize: got 0, expected an integer >= 1`).
 */
export function resolveExperiment(json: unknown, source?: string): ExperimentConfig {
  validateAgainstSchema('experiment', json, source);
  const file = json as ExperimentFile;
  return renameConfigErrors(
    () => resolveValidated(file),
    (field) => (source === undefined ? field : `${source}: ${field}`),
  );
}

function resolveValidated(file: ExperimentFile): ExperimentConfig {
  const d = DEFAULT_EXPERIMENT;
  if (!NAME.test(file.name)) throw new ConfigError('name', file.name, `a name matching ${String(NAME)}`);
  const tasks = resolveTasks(file);
  const backbone = resolveBackbone(file);
  const methods: ResolvedMethodSpec[] = (file.methods ?? d.methods).map((m) => ({
    ...m,
    label: methodLabel(m),
  }));
  const steps = integerIn('steps', file.steps ?? d.steps, 1);
  const evalLimit = file.evalLimit ?? d.evalLimit;
  const dropout = file.dropout ?? d.dropout;
  const config: ExperimentConfig = {
    name: file.name,
    description: file.description ?? d.description,
    label: file.label ?? (methods.length === 0 ? 'MTL' : methods.map((m) => m.label).join(' + ')),
    backbone,
    methods,
    tasks,
    data: resolveData(file, tasks),
    ...resolveRest(file),
    optimizer: resolveOptimizer(file.optimizer ?? d.optimizer),
    steps,
    evalEvery: integerIn('evalEvery', file.evalEvery ?? d.evalEvery, 1),
    evalLimit: evalLimit === null ? null : integerIn('evalLimit', evalLimit, 1),
    logEvery: integerIn('logEvery', file.logEvery ?? d.logEvery, 1),
    seeds: seedList('seeds', file.seeds ?? d.seeds),
    policy: file.policy ?? d.policy,
    labelSmoothing: numberIn('labelSmoothing', file.labelSmoothing ?? d.labelSmoothing, {
      min: 0,
      max: 1,
      maxExclusive: true,
    }),
    dropout: dropout === null ? null : numberIn('dropout', dropout, { min: 0, max: 1, maxExclusive: true }),
    gradientClipNorm: numberIn('gradientClipNorm', file.gradientClipNorm ?? d.gradientClipNorm, { min: 0 }),
    maxInputLength: integerIn('maxInputLength', file.maxInputLength ?? d.maxInputLength, 1),
    maxTargetLength: integerIn('maxTargetLength', file.maxTargetLength ?? d.maxTargetLength, 1),
  };
  if (config.policy !== 'all' && methods.length === 0) {
    throw new ConfigError('policy', config.policy, "'all' when methods is empty (nothing else to train)");
  }
  if ('preset' in backbone) {
    resolveMethods(methods, backboneSpecOf(t5Preset(backbone.preset, backbone.overrides)), tasks.length);
  }
  return deepFreeze(config);
}
