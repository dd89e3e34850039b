/**
 * The seed-independent material of each task, by split: for the classification tasks one
 * labelled definition per synset, for the yes/no tasks one positive pair per synset (or per
 * antonym pair). Units are ordered by a stable hash of task and id, never by file order.
 *
 * @packageDocumentation
 */
import { WORDNET_POS_LABELS, type WordnetTaskName } from './task-info';
import type { WordnetDatabase } from './read';
import { antonymPair, wordnetRelations, type WordnetRelations } from './relations';
import { stableHash, WORDNET_SPLITS, wordnetSplitOf, type WordnetSplit } from './split';
import type { WordnetSynset } from './types';

/** A labelled definition (`wn-lexname`, `wn-pos`). */
export interface LabelUnit {
  /** Unique id within the task (the synset key). */
  readonly id: string;
  /** The normalised definition. */
  readonly definition: string;
  /** The class index into the task's label words. */
  readonly label: number;
}

/** A positive pair of a yes/no task. */
export interface PairUnit {
  /** Unique id within the task: the synset key, or `<key>#<word>|<key>#<word>` for antonyms. */
  readonly id: string;
  /** Part-of-speech letter of the synset the unit belongs to (`n`, `v`, `a`, `r`): its distractor pool. */
  readonly pos: string;
  /** The normalised first element (word1, or the word of `wn-defines`). */
  readonly first: string;
  /** The normalised second element (word2, or the definition of `wn-defines`). */
  readonly second: string;
}

/** The units of a task, split by synset hash, each split in hash order. */
export type TaskUnits<U> = Readonly<Record<WordnetSplit, readonly U[]>>;

/** Picks an element of a non-empty list by a hash of `label`. */
function pick<T>(items: readonly T[], label: string): T {
  return items[stableHash(label) % items.length];
}

/** Groups units by the split of their synset key and orders each split by hash of task and id. */
function bySplit<U extends { id: string }>(
  task: string,
  units: Iterable<[key: string, unit: U]>,
): TaskUnits<U> {
  const out = { train: [], validation: [], test: [] } as Record<WordnetSplit, [number, U][]>;
  for (const [key, unit] of units) out[wordnetSplitOf(key)].push([stableHash(`${task}/${unit.id}`), unit]);
  const ordered = {} as Record<WordnetSplit, readonly U[]>;
  for (const split of WORDNET_SPLITS) {
    const entries = out[split].sort(
      (x, y) => x[0] - y[0] || (x[1].id < y[1].id ? -1 : x[1].id > y[1].id ? 1 : 0),
    );
    ordered[split] = Object.freeze(entries.map((e) => e[1]));
  }
  return ordered;
}

function* labelUnits(
  relations: WordnetRelations,
  task: 'wn-lexname' | 'wn-pos',
): Generator<[string, LabelUnit]> {
  for (const synset of relations.database.synsets) {
    const definition = relations.definitionOf.get(synset.key) ?? '';
    if (definition === '') continue;
    const label = task === 'wn-lexname' ? synset.lexFilenum : WORDNET_POS_LABELS.indexOf(synset.partOfSpeech);
    yield [synset.key, { id: synset.key, definition, label }];
  }
}

/** word1 of a synset and the first word2 of its hypernyms (`@`, tried from a hashed start) that differs from it. */
function hypernymUnit(relations: WordnetRelations, synset: WordnetSynset): PairUnit | undefined {
  const words = relations.wordsOf.get(synset.key) ?? [];
  const hypernyms = synset.pointers.filter((p) => p.symbol === '@');
  if (words.length === 0 || hypernyms.length === 0) return undefined;
  const first = pick(words, `${synset.key}/word1`);
  const start = stableHash(`${synset.key}/pointer`) % hypernyms.length;
  for (let i = 0; i < hypernyms.length; i++) {
    const target = hypernyms[(start + i) % hypernyms.length].targetKey;
    const candidates = (relations.wordsOf.get(target) ?? []).filter((w) => w !== first);
    if (candidates.length > 0)
      return { id: synset.key, pos: synset.key[0], first, second: pick(candidates, `${synset.key}/word2`) };
  }
  return undefined;
}

