/**
 * The parsed form of a WordNet `data.*` synset line (see WordNet's `wndb(5WN)` manual page).
 *
 * A line reads (fields separated by single spaces; `w_cnt` and `lex_id` are hexadecimal,
 * `p_cnt` and `f_cnt` decimal):
 * `synset_offset lex_filenum ss_type w_cnt word lex_id [word lex_id ...] p_cnt
 * [pointer_symbol synset_offset pos source/target ...] [f_cnt + f_num w_num ...] | gloss`,
 * e.g. `00002098 00 a 01 unable 0 002 = 05207437 n 0000 ! 00001740 a 0101 | not having ...`.
 *
 * @packageDocumentation
 */
import type { WordnetLexname } from './lexnames';

/**
 * The synset type letter of a data line: `n` noun, `v` verb, `a` adjective (head), `s`
 * adjective satellite, `r` adverb.
 */
export type WordnetSynsetType = 'n' | 'v' | 'a' | 's' | 'r';

/** Part of speech in words, satellites counted as adjectives (the `wn-pos` labels). */
export type WordnetPartOfSpeech = 'noun' | 'verb' | 'adjective' | 'adverb';

/** One word (lemma) of a synset. */
export interface WordnetWord {
  /**
   * The lemma as WordNet spells it, underscores turned into spaces and the adjective
   * marker removed, case kept: `take a breath`, `Aristotle`.
   */
  readonly lemma: string;
  /** `lex_id` (one hexadecimal digit): tells senses of the lemma apart in its lexicographer file. */
  readonly lexId: number;
  /**
   * Syntactic marker of an adjective (`able(a)` -> `a`): `a` prenominal, `p` predicate, `ip`
   * immediately postnominal; `undefined` when absent.
   */
  readonly marker: 'a' | 'p' | 'ip' | undefined;
}

/** One pointer (relation) from a synset or one of its words to another synset or word. */
export interface WordnetPointer {
  /** The pointer symbol: `@` hypernym, `~` hyponym, `!` antonym, `&` similar to, ... */
  readonly symbol: string;
  /** Byte offset of the target synset in its data file. */
  readonly offset: number;
  /** Synset type letter of the target (`n`, `v`, `a`, `r`; `s` is accepted as `a`). */
  readonly pos: WordnetSynsetType;
  /** {@link WordnetSynset.key} of the target, e.g. `n05207437`. */
  readonly targetKey: string;
  /** 1-based index of the source word in this synset; 0 for a semantic (whole-synset) pointer. */
  readonly sourceWord: number;
  /** 1-based index of the target word in the target synset; 0 for a semantic pointer. */
  readonly targetWord: number;
}

/** One generic verb frame (`+ f_num w_num`) of a verb synset. */
export interface WordnetVerbFrame {
  /** Frame number (1-35, e.g. 8 = `Somebody ----s something`). */
  readonly frame: number;
  /** 1-based index of the word it applies to; 0 when it applies to every word. */
  readonly word: number;
}

/** One parsed synset. */
export interface WordnetSynset {
  /**
   * Identity of the synset: the data file's letter (`s` folded into `a`) followed by the
   * 8-digit offset, e.g. `n02084071`. Pointers name their targets with the same key.
   */
  readonly key: string;
  /** Byte offset of the line in its data file (the `synset_offset` field). */
  readonly offset: number;
  /** `lex_filenum`: index into {@link WORDNET_LEXNAMES}. */
  readonly lexFilenum: number;
  /** The lexicographer file name of `lexFilenum`, e.g. `noun.animal`. */
  readonly lexname: WordnetLexname;
  /** The synset type letter (`ss_type`). */
  readonly synsetType: WordnetSynsetType;
  /** Part of speech in words (satellites are adjectives). */
  readonly partOfSpeech: WordnetPartOfSpeech;
  /** The words, in file order (the first is usually the most frequent). */
  readonly words: readonly WordnetWord[];
  /** The pointers, in file order. */
  readonly pointers: readonly WordnetPointer[];
  /** Generic verb frames (verbs only; empty otherwise). */
  readonly frames: readonly WordnetVerbFrame[];
  /** The whole gloss after ` | `, trailing spaces removed. */
  readonly gloss: string;
  /**
   * The definition: the gloss before the first `; "` (the first example quote), trimmed;
   * the whole gloss when it has no such quote.
   */
  readonly definition: string;
  /** The quoted examples after the definition, without their quotes, in order. */
  readonly examples: readonly string[];
}
