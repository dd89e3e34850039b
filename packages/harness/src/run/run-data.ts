/**
 * The data side of a run: the tokenizer (the synthetic suite's word-level vocabulary, or the
 * checkpoint's own), the tokenised training examples per task and the evaluation tasks, read
 * from the experiment's data source.
 *
 * @packageDocumentation
 */
import { isAbsolute, join, resolve } from 'node:path';
import { ConfigError } from '@hyperprompt/core';
import { loadTokenizer, type Tokenizer, WordLevelTokenizer } from '@hyperprompt/t5';
import {
  createDefaultRegistry,
  type Example,
  findSyntheticTask,
  generateSyntheticSuite,
  loadAllExamples,
  loadHyperformerSplit,
  resolveTaskDir,
  syntheticVocabulary,
  type SyntheticTaskName,
  type TaskDefinition,
} from '@hyperprompt/tasks';
import type { ExperimentConfig, ResolvedFolderData } from '../experiment';
import { tokenizeExamples, type TrainTask } from '../train/data';
import { evalTaskFromDefinition, evalTaskFromSynthetic, type EvalTask } from '../train/eval-task';

/** Sub-folder of a run folder that holds the run's tokenizer files. */
export const RUN_TOKENIZER_DIR = 'tokenizer';

/** Everything a run trains and evaluates on. */
export interface RunData {
  /** The tokenizer of inputs and targets. */
  readonly tokenizer: Tokenizer;
  /** Tokenised training examples, in task-id order. */
  readonly train: readonly TrainTask[];
  /** Evaluation tasks with their validation examples, in task-id order. */
  readonly eval: readonly EvalTask[];
}

/** `dir` resolved against `baseDir` unless it is absolute. */
export function absolute(baseDir: string, dir: string): string {
  return isAbsolute(dir) ? dir : resolve(baseDir, dir);
}

/**
 * The tokenizer of a run: a checkpoint's or saved run's own tokenizer files, else (a preset
 * trained from scratch) the synthetic suite's word-level vocabulary.
 *
 * @param config - the resolved experiment.
 * @param baseDir - folder relative paths are relative to.
 * @returns the tokenizer.
 * @throws ConfigError when a preset backbone is combined with folder data (no tokenizer).
 */
export function runTokenizer(
  config: Pick<ExperimentConfig, 'backbone' | 'data'>,
  baseDir: string,
): Tokenizer {
  const { backbone } = config;
  if ('checkpoint' in backbone) return loadTokenizer(absolute(baseDir, backbone.checkpoint));
  if ('run' in backbone) return loadTokenizer(join(absolute(baseDir, backbone.run), RUN_TOKENIZER_DIR));
  if (!('synthetic' in config.data)) {
    throw new ConfigError(
      'backbone',
      backbone,
      'a checkpoint folder with tokenizer files when data comes from a folder (a preset has no tokenizer)',
    );
  }
  return WordLevelTokenizer.fromVocabulary(syntheticVocabulary().words);
}

async function readSplit(
  task: TaskDefinition,
  dir: string,
  split: string,
  data: ResolvedFolderData,
  seed: number,
): Promise<Example[]> {
  if (data.splits === 'hyperformer') {
    const out: Example[] = [];
    const hfSplit = split === 'train' ? 'train' : 'validation';
    for await (const e of loadHyperformerSplit(task, dir, { split: hfSplit, seed })) out.push(e);
    return out;
  }
  return loadAllExamples(task, dir, { split: split as never });
}

async function folderData(
  config: ExperimentConfig,
  data: ResolvedFolderData,
  baseDir: string,
  seed: number,
): Promise<{ train: Example[][]; eval: EvalTask[] }> {
  const registry = createDefaultRegistry();
  const train: Example[][] = [];
  const evals: EvalTask[] = [];
  for (const name of config.tasks) {
    const task = registry.get(name);
    const dir =
      name in data.taskDirs
        ? absolute(baseDir, data.taskDirs[name])
        : await resolveTaskDir(absolute(baseDir, data.dir), task);
    train.push(await readSplit(task, dir, 'train', data, seed));
    const splits: Record<string, Example[]> = {};
    const evalSplits = data.splits === 'hyperformer' ? ['validation'] : task.evalSplits;
    for (const split of evalSplits) splits[split] = await readSplit(task, dir, split, data, seed);
    evals.push(evalTaskFromDefinition(task, splits));
  }
  return { train, eval: evals };
}

/**
 * Loads (or generates) a run's examples and tokenises the training data.
 *
 * @param config - the resolved experiment.
 * @param tokenizer - from {@link runTokenizer}.
 * @param baseDir - folder relative data paths are relative to.
 * @param seed - the run's seed (HyperFormer re-split).
 * @returns the run's data.
 */
export async function loadRunData(
  config: ExperimentConfig,
  tokenizer: Tokenizer,
  baseDir: string,
  seed: number,
): Promise<RunData> {
  let train: readonly (readonly Example[])[];
  let evals: EvalTask[];
  if ('synthetic' in config.data) {
    const suite = generateSyntheticSuite(config.data.synthetic); // its `tasks` are the experiment's
    const tasks = config.tasks.map((name) => findSyntheticTask(suite, name as SyntheticTaskName));
    train = tasks.map((t) => t.splits.train);
    evals = tasks.map((t) => evalTaskFromSynthetic(t));
  } else {
    const loaded = await folderData(config, config.data, baseDir, seed);
    train = loaded.train;
    evals = loaded.eval;
  }
  const lengths = { maxInputLength: config.maxInputLength, maxTargetLength: config.maxTargetLength };
  return {
    tokenizer,
    train: config.tasks.map((name, i) => ({ name, train: tokenizeExamples(tokenizer, train[i], lengths) })),
    eval: evals,
  };
}
