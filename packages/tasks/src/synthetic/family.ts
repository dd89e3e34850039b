/**
 * The synthetic suite as registered tasks: an {@link EmbeddedFamily} named `synthetic` whose
 * options are {@link SyntheticSuiteOptions} (without `tasks`, which are the experiment's), and
 * one `TaskDefinition` per synthetic task, scored with T5's metrics under the suite's metric
 * names (`accuracy`, `f1`, `mcc`, `pearson`, `spearman`).
 *
 * @packageDocumentation
 */
import { ConfigError } from '@hyperprompt/core';
import type { Example } from '../example';
import { STSB_RULE } from '../formats';
import { t5Accuracy, t5F1WithInvalid, t5MatthewsCorrelation, t5StsbScores } from '../metrics';
import { defineTask } from '../registry/define-task';
import type { EmbeddedFamily, FamilyOptions } from '../registry/family';
import type { SplitName, TaskDefinition, TaskMetrics } from '../registry/types';
import {
  resolveSyntheticConfig,
  SYNTHETIC_SPLITS,
  type SyntheticSplit,
  type SyntheticSuiteOptions,
  type SyntheticTaskName,
} from './config';
import { findSyntheticTask, generateSyntheticSuite, type SyntheticSuite } from './suite';
import { SYNTHETIC_TASKS, type SyntheticTaskInfo } from './tasks';
import { syntheticVocabulary } from './vocabulary';

/** The last generated suite and the options it came from (generation takes a second or so). */
let cached: { key: string; suite: SyntheticSuite } | undefined;

function suiteOf(options: FamilyOptions, tasks: readonly string[]): SyntheticSuite {
  const key = JSON.stringify([options, tasks]);
  if (cached?.key !== key) {
    const config = { ...(options as SyntheticSuiteOptions), tasks: tasks as SyntheticTaskName[] };
    cached = { key, suite: generateSyntheticSuite(config) };
  }
  return cached.suite;
}

/**
 * The `synthetic` family: examples generated deterministically from the options' seed. Tasks
 * that share an input source (the conflicting pairs) are generated together, so their `k`-th
 * inputs are identical.
 */
export const SYNTHETIC_FAMILY: EmbeddedFamily = Object.freeze({
  name: 'synthetic',
  description: 'the embedded synthetic suite, generated from a seed (no files)',
  resolveOptions(options: unknown, tasks: readonly string[]): FamilyOptions {
    const given = (options ?? {}) as SyntheticSuiteOptions;
    if (typeof given !== 'object' || Array.isArray(given))
      throw new ConfigError('synthetic', options, 'an object of synthetic suite options');
    if (given.tasks !== undefined && given.tasks.join() !== tasks.join())
      throw new ConfigError(
        'synthetic.tasks',
        given.tasks,
        `absent, or the experiment's tasks ${JSON.stringify(tasks)}`,
      );
    const config = resolveSyntheticConfig({ ...given, tasks: tasks as SyntheticTaskName[] });
    return JSON.parse(JSON.stringify(config)) as FamilyOptions;
  },
  examples(
    task: string,
    split: SplitName,
    options: FamilyOptions,
    tasks: readonly string[],
  ): readonly Example[] {
    if (!(SYNTHETIC_SPLITS as readonly string[]).includes(split))
      throw new ConfigError(`${task}.split`, split, SYNTHETIC_SPLITS);
    return findSyntheticTask(suiteOf(options, tasks), task as SyntheticTaskName).splits[
      split as SyntheticSplit
    ];
  },
  vocabulary(): readonly string[] {
    // The whole suite's words whatever the tasks, so that ids never depend on the task list.
    return syntheticVocabulary().words;
  },
});

/** Scores a synthetic task's metric names with T5's metrics (invalid predictions count as wrong). */
function syntheticScorer(
  info: SyntheticTaskInfo,
): (predictions: readonly string[], examples: readonly Example[]) => TaskMetrics {
  return (predictions, examples) => {
    const labels = examples.map((e) => e.label ?? Number.NaN);
    const words = info.labelWords;
    const out: Record<string, number> = {};
    const stsb =
      info.kind === 'regression'
        ? t5StsbScores(
            predictions,
            examples.map((e) => e.target),
          )
        : undefined;
    for (const metric of info.metrics) {
      if (stsb !== undefined && (metric === 'pearson' || metric === 'spearman')) out[metric] = stsb[metric];
      else if (metric === 'accuracy') out[metric] = t5Accuracy(predictions, labels, words);
      else if (metric === 'f1') out[metric] = t5F1WithInvalid(predictions, labels, words);
      else if (metric === 'mcc') out[metric] = t5MatthewsCorrelation(predictions, labels, words);
      else throw new ConfigError(`${info.name}.metrics`, metric, 'a metric of the task kind');
    }
    return out;
  };
}

function syntheticDefinition(info: SyntheticTaskInfo): TaskDefinition {
  const classification = info.kind === 'classification';
  return defineTask({
    name: info.name,
    benchmark: 'synthetic',
    kind: info.kind,
    labelWords: classification ? info.labelWords : undefined,
    regression: classification ? undefined : STSB_RULE,
    splits: { train: '', validation: '', test: '' },
    format: () => {
      throw new ConfigError(
        `task(${info.name}).format`,
        undefined,
        'generated examples (the task is embedded)',
      );
    },
    metrics: info.metrics,
    score: syntheticScorer(info),
    embedded: SYNTHETIC_FAMILY,
  });
}

/** Every synthetic task as a registry task, in suite order. */
export const SYNTHETIC_TASK_DEFINITIONS: readonly TaskDefinition[] = Object.freeze(
  SYNTHETIC_TASKS.map(syntheticDefinition),
);
