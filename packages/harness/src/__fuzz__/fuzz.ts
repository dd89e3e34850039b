/**
 * The checkpoint and data-file fuzzer: seeded mutations of real files (a mixed-dtype
 * safetensors file, a T5 checkpoint folder, a method bundle, a run checkpoint, GLUE TSV and
 * SuperGLUE JSONL files) fed to the library's own readers. Every case must end in a typed
 * error (`CheckpointError`, `DataError`, `ConfigError`) or a correct load: a load that accepts
 * a non-finite tensor or invalid UTF-8, returns an `undefined` field, leaks a tensor, or any
 * other error (TypeError, RangeError, ShapeError, ...) fails the case. Hangs are caught by the
 * command line (`main.ts`), which runs the cases in a worker thread under a watchdog.
 *
 * Case `i` of seed `s` draws everything from `new Rng(s).fork('case/i')`, so any case can be
 * replayed alone (`--first i --cases 1`).
 *
 * @packageDocumentation
 */
import { isUtf8 } from 'node:buffer';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import {
  CheckpointError,
  ConfigError,
  DataError,
  loadModuleBundle,
  type PeftModule,
  readSafetensorsFile,
  Rng,
  saveModuleBundle,
  serializeSafetensors,
  type SafetensorsInput,
} from '@hyperprompt/core';
import { promptTuning } from '@hyperprompt/prompt-tuning';
import { readT5Checkpoint, T5Model, t5Preset } from '@hyperprompt/t5';
import { createDefaultRegistry, loadAllExamples } from '@hyperprompt/tasks';
import { Trainer } from '../train/trainer';
import { mutateJson, mutateSafetensors, mutateText, type Mutation, pick } from './mutate';

/** What the fuzzer feeds mutated files to. */
export const FUZZ_TARGETS = [
  'safetensors',
  't5-checkpoint',
  'bundle',
  'run-checkpoint',
  'glue-tsv',
  'superglue-jsonl',
] as const;

/** One of {@link FUZZ_TARGETS}. */
export type FuzzTarget = (typeof FUZZ_TARGETS)[number];

/** Outcomes that pass: a correct load or one of the library's typed errors. */
export const ACCEPTED_OUTCOMES = ['loaded', 'CheckpointError', 'DataError', 'ConfigError'] as const;

/** One fuzz case and how it ended. */
export interface FuzzCase {
  /** Case index (with the seed, enough to replay it). */
  readonly index: number;
  /** What read the file (`setup` for a failure before any case started). */
  readonly target: FuzzTarget | 'setup';
  /** The mutated file, relative to the fixture folder. */
  readonly file: string;
  /** What the mutation did. */
  readonly mutation: string;
  /** `loaded`, a typed error's name, or what went wrong (`unexpected TypeError`, `hang`, ...). */
  readonly outcome: string;
  /** Whether the outcome is accepted (see {@link ACCEPTED_OUTCOMES}). */
  readonly ok: boolean;
  /** The error message or the failed check. */
  readonly detail?: string;
}

type FileKind = 'safetensors' | 'json' | 'text';

interface FixtureFile {
  readonly path: string;
  readonly kind: FileKind;
  readonly bytes: Uint8Array;
  /** How often it is picked relative to the target's other files. */
  readonly weight: number;
  /** Reads it (with its folder) through the library; throws what the library throws. */
  readonly load: (bytes: Uint8Array) => Promise<void>;
}

/** Live fixtures of a fuzz run: pristine files on disk and the objects that read them. */
export interface FuzzFixtures {
  /** The fixture folder. */
  readonly dir: string;
  /** Frees the live objects and removes the folder. */
  dispose(): void;
  /** @internal The files each target mutates. */
  readonly files: ReadonlyMap<FuzzTarget, readonly FixtureFile[]>;
}

/** A failed check of a load that did not throw. */
class LoadCheckFailure extends Error {
  constructor(
    readonly outcome: string,
    detail: string,
  ) {
    super(detail);
  }
}

