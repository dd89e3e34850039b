/**
 * The data side of a run: the tokenizer (a word-level vocabulary of the embedded task
 * families, or the checkpoint's own), the tokenised training examples per task and the
 * evaluation tasks, each task's data from its embedded family or its folder.
 *
 * @packageDocumentation
 */
import { isAbsolute, join, resolve } from 'node:path';
import { ConfigError } from '@hyperprompt/core';
import { loadTokenizer, type Tokenizer, WordLevelTokenizer } from '@hyperprompt/t5';
import {
  type EmbeddedFamily,
  type Example,
  loadAllExamples,
  loadHyperformerSplit,
  resolveTaskDir,
  type SplitName,
  type TaskDefinition,
} from '@hyperprompt/tasks';
import { type ExperimentConfig, type ResolvedDataSource, taskRegistry } from '../experiment';
import { tokenizeExamples, type TrainTask } from '../train/data';
import { evalTaskFromDefinition, type EvalTask } from '../train/eval-task';

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
  /** The raw training examples, in task-id order (for trivial baselines). */
  readonly trainExamples: readonly (readonly Example[])[];
}

/** `dir` resolved against `baseDir` unless it is absolute. */
export function absolute(baseDir: string, dir: string): string {
  return isAbsolute(dir) ? dir : resolve(baseDir, dir);
}

/**
 * The tokenizer of a run: a checkpoint's or saved run's own tokenizer files, else (a preset
 * trained from scratch) a word-level tokenizer over the vocabularies of the experiment's
 * embedded task families, in task order (for the synthetic suite alone: its vocabulary).
 *
 * @param config - the resolved experiment.
 * @param baseDir - folder relative paths are relative to.
 * @returns the tokenizer.
 * @throws ConfigError when a preset backbone meets a task read from files (no tokenizer).
 */
export function runTokenizer(
  config: Pick<ExperimentConfig, 'backbone' | 'data' | 'tasks'>,
  baseDir: string,
): Tokenizer {
  const { backbone } = config;
  if ('checkpoint' in backbone) return loadTokenizer(absolute(baseDir, backbone.checkpoint));
  if ('run' in backbone) return loadTokenizer(join(absolute(baseDir, backbone.run), RUN_TOKENIZER_DIR));
  const words = new Set<string>();
  for (const [family, tasks] of embeddedFamilies(config.tasks)) {
    if (tasks.length === 0) continue;
    for (const word of family.vocabulary(config.data.embedded[family.name], tasks)) words.add(word);
  }
  const fromFiles = config.tasks.find((t) => taskRegistry().get(t).embedded === undefined);
  if (fromFiles !== undefined) {
    throw new ConfigError(
      'backbone',
      backbone,
      `a checkpoint folder with tokenizer files: task "${fromFiles}" reads files, and a preset has no tokenizer for them`,
    );
  }
  return WordLevelTokenizer.fromVocabulary(words);
}

/** The embedded families of a task list with their tasks, in first-appearance order. */
function embeddedFamilies(tasks: readonly string[]): Map<EmbeddedFamily, string[]> {
  const out = new Map<EmbeddedFamily, string[]>();
  for (const name of tasks) {
    const family = taskRegistry().get(name).embedded;
    if (family !== undefined) out.set(family, [...(out.get(family) ?? []), name]);
  }
  return out;
}

async function readSplit(
  task: TaskDefinition,
  dir: string,
  split: string,
  data: ResolvedDataSource,
  seed: number,
): Promise<Example[]> {
  if (data.splits === 'hyperformer') {
    const out: Example[] = [];
    const hfSplit = split === 'train' ? 'train' : 'validation';
    for await (const e of loadHyperformerSplit(task, dir, { split: hfSplit, seed })) out.push(e);
    return out;
  }
  return loadAllExamples(task, dir, { split: split as SplitName });
}

/** The training examples and evaluation splits of one task read from its folder. */
async function folderTask(
  task: TaskDefinition,
  data: ResolvedDataSource,
  baseDir: string,
  seed: number,
): Promise<{ train: Example[]; eval: Record<string, Example[]> }> {
  const dir =
    task.name in data.taskDirs
      ? absolute(baseDir, data.taskDirs[task.name])
      : await resolveTaskDir(absolute(baseDir, data.dir ?? '.'), task);
  const splits: Record<string, Example[]> = {};
  const evalSplits = data.splits === 'hyperformer' ? ['validation'] : task.evalSplits;
  for (const split of evalSplits) splits[split] = await readSplit(task, dir, split, data, seed);
  return { train: await readSplit(task, dir, 'train', data, seed), eval: splits };
}

/** The training examples and evaluation splits of an embedded task. */
function embeddedTask(
  task: TaskDefinition,
  family: EmbeddedFamily,
  config: ExperimentConfig,
): { train: readonly Example[]; eval: Record<string, readonly Example[]> } {
  const options = config.data.embedded[family.name];
  const tasks = config.tasks.filter((t) => taskRegistry().get(t).embedded === family);
  const evalSplits: Record<string, readonly Example[]> = {};
  for (const split of task.evalSplits) evalSplits[split] = family.examples(task.name, split, options, tasks);
  return { train: family.examples(task.name, 'train', options, tasks), eval: evalSplits };
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
  const train: (readonly Example[])[] = [];
  const evals: EvalTask[] = [];
  for (const name of config.tasks) {
    const task = taskRegistry().get(name);
    const loaded =
      task.embedded === undefined
        ? await folderTask(task, config.data, baseDir, seed)
        : embeddedTask(task, task.embedded, config);
    train.push(loaded.train);
    evals.push(evalTaskFromDefinition(task, loaded.eval));
  }
  const lengths = { maxInputLength: config.maxInputLength, maxTargetLength: config.maxTargetLength };
  return {
    tokenizer,
    train: config.tasks.map((name, i) => ({ name, train: tokenizeExamples(tokenizer, train[i], lengths) })),
    eval: evals,
    trainExamples: train,
  };
}
