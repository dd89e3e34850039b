/**
 * Shared test setup: a small synthetic suite (classification and regression tasks), its
 * word-level tokenizer, a tiny T5 with dropout and a Prompt-Tuning module.
 */

import { initBackend } from '@hyperprompt/core';
import { promptTuning } from '@hyperprompt/prompt-tuning';
import { T5Model, t5Preset, WordLevelTokenizer } from '@hyperprompt/t5';
import {
  generateSyntheticSuite,
  syntheticVocabulary,
  type SyntheticSuite,
  type SyntheticTaskName,
} from '@hyperprompt/tasks';
import { tokenizeExamples, type TrainTask } from '../data';
import { evalTaskFromSynthetic, type EvalTask } from '../eval-task';

export const TASKS: readonly SyntheticTaskName[] = ['syn-sentiment', 'syn-similarity', 'syn-paraphrase'];

let cachedSuite: SyntheticSuite | undefined;
let cachedTokenizer: WordLevelTokenizer | undefined;

export function suite(): SyntheticSuite {
  cachedSuite ??= generateSyntheticSuite({
    tasks: [...TASKS],
    seed: 0,
    sizes: Object.fromEntries(TASKS.map((t) => [t, { train: 48, validation: 6, test: 4 }])),
  });
  return cachedSuite;
}

export function tokenizer(): WordLevelTokenizer {
  cachedTokenizer ??= WordLevelTokenizer.fromVocabulary(syntheticVocabulary().words);
  return cachedTokenizer;
}

export function trainTasks(): TrainTask[] {
  return suite().tasks.map((t) => ({ name: t.name, train: tokenizeExamples(tokenizer(), t.splits.train) }));
}

export function evalTasks(): EvalTask[] {
  return suite().tasks.map((t) => evalTaskFromSynthetic(t));
}

export function tinyModel(seed = 0, dropoutRate = 0.1): T5Model {
  return T5Model.random(t5Preset('tiny', { vocabSize: tokenizer().vocabSize, dropoutRate }), seed);
}

export function promptModule(model: T5Model, seed = 1): ReturnType<typeof promptTuning.create> {
  const config = promptTuning.resolve({ promptLength: 3 }, model.spec, { numTasks: TASKS.length });
  return promptTuning.create(model, config, seed);
}

/** Every variable's values by name (backbone and modules). */
export function snapshot(
  stores: readonly {
    variables: { entries(): readonly { name: string; variable: { dataSync(): unknown } }[] };
  }[],
): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  for (const s of stores)
    for (const e of s.variables.entries()) out.set(e.name, e.variable.dataSync() as Float32Array);
  return out;
}

/** Switches to the wasm backend (about 5x faster than cpu on tiny T5 training steps), quietly. */
export async function useWasm(): Promise<void> {
  await initBackend({ prefer: ['wasm'], log: () => undefined });
}
