/**
 * Loading a task split from a local folder: resolve the files and layout, stream canonical raw
 * records, format them into examples. Everything streams: one line (or one parquet row group)
 * is in memory at a time, and stopping the iteration early closes the file.
 *
 * @packageDocumentation
 */
import { ConfigError } from '@hyperprompt/core';
import type { Example } from '../example';
import type { FormatContext } from '../formats';
import type { SplitName, TaskDefinition } from '../registry';
import { resolveSplitFiles } from './detect';
import { readJsonLines } from './lines';
import { readParquetRecords } from './parquet';
import { readTsvRecords } from './tsv';
import type { LoadOptions, LoadWarning, SourceRecord } from './types';

function warnSkipped(file: string, count: number, first: LoadWarning): void {
  process.emitWarning(
    `${file}: skipped ${count} malformed row${count === 1 ? '' : 's'} (first at line ${first.line}: ${first.reason})`,
    { code: 'HYPERPROMPT_SKIPPED_ROWS' },
  );
}

/**
 * Streams the canonical raw records of a split (before formatting), whatever the layout.
 *
 * @param task - the task.
 * @param dir - the task folder.
 * @param options - the split, layout and malformed-row policy.
 * @returns an async generator of records with their file and line.
 * @throws DataError naming the file and line of a malformed record, or the folder when the
 *   split has no file.
 */
export async function* readRecords(
  task: TaskDefinition,
  dir: string,
  options: LoadOptions,
): AsyncGenerator<SourceRecord> {
  const { split } = options;
  const { layout, files } = await resolveSplitFiles(task, dir, split, options.layout ?? 'auto');
  const source = task.source;
  if (layout === 'tsv' && source.kind === 'tsv') {
    const tsvLayout = source.layouts[split];
    if (tsvLayout === undefined)
      throw new ConfigError(`${task.name}.source.layouts.${split}`, undefined, 'a TSV layout');
    let skipped = 0;
    let first: LoadWarning | undefined;
    yield* readTsvRecords(files[0], tsvLayout, {
      labelWords: task.labelWords,
      malformedRows: options.malformedRows ?? source.malformedRows ?? 'error',
      onSkip: (warning) => {
        skipped++;
        first ??= warning;
        options.onWarning?.(warning);
      },
    });
    if (first !== undefined && options.onWarning === undefined) warnSkipped(files[0], skipped, first);
    return;
  }
  if (layout === 'hf-parquet') {
    for (const file of files) yield* readParquetRecords(file);
    return;
  }
  const toRecords = layout === 'jsonl' && source.kind === 'jsonl' ? source.toRecords : undefined;
  const training = options.training ?? split === 'train';
  let ordinal = 0;
  for await (const { row, line } of readJsonLines(files[0])) {
    if (toRecords === undefined) {
      yield { record: row, file: files[0], line };
      continue;
    }
    const context: FormatContext = { split, training, file: files[0], line, ordinal: ordinal++ };
    for (const record of toRecords(row, context)) yield { record, file: files[0], line };
  }
}

/**
 * Formats a stream of raw records into examples.
 *
 * @param task - the task whose formatter to use.
 * @param records - the records.
 * @param split - the split name passed to the formatter.
 * @param training - whether the examples are for training.
 * @returns an async generator of examples.
 */
export async function* formatRecords(
  task: TaskDefinition,
  records: AsyncIterable<SourceRecord>,
  split: SplitName,
  training: boolean,
): AsyncGenerator<Example> {
  let ordinal = 0;
  for await (const { record, file, line } of records) {
    yield* task.format(record, { split, training, file, line, ordinal: ordinal++ });
  }
}

/**
 * Streams a split's examples from a local folder: GLUE TSV, SuperGLUE JSONL, or a Hugging Face
 * parquet/JSONL export, detected automatically (see the package README for the layouts).
 *
 * @example
 * ```ts
 * const rte = createDefaultRegistry().get('glue/rte');
 * for await (const example of loadExamples(rte, 'glue_data/RTE', { split: 'validation' })) {
 *   console.log(example.input, '->', example.target);
 * }
 * ```
 *
 * @param task - the task.
 * @param dir - the task folder, e.g. `glue_data/RTE` or an HF export folder.
 * @param options - the split and reading options.
 * @returns an async generator of examples, in file order.
 * @throws DataError naming the file and line of malformed input.
 */
export function loadExamples(
  task: TaskDefinition,
  dir: string,
  options: LoadOptions,
): AsyncGenerator<Example> {
  return formatRecords(
    task,
    readRecords(task, dir, options),
    options.split,
    options.training ?? options.split === 'train',
  );
}

/**
 * Reads a whole split into an array (convenient for small splits and tests; use
 * {@link loadExamples} to stream large ones).
 *
 * @param task - the task.
 * @param dir - the task folder.
 * @param options - the split and reading options.
 * @returns every example of the split.
 */
export async function loadAllExamples(
  task: TaskDefinition,
  dir: string,
  options: LoadOptions,
): Promise<Example[]> {
  const out: Example[] = [];
  for await (const example of task.load(dir, options)) out.push(example);
  return out;
}