function synonymUnit(relations: WordnetRelations, synset: WordnetSynset): PairUnit | undefined {
  const words = relations.wordsOf.get(synset.key) ?? [];
  if (words.length < 2) return undefined;
  const i = stableHash(`${synset.key}/word1`) % words.length;
  const j = (i + 1 + (stableHash(`${synset.key}/word2`) % (words.length - 1))) % words.length;
  return { id: synset.key, pos: synset.key[0], first: words[i], second: words[j] };
}

function* antonymUnits(relations: WordnetRelations): Generator<[string, PairUnit]> {
  const seen = new Set<string>();
  for (const synset of relations.database.synsets) {
    for (const pointer of synset.pointers) {
      const pair = antonymPair(relations.database, synset, pointer);
      if (pair === undefined || pair[0] === pair[1]) continue;
      const source = `${synset.key}#${pointer.sourceWord}`;
      const target = `${pointer.targetKey}#${pointer.targetWord}`;
      const id = source < target ? `${source}|${target}` : `${target}|${source}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const key = synset.key < pointer.targetKey ? synset.key : pointer.targetKey;
      // Orient by the ids (not by which direction the file lists first), then swap by hash.
      const canonical = source < target ? pair : ([pair[1], pair[0]] as const);
      const [first, second] = stableHash(`${id}/order`) % 2 === 0 ? canonical : [canonical[1], canonical[0]];
      yield [key, { id, pos: key[0], first, second }];
    }
  }
}

function* synsetPairUnits(
  relations: WordnetRelations,
  make: (relations: WordnetRelations, synset: WordnetSynset) => PairUnit | undefined,
): Generator<[string, PairUnit]> {
  for (const synset of relations.database.synsets) {
    const unit = make(relations, synset);
    if (unit) yield [synset.key, unit];
  }
}

function definesUnit(relations: WordnetRelations, synset: WordnetSynset): PairUnit | undefined {
  const words = relations.wordsOf.get(synset.key) ?? [];
  const definition = relations.definitionOf.get(synset.key) ?? '';
  if (words.length === 0 || definition === '') return undefined;
  return { id: synset.key, pos: synset.key[0], first: pick(words, `${synset.key}/word`), second: definition };
}

const labelCache = new WeakMap<WordnetDatabase, Map<string, TaskUnits<LabelUnit>>>();
const pairCache = new WeakMap<WordnetDatabase, Map<string, TaskUnits<PairUnit>>>();

function cached<U>(
  store: WeakMap<WordnetDatabase, Map<string, TaskUnits<U>>>,
  database: WordnetDatabase,
  task: string,
  build: () => TaskUnits<U>,
): TaskUnits<U> {
  let byTask = store.get(database);
  if (byTask === undefined) store.set(database, (byTask = new Map<string, TaskUnits<U>>()));
  let units = byTask.get(task);
  if (units === undefined) byTask.set(task, (units = build()));
  return units;
}

/**
 * The labelled definitions of `wn-lexname` or `wn-pos`, by split (cached per database).
 *
 * @param database - the parsed database.
 * @param task - the task.
 * @returns the units of each split, in hash order.
 */
export function labelUnitsOf(database: WordnetDatabase, task: 'wn-lexname' | 'wn-pos'): TaskUnits<LabelUnit> {
  return cached(labelCache, database, task, () =>
    bySplit(task, labelUnits(wordnetRelations(database), task)),
  );
}

/**
 * The positive pairs of a yes/no task, by split (cached per database).
 *
 * @param database - the parsed database.
 * @param task - a yes/no task.
 * @returns the units of each split, in hash order.
 */
export function pairUnitsOf(
  database: WordnetDatabase,
  task: Exclude<WordnetTaskName, 'wn-lexname' | 'wn-pos'>,
): TaskUnits<PairUnit> {
  return cached(pairCache, database, task, () => {
    const relations = wordnetRelations(database);
    const units =
      task === 'wn-antonym'
        ? antonymUnits(relations)
        : synsetPairUnits(
            relations,
            task === 'wn-hypernym' ? hypernymUnit : task === 'wn-synonym' ? synonymUnit : definesUnit,
          );
    return bySplit(task, units);
  });
}
