/**
 * Types shared by the loaders: how a task's native files are laid out ({@link TaskSource}),
 * the options of a load ({@link LoadOptions}) and what a loader yields before formatting
 * ({@link SourceRecord}).
 *
 * @packageDocumentation
 */
import type { FormatContext, RawRecord } from '../formats';
import type { SplitName } from '../registry';

/**
 * The file layouts a loader can read:
 * - `tsv`: GLUE as distributed by the GLUE site (`train.tsv`, `dev.tsv`, ...);
 * - `jsonl`: SuperGLUE as distributed (`train.jsonl`, `val.jsonl`, `test.jsonl`), or any
 *   native JSON Lines layout of a user task;
 * - `hf-parquet`: a Hugging Face `datasets` export as parquet (`<split>.parquet` or hub shards
 *   `<split>-00000-of-00001.parquet`);
 * - `hf-jsonl`: a Hugging Face `datasets` export as JSON Lines (`<split>.jsonl` or `<split>.json`).
 */
export type DataLayout = 'tsv' | 'jsonl' | 'hf-parquet' | 'hf-jsonl';

/** What to do with a row that does not have the expected shape. */
export type MalformedRowPolicy = 'error' | 'skip';

/**
 * Column layout of one TSV file. Columns are named by header when the file has one (robust to
 * column order), else by 0-based index (CoLA's headerless train/dev files).
 */
export interface TsvLayout {
  /** Whether the first line is a header. */
  readonly header: boolean;
  /** Number of fields of every row; required without a header, else the header's length. */
  readonly columnCount?: number;
  /** Raw-record feature name to column (header name, or index without header). */
  readonly columns: Readonly<Record<string, string | number>>;
  /**
   * The label column; absent for unlabelled files (GLUE test sets). A value equal to a label
   * word becomes its index; an integer string is taken as the index; regression tasks parse
   * a number.
   */
  readonly label?: string | number;
}

/** GLUE-style TSV files: one layout per split. */
export interface TsvSource {
  /** Discriminant. */
  readonly kind: 'tsv';
  /** Layout of each split's file. */
  readonly layouts: Readonly<Partial<Record<SplitName, TsvLayout>>>;
  /**
   * What to do with malformed rows.
   *
   * @defaultValue `'error'`
   */
  readonly malformedRows?: MalformedRowPolicy;
}

/** JSON Lines files in the task's native structure. */
export interface JsonlSource {
  /** Discriminant. */
  readonly kind: 'jsonl';
  /**
   * Converts one parsed line into canonical raw records (MultiRC: one per answer; ReCoRD: one
   * per query).
   *
   * @defaultValue the line itself, unchanged
   */
  readonly toRecords?: (row: RawRecord, context: FormatContext) => RawRecord[];
  /**
   * Tells a native line from a Hugging Face export line when both layouts use the same file
   * name (`train.jsonl`, `test.jsonl`).
   *
   * @defaultValue every line is native
   */
  readonly isNative?: (row: RawRecord) => boolean;
}

/** No native layout: only Hugging Face exports. */
export interface HfOnlySource {
  /** Discriminant. */
  readonly kind: 'hf';
}

/** How a task's native files are parsed. Hugging Face exports are always readable too. */
export type TaskSource = TsvSource | JsonlSource | HfOnlySource;

/** A row that was skipped or is otherwise worth reporting. */
export interface LoadWarning {
  /** The data file. */
  readonly file: string;
  /** 1-based line (or parquet row). */
  readonly line: number;
  /** What was wrong. */
  readonly reason: string;
}

/** Options of one load. */
export interface LoadOptions {
  /** The split to read. */
  readonly split: SplitName;
  /**
   * The file layout; `'auto'` detects it from the folder's files (see the package README).
   *
   * @defaultValue `'auto'`
   */
  readonly layout?: DataLayout | 'auto';
  /**
   * Overrides the task's policy for malformed TSV rows (`'skip'` for QQP, `'error'` elsewhere).
   */
  readonly malformedRows?: MalformedRowPolicy;
  /**
   * Called for every skipped row. Without it, a file with skipped rows emits one Node process
   * warning that counts them.
   */
  readonly onWarning?: (warning: LoadWarning) => void;
  /**
   * Whether the examples are for training (ReCoRD: one example per answer; WSC: correct
   * referents only).
   *
   * @defaultValue `split === 'train'`
   */
  readonly training?: boolean;
}

/** One canonical raw record and where it comes from, before formatting. */
export interface SourceRecord {
  /** The record, with HF/TFDS feature names. */
  readonly record: RawRecord;
  /** Its data file. */
  readonly file: string;
  /** Its 1-based line (TSV, JSONL) or row (parquet). */
  readonly line: number;
}
