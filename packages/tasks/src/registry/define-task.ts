/**
 * {@link defineTask}: validates a {@link TaskSpec}, fills its defaults and freezes the result.
 * Every problem is a `ConfigError` naming the field, e.g. `task(my/sst).labelWords`.
 *
 * @packageDocumentation
 */
import { ConfigError } from '@hyperprompt/core';
import { checkRegressionRule, regressionTargetLength } from '../formats';
import type { Example } from '../example';
import { loadExamples, type TaskSource } from '../loaders';
import { taskScore as meanOfMetrics } from '../metrics';
import type { EmbeddedFamily } from './family';
import { scoreWithMetrics, standardMetricProblem } from './scoring';
import {
  SPLIT_NAMES,
  type HyperformerSplitRule,
  type SplitName,
  type TaskDefinition,
  type TaskScorer,
  type TaskSpec,
} from './types';

const KINDS = ['classification', 'regression', 'span'] as const;
const HYPERFORMER_RULES: readonly HyperformerSplitRule[] = [
  'halve-validation',
  'hold-out-train',
  'mnli',
  'official',
];
const defined = new WeakSet<TaskDefinition>();

/**
 * True for a value built by {@link defineTask}.
 *
 * @param value - anything.
 * @returns whether it is a defined task.
 */
export function isTaskDefinition(value: unknown): value is TaskDefinition {
  return typeof value === 'object' && value !== null && defined.has(value as TaskDefinition);
}

/** An embedded task's examples of one split, with its family's default options. */
async function* embeddedExamples(
  family: EmbeddedFamily,
  task: string,
  split: SplitName,
): AsyncGenerator<Example> {
  // The family computes synchronously; one await keeps errors inside the stream's promise.
  const options = await Promise.resolve(family.resolveOptions({}, [task]));
  yield* family.examples(task, split, options, [task]);
}

const codePoints = (text: string): number => Array.from(text).length;

function checkStrings(field: string, values: unknown, allowEmpty = false): readonly string[] {
  if (!Array.isArray(values) || (!allowEmpty && values.length === 0)) {
    throw new ConfigError(field, values, allowEmpty ? 'an array of strings' : 'a non-empty array of strings');
  }
  values.forEach((v: unknown, i) => {
    if (typeof v !== 'string' || v.length === 0)
      throw new ConfigError(`${field}[${i}]`, v, 'a non-empty string');
  });
  if (new Set(values).size !== values.length) throw new ConfigError(field, values, 'distinct strings');
  return values as readonly string[];
}

function checkSplits(field: string, spec: TaskSpec): SplitName[] {
  const splits = spec.splits as unknown;
  if (typeof splits !== 'object' || splits === null || Object.keys(splits).length === 0) {
    throw new ConfigError(field, splits, 'an object mapping split names to file names');
  }
  for (const [split, file] of Object.entries(splits)) {
    if (!SPLIT_NAMES.includes(split as SplitName))
      throw new ConfigError(`${field}.${split}`, file, `a split among ${SPLIT_NAMES.join(', ')}`);
    if (typeof file !== 'string')
      throw new ConfigError(`${field}.${split}`, file, 'a file name (may be empty for HF-only data)');
  }
  return Object.keys(splits) as SplitName[];
}

function checkSource(field: string, source: TaskSource, splits: readonly SplitName[]): void {
  const kind = (source as { kind?: unknown }).kind;
  if (kind !== 'tsv' && kind !== 'jsonl' && kind !== 'hf')
    throw new ConfigError(`${field}.kind`, kind, ['tsv', 'jsonl', 'hf']);
  if (source.kind === 'tsv') {
    for (const split of splits) {
      if (source.layouts[split] === undefined)
        throw new ConfigError(`${field}.layouts.${split}`, undefined, 'a TSV layout for every split');
    }
  }
}

function defaultMaxTargetLength(field: string, spec: TaskSpec): number {
  if (spec.kind === 'classification' && spec.labelWords) return Math.max(...spec.labelWords.map(codePoints));
  if (spec.kind === 'regression' && spec.regression) return regressionTargetLength(spec.regression);
  throw new ConfigError(field, undefined, 'a positive integer (required for span tasks)');
}

function checkHyperformerRule(field: string, rule: HyperformerSplitRule, splits: readonly SplitName[]): void {
  if (!HYPERFORMER_RULES.includes(rule)) throw new ConfigError(field, rule, HYPERFORMER_RULES);
  const needs: Record<HyperformerSplitRule, SplitName[]> = {
    'halve-validation': ['train', 'validation'],
    'hold-out-train': ['train', 'validation'],
    mnli: ['train', 'validation_matched', 'validation_mismatched'],
    official: [],
  };
  for (const split of needs[rule]) {
    if (!splits.includes(split))
      throw new ConfigError(field, rule, `a rule whose splits the task has (missing "${split}")`);
  }
}

