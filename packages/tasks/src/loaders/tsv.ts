/**
 * GLUE TSV reader. GLUE files are tab-separated without quoting (fields may contain quote
 * characters; Python's readers use `quoting=QUOTE_NONE`), one record per line. Each file's
 * layout ({@link TsvLayout}) names the columns; CoLA's train/dev files have no header.
 *
 * Records get `idx` = the 0-based ordinal of the data row in the file, counting skipped rows
 * (as TFDS numbers GLUE rows), so indices do not shift when a malformed row is dropped.
 *
 * @packageDocumentation
 */
import { DataError } from '@hyperprompt/core';
import { readLines } from './lines';
import type { MalformedRowPolicy, LoadWarning, SourceRecord, TsvLayout } from './types';

/** How a TSV label cell becomes a raw-record label. */
export interface TsvLabelParser {
  /** Label words of a classification task; `undefined` for a regression task. */
  readonly labelWords: readonly string[] | undefined;
}

/** Options of {@link readTsvRecords}. */
export interface TsvReadOptions extends TsvLabelParser {
  /** What to do with a row that has the wrong number of fields or an unreadable label. */
  readonly malformedRows: MalformedRowPolicy;
  /** Called for every skipped row. */
  readonly onSkip: (warning: LoadWarning) => void;
}

/**
 * Parses a TSV label cell.
 *
 * @param cell - the cell text, e.g. `entailment`, `1`, `3.800`.
 * @param parser - label words (classification) or none (regression).
 * @returns the class index or score, or a reason string when the cell is not valid.
 */
export function parseTsvLabel(cell: string, parser: TsvLabelParser): number | string {
  const words = parser.labelWords;
  if (words === undefined) {
    const score = cell.trim() === '' ? NaN : Number(cell);
    return Number.isFinite(score) ? score : `expected a numeric score in the label column, found "${cell}"`;
  }
  const index = words.indexOf(cell);
  if (index >= 0) return index;
  if (/^\d+$/.test(cell) && Number(cell) < words.length) return Number(cell);
  return `expected a label in {${words.join(', ')}} or a class index below ${words.length}, found "${cell}"`;
}

function resolveColumn(column: string | number, header: readonly string[] | undefined, file: string): number {
  if (typeof column === 'number') return column;
  const index = header?.indexOf(column) ?? -1;
  if (index < 0) {
    throw new DataError(
      file,
      1,
      `expected a header with a "${column}" column, found [${(header ?? []).join(', ')}]`,
    );
  }
  return index;
}

/**
 * Streams the canonical raw records of a GLUE TSV file.
 *
 * @param file - the TSV path.
 * @param layout - the file's column layout.
 * @param options - label parsing and the malformed-row policy.
 * @returns an async generator of records with their line numbers.
 * @throws DataError naming the file and line for a missing column, and for a malformed row
 *   when the policy is `'error'`.
 */
export async function* readTsvRecords(
  file: string,
  layout: TsvLayout,
  options: TsvReadOptions,
): AsyncGenerator<SourceRecord> {
  let header: string[] | undefined;
  let indices: [string, number][] = [];
  let labelIndex: number | undefined;
  let width = layout.columnCount;
  let ordinal = 0;
  const resolve = (): void => {
    indices = Object.entries(layout.columns).map(([name, column]) => [
      name,
      resolveColumn(column, header, file),
    ]);
    labelIndex = layout.label === undefined ? undefined : resolveColumn(layout.label, header, file);
    if (width === undefined) width = header?.length;
  };
  if (!layout.header) resolve();
  if (width === undefined && !layout.header) {
    throw new DataError(file, undefined, 'a TSV layout without header needs columnCount');
  }
  for await (const { text, line } of readLines(file)) {
    if (layout.header && header === undefined) {
      header = text.split('\t');
      resolve();
      continue;
    }
    if (text === '') continue;
    const fields = text.split('\t');
    const idx = ordinal++;
    let problem: string | undefined;
    let label: number | undefined;
    if (fields.length !== width) {
      problem = `expected ${width} tab-separated fields${header ? ' (as in the header)' : ''}, found ${fields.length}`;
    } else if (labelIndex !== undefined) {
      const parsed = parseTsvLabel(fields[labelIndex], options);
      if (typeof parsed === 'string') problem = parsed;
      else label = parsed;
    }
    if (problem !== undefined) {
      if (options.malformedRows === 'error') throw new DataError(file, line, problem);
      options.onSkip({ file, line, reason: problem });
      continue;
    }
    const record: Record<string, string | number> = {};
    for (const [name, index] of indices) record[name] = fields[index];
    record.label = label ?? -1;
    record.idx = idx;
    yield { record, file, line };
  }
  if (layout.header && header === undefined)
    throw new DataError(file, undefined, 'expected a header line, found an empty file');
}
