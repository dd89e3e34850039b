/**
 * Word-level views of the parsed synsets that the relation tasks need: the normalised words
 * and definition of every synset, the synsets of every word, its transitive hypernyms, and
 * the antonym pairs. Built once per database and cached.
 *
 * Words are identified by their normalised text ({@link normalizeWordnetText}), the form a
 * model sees: `Dog` and `dog` are one word.
 *
 * @packageDocumentation
 */
import { normalizeWordnetText } from './normalize';
import type { WordnetDatabase } from './read';
import type { WordnetSynset } from './types';

/** The hypernym pointers followed for "is B a hypernym of A" (instance hypernyms included). */
const HYPERNYM_SYMBOLS: ReadonlySet<string> = new Set(['@', '@i']);

/** Word-level relations of a database. */
export interface WordnetRelations {
  /** The database. */
  readonly database: WordnetDatabase;
  /** The distinct normalised words of each synset, in file order, by synset key. */
  readonly wordsOf: ReadonlyMap<string, readonly string[]>;
  /** The normalised definition of each synset, by synset key (`''` when it has none). */
  readonly definitionOf: ReadonlyMap<string, string>;
  /** The keys of the synsets holding each normalised word, in database order. */
  readonly synsetsOfWord: ReadonlyMap<string, readonly string[]>;
  /** The hypernym (`@`) and instance hypernym (`@i`) targets of each synset that has any, by synset key. */
  readonly hypernymsOf: ReadonlyMap<string, readonly string[]>;
  /** `"<word a>\t<word b>"` for every antonym pointer `!` between two words, in both directions. */
  readonly antonymPairs: ReadonlySet<string>;
}

const cache = new WeakMap<WordnetDatabase, WordnetRelations>();

/** The distinct normalised words of a synset, in file order. */
function normalisedWords(synset: WordnetSynset): string[] {
  return [...new Set(synset.words.map((w) => normalizeWordnetText(w.lemma)))].filter((w) => w !== '');
}

/**
 * The word-level relations of a database (built once per database).
 *
 * @param database - the parsed database.
 * @returns the relations (shared; do not mutate).
 */
export function wordnetRelations(database: WordnetDatabase): WordnetRelations {
  const cached = cache.get(database);
  if (cached) return cached;
  const wordsOf = new Map<string, string[]>();
  const definitionOf = new Map<string, string>();
  const synsetsOfWord = new Map<string, string[]>();
  for (const synset of database.synsets) {
    const words = normalisedWords(synset);
    wordsOf.set(synset.key, words);
    definitionOf.set(synset.key, normalizeWordnetText(synset.definition));
    for (const word of words) {
      const keys = synsetsOfWord.get(word);
      if (keys) keys.push(synset.key);
      else synsetsOfWord.set(word, [synset.key]);
    }
  }
  const antonymPairs = new Set<string>();
  const hypernymsOf = new Map<string, string[]>();
  for (const synset of database.synsets) {
    for (const pointer of synset.pointers) {
      if (HYPERNYM_SYMBOLS.has(pointer.symbol)) {
        const targets = hypernymsOf.get(synset.key);
        if (targets) targets.push(pointer.targetKey);
        else hypernymsOf.set(synset.key, [pointer.targetKey]);
      }
      const pair = antonymPair(database, synset, pointer);
      if (pair) antonymPairs.add(`${pair[0]}\t${pair[1]}`).add(`${pair[1]}\t${pair[0]}`);
    }
  }
  const relations = { database, wordsOf, definitionOf, synsetsOfWord, hypernymsOf, antonymPairs };
  cache.set(database, relations);
  return relations;
}

/**
 * The two normalised words of an antonym pointer, `undefined` for any other pointer (or one
 * whose target is missing).
 *
 * @param database - the database.
 * @param synset - the synset holding the pointer.
 * @param pointer - one of its pointers.
 * @returns `[source word, target word]` or `undefined`.
 */
export function antonymPair(
  database: WordnetDatabase,
  synset: WordnetSynset,
  pointer: WordnetSynset['pointers'][number],
): [string, string] | undefined {
  if (pointer.symbol !== '!' || pointer.sourceWord === 0 || pointer.targetWord === 0) return undefined;
  const target = database.byKey.get(pointer.targetKey);
  const source = synset.words[pointer.sourceWord - 1] as WordnetSynset['words'][number] | undefined;
  const end = target?.words[pointer.targetWord - 1];
  if (source === undefined || end === undefined) return undefined;
  return [normalizeWordnetText(source.lemma), normalizeWordnetText(end.lemma)];
}

/**
 * The keys of every transitive hypernym (`@`, `@i`) of every synset of `word` (any part of
 * speech: `base` the verb has `drug` among the hypernyms of `base` the noun).
 *
 * @param relations - the relations.
 * @param word - a normalised word.
 * @returns the synset keys (empty when the word has no hypernyms).
 */
export function hypernymKeys(relations: WordnetRelations, word: string): Set<string> {
  const stack = [...(relations.synsetsOfWord.get(word) ?? [])];
  const ancestors = new Set<string>();
  while (stack.length > 0) {
    for (const target of relations.hypernymsOf.get(stack.pop() as string) ?? []) {
      if (ancestors.has(target)) continue;
      ancestors.add(target);
      stack.push(target);
    }
  }
  return ancestors;
}

/**
 * Whether `hypernym` names a transitive hypernym (`@`, `@i`) of some sense of `word`.
 *
 * @param relations - the relations.
 * @param word - a normalised word.
 * @param hypernym - another normalised word.
 * @param ancestors - {@link hypernymKeys} of `word`, when already computed.
 * @returns `true` when some synset holding `hypernym` is an ancestor of a synset of `word`.
 */
export function isHypernymWord(
  relations: WordnetRelations,
  word: string,
  hypernym: string,
  ancestors: ReadonlySet<string> = hypernymKeys(relations, word),
): boolean {
  return (relations.synsetsOfWord.get(hypernym) ?? []).some((key) => ancestors.has(key));
}

/**
 * Whether two normalised words share a synset (of any part of speech).
 *
 * @param relations - the relations.
 * @param a - a normalised word.
 * @param b - another.
 * @returns `true` when some synset holds both.
 */
export function shareSynset(relations: WordnetRelations, a: string, b: string): boolean {
  const keysOfB = new Set(relations.synsetsOfWord.get(b));
  return (relations.synsetsOfWord.get(a) ?? []).some((key) => keysOfB.has(key));
}

/**
 * Whether a normalised definition is the definition of some synset of a word.
 *
 * @param relations - the relations.
 * @param word - a normalised word.
 * @param definition - a normalised definition.
 * @returns `true` when the definition defines a sense of the word.
 */
export function definesWord(relations: WordnetRelations, word: string, definition: string): boolean {
  return (relations.synsetsOfWord.get(word) ?? []).some(
    (key) => relations.definitionOf.get(key) === definition,
  );
}