/**
 * Validates a task spec, fills its defaults and returns the frozen task.
 *
 * @example
 * ```ts
 * const sentiment = defineTask({
 *   name: 'my/sentiment',
 *   benchmark: 'my',
 *   kind: 'classification',
 *   labelWords: ['negative', 'positive'],
 *   splits: { train: 'train.jsonl', validation: 'dev.jsonl' },
 *   source: { kind: 'jsonl' },
 *   format: t5ClassificationFormatter({ prefix: 'sentiment', labelWords: ['negative', 'positive'], features: ['text'] }),
 *   metrics: ['accuracy', 'f1'],
 * });
 * ```
 *
 * @param spec - the task's fields.
 * @returns the task with every default filled in.
 * @throws ConfigError naming the first invalid field.
 */
export function defineTask(spec: TaskSpec): TaskDefinition {
  const name = spec.name as unknown;
  if (typeof name !== 'string' || name.length === 0 || /\s/.test(name)) {
    throw new ConfigError('task.name', name, 'a non-empty name without spaces, e.g. "glue/rte"');
  }
  const field = (member: string): string => `task(${name}).${member}`;
  if (typeof spec.benchmark !== 'string' || spec.benchmark.length === 0)
    throw new ConfigError(field('benchmark'), spec.benchmark, 'a non-empty string');
  if (!KINDS.includes(spec.kind)) throw new ConfigError(field('kind'), spec.kind, KINDS);
  if (spec.kind === 'classification') checkStrings(field('labelWords'), spec.labelWords);
  else if (spec.labelWords !== undefined)
    throw new ConfigError(
      field('labelWords'),
      spec.labelWords,
      'undefined (label words are for classification tasks)',
    );
  if (spec.kind === 'regression') {
    if (spec.regression === undefined)
      throw new ConfigError(field('regression'), undefined, 'a regression rule');
    checkRegressionRule(spec.regression, field('regression'));
  }
  const splits = checkSplits(field('splits'), spec);
  const evalSplits = spec.evalSplits ?? (splits.includes('validation') ? ['validation' as const] : []);
  evalSplits.forEach((split, i) => {
    if (!splits.includes(split)) throw new ConfigError(`${field('evalSplits')}[${i}]`, split, splits);
  });
  const source: TaskSource = spec.source ?? { kind: 'hf' };
  checkSource(field('source'), source, splits);
  if (typeof spec.format !== 'function')
    throw new ConfigError(field('format'), spec.format, 'a formatter function');
  const metrics = checkStrings(field('metrics'), spec.metrics);
  if (spec.score === undefined) {
    for (const metric of metrics) {
      const problem = standardMetricProblem(metric, spec.kind, spec.labelWords);
      if (problem !== undefined) throw new ConfigError(field('metrics'), metric, problem);
    }
  }
  const maxTargetLength = spec.maxTargetLength ?? defaultMaxTargetLength(field('maxTargetLength'), spec);
  if (!Number.isInteger(maxTargetLength) || maxTargetLength <= 0)
    throw new ConfigError(field('maxTargetLength'), maxTargetLength, 'a positive integer');
  if (spec.trainExamples !== undefined && (!Number.isInteger(spec.trainExamples) || spec.trainExamples < 0)) {
    throw new ConfigError(field('trainExamples'), spec.trainExamples, 'a non-negative integer');
  }
  const hyperformerSplit = spec.hyperformerSplit ?? 'official';
  checkHyperformerRule(field('hyperformerSplit'), hyperformerSplit, splits);
  const folderNames = checkStrings(
    field('folderNames'),
    spec.folderNames ?? [name.slice(name.lastIndexOf('/') + 1)],
  );
  const scored = { name, kind: spec.kind, labelWords: spec.labelWords, metrics };
  const score: TaskScorer =
    spec.score ?? ((predictions, examples) => scoreWithMetrics(scored, predictions, examples));
  const aliases = checkStrings(field('aliases'), spec.aliases ?? [], true);
  const embedded = spec.embedded;
  if (
    embedded !== undefined &&
    (typeof embedded.examples !== 'function' || typeof embedded.name !== 'string')
  )
    throw new ConfigError(field('embedded'), embedded, 'an embedded task family');
  const load: TaskDefinition['load'] =
    spec.load ??
    (embedded === undefined
      ? (dir, options) => loadExamples(task, dir, options)
      : (_dir, options) => embeddedExamples(embedded, name, options.split));
  const task: TaskDefinition = Object.freeze({
    name,
    benchmark: spec.benchmark,
    kind: spec.kind,
    labelWords: spec.labelWords === undefined ? undefined : Object.freeze([...spec.labelWords]),
    regression: spec.regression,
    splits: Object.freeze({ ...spec.splits }),
    evalSplits: Object.freeze([...evalSplits]),
    source,
    format: spec.format,
    metrics: Object.freeze([...metrics]),
    score,
    taskScore: spec.taskScore ?? meanOfMetrics,
    maxTargetLength,
    trainExamples: spec.trainExamples,
    hyperformerSplit,
    inBenchmarkAverage: spec.inBenchmarkAverage ?? true,
    folderNames: Object.freeze([...folderNames]),
    load,
    aliases: Object.freeze([...aliases]),
    embedded,
  });
  defined.add(task);
  return task;
}
