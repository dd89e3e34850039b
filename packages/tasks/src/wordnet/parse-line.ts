/**
 * Parses one synset line of a WordNet `data.*` file into a {@link WordnetSynset}, checking
 * every field; a malformed line throws a {@link DataError} naming the file and line.
 *
 * @packageDocumentation
 */
import { DataError } from '@hyperprompt/core';
import { WORDNET_LEXNAMES } from './lexnames';
import type {
  WordnetPartOfSpeech,
  WordnetPointer,
  WordnetSynset,
  WordnetSynsetType,
  WordnetVerbFrame,
  WordnetWord,
} from './types';

/** Where a line comes from, for error messages. */
export interface LineOrigin {
  /** Path (or name) of the data file. */
  readonly file: string;
  /** 1-based line number. */
  readonly line: number;
}

/** The pointer symbols of WordNet 3.1 (`wninput(5WN)`). */
const POINTER_SYMBOLS: ReadonlySet<string> = new Set([
  '!', '@', '@i', '~', '~i', '#m', '#s', '#p', '%m', '%s', '%p', '=', '+', ';c', '-c', ';r', '-r', ';u', '-u',
  '*', '>', '^', '$', '&', '<', '\\',
]); // prettier-ignore

const PART_OF_SPEECH: Readonly<Record<WordnetSynsetType, WordnetPartOfSpeech>> = {
  n: 'noun',
  v: 'verb',
  a: 'adjective',
  s: 'adjective',
  r: 'adverb',
};

const OFFSET = /^\d{8}$/;
const LEX_FILENUM = /^\d{2}$/;
const HEX2 = /^[0-9a-f]{2}$/i;
const HEX1 = /^[0-9a-f]$/i;
const HEX4 = /^[0-9a-f]{4}$/i;
const DEC3 = /^\d{3}$/;
const DEC2 = /^\d{2}$/;
/** An adjective marker at the end of a word: `able(a)`, `galore(ip)`. */
const ADJECTIVE_MARKER = /\((a|p|ip)\)$/;

/** The shared empty list (most synsets have no frames, many no examples). */
const NONE: readonly never[] = Object.freeze([]);

/** The key of a type letter and an already checked 8-digit offset field. */
function keyOf(synsetType: WordnetSynsetType, offsetField: string): string {
  return (synsetType === 's' ? 'a' : synsetType) + offsetField;
}

/**
 * The synset key of a type letter and offset: the letter (`s` folded into `a`, as satellites
 * live in `data.adj`) and the 8-digit offset, e.g. `n02084071`.
 *
 * @param synsetType - the synset type letter.
 * @param offset - the byte offset.
 * @returns the key.
 */
export function synsetKey(synsetType: WordnetSynsetType, offset: number): string {
  return `${synsetType === 's' ? 'a' : synsetType}${String(offset).padStart(8, '0')}`;
}

/** A gloss split into definition and examples. */
export interface WordnetGloss {
  /** The text before the first `; "`, trimmed (the whole gloss when it has no such quote). */
  readonly definition: string;
  /** The quoted examples after the definition, without their quotes. */
  readonly examples: readonly string[];
}

/**
 * Splits a gloss into its definition (before the first `; "`) and its quoted examples.
 *
 * @param gloss - e.g. `not having the means; "unable to get to town"; "unable to pay"`.
 * @returns e.g. `{ definition: 'not having the means', examples: ['unable to get to town', 'unable to pay'] }`.
 */
export function splitGloss(gloss: string): WordnetGloss {
  const quote = gloss.indexOf('; "');
  if (quote < 0) return { definition: gloss.trim(), examples: NONE };
  const examples = [...gloss.slice(quote + 2).matchAll(/"([^"]*)"/g)].map((m) => m[1].trim());
  return { definition: gloss.slice(0, quote).trim(), examples: examples.filter((e) => e !== '') };
}

/**
 * A word field as a {@link WordnetWord}: underscores become spaces, an adjective marker
 * `(a)`, `(p)` or `(ip)` is removed and kept apart.
 *
 * @param field - e.g. `take_a_breath` or `able(a)`.
 * @param lexId - the word's `lex_id`.
 * @returns the word.
 */
export function parseWordField(field: string, lexId: number): WordnetWord {
  const marker = ADJECTIVE_MARKER.exec(field);
  const bare = marker ? field.slice(0, marker.index) : field;
  return {
    lemma: bare.replace(/_/g, ' '),
    lexId,
    marker: marker ? (marker[1] as 'a' | 'p' | 'ip') : undefined,
  };
}

/** A cursor over the space-separated fields before ` | `. */
class Fields {
  private next = 0;

  constructor(
    private readonly fields: readonly string[],
    private readonly origin: LineOrigin,
  ) {}

  /** Whether every field has been taken. */
  done(): boolean {
    return this.next >= this.fields.length;
  }

  /** The next field, which must match `pattern`; `what` names it in the error. */
  take(pattern: RegExp, what: string): string {
    if (this.done()) this.fail(`line ends before ${what} (field ${this.next + 1})`);
    const field = this.fields[this.next];
    if (!pattern.test(field))
      this.fail(`expected ${what}, found ${JSON.stringify(field)} (field ${this.next + 1})`);
    this.next++;
    return field;
  }