function assertFiniteTensors(tensors: Iterable<[string, tf.Tensor]>, what: string): void {
  for (const [name, t] of tensors) {
    if (t.dtype !== 'float32') continue;
    const values = t.dataSync();
    const bad = values.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      throw new LoadCheckFailure(
        'accepted non-finite',
        `${what} ${name}[${bad}] = ${String(values[bad])} loaded without error`,
      );
    }
  }
}

const TASKS = ['task-a', 'task-b'];

/** Valid UTF-8 text with multi-byte characters, so that mutations can cut them. */
const WORDS = ['café', 'Zoë', 'naïve', '5 €', 'smile 😀', 'Ærø', 'plain', 'words', 'here'];

function sentence(i: number): string {
  return `Sentence ${i}: ${WORDS[i % WORDS.length]} and ${WORDS[(i * 3 + 1) % WORDS.length]}.`;
}

function dataFiles(): Record<string, { task: string; file: string; content: string }> {
  const rows = [...Array(6).keys()];
  const rte = ['index\tsentence1\tsentence2\tlabel'];
  const stsb = ['index\tgenre\tfilename\tyear\told_index\tsource1\tsource2\tsentence1\tsentence2\tscore'];
  const cola: string[] = [];
  const boolq: string[] = [];
  const copa: string[] = [];
  const cb: string[] = [];
  for (const i of rows) {
    rte.push(`${i}\t${sentence(i)}\t${sentence(i + 1)}\t${i % 2 ? 'entailment' : 'not_entailment'}`);
    stsb.push(
      `${i}\tmain\tfile\t2012\t000${i}\tnone\tnone\t${sentence(i)}\t${sentence(i + 2)}\t${(i * 0.7).toFixed(3)}`,
    );
    cola.push(`src${i}\t${i % 2}\t${i % 2 ? '' : '*'}\t${sentence(i)}`);
    boolq.push(
      JSON.stringify({ question: `is ${WORDS[i]} true`, passage: sentence(i), idx: i, label: i % 2 === 0 }),
    );
    copa.push(
      JSON.stringify({
        premise: sentence(i),
        choice1: sentence(i + 1),
        choice2: sentence(i + 2),
        question: i % 2 ? 'cause' : 'effect',
        idx: i,
        label: i % 2,
      }),
    );
    cb.push(
      JSON.stringify({
        premise: sentence(i),
        hypothesis: sentence(i + 3),
        label: ['entailment', 'contradiction', 'neutral'][i % 3],
        idx: i,
      }),
    );
  }
  const text = (lines: string[]): string => `${lines.join('\n')}\n`;
  return {
    'glue/RTE/dev.tsv': { task: 'glue/rte', file: 'dev.tsv', content: text(rte) },
    'glue/STS-B/dev.tsv': { task: 'glue/stsb', file: 'dev.tsv', content: text(stsb) },
    'glue/CoLA/dev.tsv': { task: 'glue/cola', file: 'dev.tsv', content: text(cola) },
    'superglue/BoolQ/val.jsonl': { task: 'super_glue/boolq', file: 'val.jsonl', content: text(boolq) },
    'superglue/COPA/val.jsonl': { task: 'super_glue/copa', file: 'val.jsonl', content: text(copa) },
    'superglue/CB/val.jsonl': { task: 'super_glue/cb', file: 'val.jsonl', content: text(cb) },
  };
}

function mixedSafetensors(rng: Rng): Uint8Array {
  const inputs = new Map<string, SafetensorsInput>([
    ['f32', { dtype: 'F32', shape: [3, 4], data: rng.normalArray(12, 0, 1) }],
    ['f16', { dtype: 'F16', shape: [5], data: rng.normalArray(5, 0, 1) }],
    ['bf16', { dtype: 'BF16', shape: [2, 3], data: rng.normalArray(6, 0, 1) }],
    ['f64', { dtype: 'F64', shape: [4], data: rng.normalArray(4, 0, 1) }],
    ['i32', { dtype: 'I32', shape: [3], data: Int32Array.from([1, -2, 3]) }],
    ['i64', { dtype: 'I64', shape: [2], data: Int32Array.from([7, -(2 ** 31)]) }],
    ['scalar', { dtype: 'F32', shape: [], data: Float32Array.from([0.5]) }],
  ]);
  return serializeSafetensors(inputs, { format: 'pt' });
}