  /** Throws a DataError about this line. */
  fail(reason: string): never {
    throw new DataError(this.origin.file, this.origin.line, reason);
  }
}

function parseWords(fields: Fields): WordnetWord[] {
  const count = parseInt(fields.take(HEX2, 'w_cnt (2 hexadecimal digits)'), 16);
  if (count === 0) fields.fail('w_cnt is 0: a synset has at least one word');
  const words: WordnetWord[] = [];
  for (let i = 1; i <= count; i++) {
    const field = fields.take(/^\S+$/, `word ${i} of ${count}`);
    const lexId = parseInt(fields.take(HEX1, `lex_id of word ${i} (1 hexadecimal digit)`), 16);
    words.push(parseWordField(field, lexId));
  }
  return words;
}

function parsePointers(fields: Fields, wordCount: number): WordnetPointer[] {
  const count = parseInt(fields.take(DEC3, 'p_cnt (3 decimal digits)'), 10);
  const pointers: WordnetPointer[] = [];
  for (let i = 1; i <= count; i++) {
    const of = `of pointer ${i} of ${count}`;
    const symbol = fields.take(/^\S+$/, `the symbol ${of}`);
    if (!POINTER_SYMBOLS.has(symbol))
      fields.fail(`unknown pointer symbol ${JSON.stringify(symbol)} (pointer ${i} of ${count})`);
    const offsetField = fields.take(OFFSET, `the synset offset ${of} (8 digits)`);
    const pos = fields.take(/^[nvasr]$/, `the part of speech ${of} (n, v, a, s or r)`) as WordnetSynsetType;
    const sourceTarget = fields.take(HEX4, `source/target ${of} (4 hexadecimal digits)`);
    const sourceWord = parseInt(sourceTarget.slice(0, 2), 16);
    if (sourceWord > wordCount)
      fields.fail(`pointer ${i} starts at word ${sourceWord}, but the synset has ${wordCount}`);
    const targetWord = parseInt(sourceTarget.slice(2), 16);
    const offset = parseInt(offsetField, 10);
    pointers.push({ symbol, offset, pos, targetKey: keyOf(pos, offsetField), sourceWord, targetWord });
  }
  return pointers;
}

function parseFrames(
  fields: Fields,
  synsetType: WordnetSynsetType,
  wordCount: number,
): readonly WordnetVerbFrame[] {
  if (fields.done()) return NONE;
  if (synsetType !== 'v') fields.fail('unexpected fields after the pointers (only verbs have frames)');
  const count = parseInt(fields.take(DEC2, 'f_cnt (2 decimal digits)'), 10);
  const frames: WordnetVerbFrame[] = [];
  for (let i = 1; i <= count; i++) {
    fields.take(/^\+$/, `"+" opening frame ${i} of ${count}`);
    const frame = parseInt(fields.take(DEC2, `f_num of frame ${i} (2 decimal digits)`), 10);
    const word = parseInt(fields.take(HEX2, `w_num of frame ${i} (2 hexadecimal digits)`), 16);
    if (word > wordCount) fields.fail(`frame ${i} names word ${word}, but the synset has ${wordCount}`);
    frames.push({ frame, word });
  }
  if (!fields.done()) fields.fail(`unexpected fields after the ${count} verb frames`);
  return frames;
}

/**
 * Parses one synset line.
 *
 * @param text - the line, without its terminator.
 * @param origin - the file and line number, for errors.
 * @returns the synset.
 * @throws DataError naming the file, the line and the faulty field.
 *
 * @example
 * ```ts
 * parseSynsetLine('00002098 00 a 01 unable 0 001 ! 00001740 a 0101 | not able', { file: 'data.adj', line: 30 });
 * // { key: 'a00002098', lexname: 'adj.all', words: [{ lemma: 'unable', lexId: 0, marker: undefined }], ... }
 * ```
 */
export function parseSynsetLine(text: string, origin: LineOrigin): WordnetSynset {
  const bar = text.indexOf(' | ');
  if (bar < 0) throw new DataError(origin.file, origin.line, 'expected " | " before the gloss');
  const fields = new Fields(text.slice(0, bar).split(' '), origin);
  const offsetField = fields.take(OFFSET, 'synset_offset (8 digits)');
  const lexFilenum = parseInt(fields.take(LEX_FILENUM, 'lex_filenum (2 digits)'), 10);
  if (lexFilenum >= WORDNET_LEXNAMES.length)
    fields.fail(`lex_filenum ${lexFilenum} is not a lexicographer file (00-${WORDNET_LEXNAMES.length - 1})`);
  const synsetType = fields.take(/^[nvasr]$/, 'ss_type (n, v, a, s or r)') as WordnetSynsetType;
  const words = parseWords(fields);
  const pointers = parsePointers(fields, words.length);
  const frames = parseFrames(fields, synsetType, words.length);
  const gloss = text.slice(bar + 3).trimEnd();
  return {
    key: keyOf(synsetType, offsetField),
    offset: parseInt(offsetField, 10),
    lexFilenum,
    lexname: WORDNET_LEXNAMES[lexFilenum],
    synsetType,
    partOfSpeech: PART_OF_SPEECH[synsetType],
    words,
    pointers,
    frames,
    gloss,
    ...splitGloss(gloss),
  };
}