/**
 * Builds the pristine fixtures in `dir` (created if needed): writes every file and keeps the
 * live objects that checkpoints are restored into. Needs an initialised tfjs backend.
 *
 * @param dir - an empty scratch folder.
 */
export function createFuzzFixtures(dir: string): FuzzFixtures {
  mkdirSync(dir, { recursive: true });
  const file = (...parts: string[]): string => join(dir, ...parts);
  const config = t5Preset('tiny', { vocabSize: 64, dropoutRate: 0 });
  const model = T5Model.random(config, 0);
  const ptConfig = promptTuning.resolve({ promptLength: 2 }, model.spec, { numTasks: TASKS.length });
  const modules: PeftModule[] = [promptTuning.create(model, ptConfig, 1)];
  const examples = [0, 1, 2, 3].map((i) => ({ inputIds: [5 + i, 6, 1], labels: [7 + i, 1] }));
  const trainer = new Trainer({
    model,
    modules,
    tasks: TASKS.map((name) => ({ name, train: examples })),
    optimizer: { kind: 'adam' },
    settings: { steps: 1, batchSize: 2 },
  });
  trainer.trainStep(); // optimiser slots exist and are saved
  const files = new Map<FuzzTarget, FixtureFile[]>();
  const add = (
    target: FuzzTarget,
    path: string,
    kind: FileKind,
    weight: number,
    load: FixtureFile['load'],
  ): void => {
    const list = files.get(target) ?? [];
    list.push({ path, kind, weight, load, bytes: Uint8Array.from(readFileSync(path)) });
    files.set(target, list);
  };

  // safetensors: every dtype the reader decodes.
  mkdirSync(file('safetensors'));
  writeFileSync(file('safetensors', 'mixed.safetensors'), mixedSafetensors(new Rng(3)));
  add('safetensors', file('safetensors', 'mixed.safetensors'), 'safetensors', 1, () => {
    const { tensors } = readSafetensorsFile(file('safetensors', 'mixed.safetensors'));
    for (const [name, entry] of tensors) {
      const size = entry.shape.reduce((a, b) => a * b, 1);
      if (entry.data.length !== size) {
        throw new LoadCheckFailure(
          'bad load',
          `${name}: ${entry.data.length} values for shape [${entry.shape.join(', ')}]`,
        );
      }
      const bad = entry.data.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0)
        throw new LoadCheckFailure('accepted non-finite', `${name}[${bad}] = ${String(entry.data[bad])}`);
    }
    return Promise.resolve();
  });

  // A Hugging Face T5 folder.
  model.save(file('t5'));
  const loadT5 = (): Promise<void> => {
    const { variables } = readT5Checkpoint(file('t5'));
    try {
      assertFiniteTensors(
        variables.entries().map((e) => [e.name, e.variable] as [string, tf.Tensor]),
        'variable',
      );
    } finally {
      variables.dispose();
    }
    return Promise.resolve();
  };
  add('t5-checkpoint', file('t5', 'model.safetensors'), 'safetensors', 4, loadT5);
  add('t5-checkpoint', file('t5', 'config.json'), 'json', 1, loadT5);

  // A method bundle bound to the backbone.
  saveModuleBundle(file('bundle'), modules[0], model, { tasks: TASKS, createdAt: new Date(0) });
  const loadBundle = (): Promise<void> => {
    const { module } = loadModuleBundle(file('bundle'), promptTuning, model);
    try {
      assertFiniteTensors(
        module.variables.entries().map((e) => [e.name, e.variable] as [string, tf.Tensor]),
        'variable',
      );
    } finally {
      module.dispose();
    }
    return Promise.resolve();
  };
  add('bundle', file('bundle', 'weights.safetensors'), 'safetensors', 4, loadBundle);
  add('bundle', file('bundle', 'bundle.json'), 'json', 1, loadBundle);
  add('bundle', file('bundle', 'config.json'), 'json', 1, loadBundle);

  // A run checkpoint (backbone, module, optimiser slots, JSON state), restored into the live objects.
  const step = trainer.save(file('run'));
  const loadRun = (): Promise<void> => {
    // What resuming a run does: latest.json, state.json, weights, slots, sampler and RNG state.
    if (!trainer.restore(file('run'))) throw new LoadCheckFailure('bad load', 'latest.json vanished');
    const live = [
      ...model.variables.entries().map((e) => [e.name, e.variable] as [string, tf.Tensor]),
      ...modules.flatMap((m) =>
        m.variables.entries().map((e) => [e.name, e.variable] as [string, tf.Tensor]),
      ),
    ];
    assertFiniteTensors(live, 'variable');
    assertFiniteTensors(trainer.optimizer.stateTensors(), 'optimiser slot');
    return Promise.resolve();
  };
  add('run-checkpoint', join(step, 'modules.safetensors'), 'safetensors', 2, loadRun);
  add('run-checkpoint', join(step, 'optimizer.safetensors'), 'safetensors', 2, loadRun);
  add('run-checkpoint', join(step, 'backbone', 'model.safetensors'), 'safetensors', 2, loadRun);
  add('run-checkpoint', join(step, 'backbone', 'config.json'), 'json', 1, loadRun);
  add('run-checkpoint', join(step, 'state.json'), 'json', 1, loadRun);
  add('run-checkpoint', file('run', 'latest.json'), 'json', 1, loadRun);

  // Data files, read by the registry's loaders.
  const registry = createDefaultRegistry();
  for (const [path, { task, content }] of Object.entries(dataFiles())) {
    const full = file('data', path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
    const target: FuzzTarget = path.endsWith('.tsv') ? 'glue-tsv' : 'superglue-jsonl';
    add(target, full, 'text', 1, async (bytes) => {
      const malformedRows = bytes.length % 2 === 0 ? 'error' : 'skip';
      const loaded = await loadAllExamples(registry.get(task), dirname(full), {
        split: 'validation',
        malformedRows,
        onWarning: () => undefined,
      });
      if (!isUtf8(bytes)) {
        throw new LoadCheckFailure(
          'accepted invalid UTF-8',
          `${loaded.length} examples loaded from invalid UTF-8`,
        );
      }
      const sourceHasReplacement = new TextDecoder().decode(bytes).includes('\uFFFD');
      for (const [i, e] of loaded.entries()) {
        if (typeof e.input !== 'string' || typeof e.target !== 'string') {
          throw new LoadCheckFailure('bad load', `example ${i}: ${JSON.stringify(e)}`);
        }
        if (!sourceHasReplacement && (e.input + e.target).includes('\uFFFD')) {
          throw new LoadCheckFailure('bad load', `example ${i} holds U+FFFD: ${JSON.stringify(e)}`);
        }
      }
    });
  }

  return {
    dir,
    files,
    dispose: () => {
      trainer.dispose();
      for (const m of modules) m.dispose();
      model.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function mutate(rng: Rng, fixture: FixtureFile): Mutation {
  const first =
    fixture.kind === 'safetensors'
      ? mutateSafetensors(rng, fixture.bytes)
      : fixture.kind === 'json'
        ? mutateJson(rng, fixture.bytes)
        : mutateText(rng, fixture.bytes);
  if (rng.float() >= 0.2 || first.bytes.length === 0) return first;
  // Sometimes a second mutation on top (a second generic one for files no longer parseable).
  let second: Mutation;
  try {
    second =
      fixture.kind === 'safetensors'
        ? mutateSafetensors(rng, first.bytes)
        : fixture.kind === 'json'
          ? mutateJson(rng, first.bytes)
          : mutateText(rng, first.bytes);
  } catch {
    second = mutateText(rng, first.bytes); // generic mutations do not parse the file
  }
  return { bytes: second.bytes, description: `${first.description}; then ${second.description}` };
}

function classify(error: unknown): { outcome: string; ok: boolean; detail: string } {
  if (error instanceof LoadCheckFailure) return { outcome: error.outcome, ok: false, detail: error.message };
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof CheckpointError || error instanceof DataError || error instanceof ConfigError) {
    return { outcome: error.name, ok: true, detail: message };
  }
  const name = error instanceof Error ? error.name : typeof error;
  return { outcome: `unexpected ${name}`, ok: false, detail: message };
}

/**
 * Runs case `index` of `seed`: picks a target and one of its files, mutates it, reads it
 * through the library, restores the pristine file, and classifies what happened.
 *
 * @param fixtures - from {@link createFuzzFixtures}.
 * @param seed - the run's seed.
 * @param index - the case index.
 * @param onStart - told what the case does just before the library reads the file (so that
 *   a hang can be reported with it).
 */
export async function runFuzzCase(
  fixtures: FuzzFixtures,
  seed: number,
  index: number,
  onStart?: (pending: Omit<FuzzCase, 'outcome' | 'ok'>) => void,
): Promise<FuzzCase> {
  const rng = new Rng(seed).fork(`case/${index}`);
  const target = pick(rng, FUZZ_TARGETS);
  const candidates = fixtures.files.get(target) ?? [];
  const total = candidates.reduce((sum, f) => sum + f.weight, 0);
  let r = rng.float() * total;
  const fixture = candidates.find((f) => (r -= f.weight) < 0) ?? candidates[candidates.length - 1];
  const file = relative(fixtures.dir, fixture.path);
  let mutation: Mutation;
  try {
    mutation = mutate(rng, fixture);
  } catch (error) {
    return {
      index,
      target,
      file,
      mutation: '(none)',
      outcome: 'mutator error',
      ok: false,
      detail: String(error),
    };
  }
  onStart?.({ index, target, file, mutation: mutation.description });
  const before = tf.memory().numTensors;
  writeFileSync(fixture.path, mutation.bytes);
  let result: { outcome: string; ok: boolean; detail?: string };
  try {
    await fixture.load(mutation.bytes);
    result = { outcome: 'loaded', ok: true };
  } catch (error) {
    result = classify(error);
  } finally {
    writeFileSync(fixture.path, fixture.bytes);
  }
  const leaked = tf.memory().numTensors - before;
  if (result.ok && leaked > 0)
    result = { outcome: 'tensor leak', ok: false, detail: `${leaked} tensors left after ${result.outcome}` };
  return { index, target, file, mutation: mutation.description, ...result };
}

/** Counts of a fuzz run. */
export interface FuzzSummary {
  /** Cases run. */
  readonly cases: number;
  /** Cases per outcome. */
  readonly outcomes: Readonly<Record<string, number>>;
  /** Cases per target, then per outcome. */
  readonly byTarget: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** The cases that failed. */
  readonly failures: readonly FuzzCase[];
}

/**
 * Counts outcomes, overall and per target, and lists the failures.
 *
 * @param cases - the cases run.
 */
export function summarizeFuzz(cases: readonly FuzzCase[]): FuzzSummary {
  const outcomes: Record<string, number> = {};
  const byTarget: Record<string, Record<string, number>> = {};
  for (const c of cases) {
    outcomes[c.outcome] = (outcomes[c.outcome] ?? 0) + 1;
    const t = (byTarget[c.target] ??= {});
    t[c.outcome] = (t[c.outcome] ?? 0) + 1;
  }
  return { cases: cases.length, outcomes, byTarget, failures: cases.filter((c) => !c.ok) };
}
