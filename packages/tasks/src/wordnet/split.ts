/**
 * Deterministic train / validation / test assignment of synsets by a stable hash of their
 * key, so a synset lands in the same split whatever the file order, the task, or which other
 * tasks are generated: every task's evaluation synsets are unseen by every task's training.
 *
 * @packageDocumentation
 */
/** The splits of every WordNet task. */
export const WORDNET_SPLITS = Object.freeze(['train', 'validation', 'test'] as const);

/** One of {@link WORDNET_SPLITS}. */
export type WordnetSplit = (typeof WORDNET_SPLITS)[number];

/** Share of the synsets in train and validation (the rest, 10 %, is test). */
export const WORDNET_SPLIT_SHARES: Readonly<Record<WordnetSplit, number>> = Object.freeze({
  train: 0.8,
  validation: 0.1,
  test: 0.1,
});

/**
 * `Math.imul`, looked up once: under jest's `vm` contexts every `Math.imul` lookup goes
 * through the global object and the hash runs 50 times slower.
 */
const imul = Math.imul;

/**
 * A well-mixed 32-bit hash of a string: FNV-1a over its UTF-16 code units (the same as
 * core's `hashString`) followed by MurmurHash3's finaliser, so that nearby keys spread over
 * the whole range.
 *
 * @param text - any string.
 * @returns an unsigned 32-bit integer.
 */
export function stableHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = imul(h ^ text.charCodeAt(i), 0x01000193);
  h = imul(h ^ (h >>> 16), 0x85ebca6b);
  h = imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * The split of a synset: `stableHash(key) / 2^32` below 0.8 is train, below 0.9
 * validation, the rest test.
 *
 * @param key - a synset key (part-of-speech letter and offset), e.g. `n02084071`.
 * @returns the split.
 */
export function wordnetSplitOf(key: string): WordnetSplit {
  const unit = stableHash(key) / 0x100000000;
  if (unit < WORDNET_SPLIT_SHARES.train) return 'train';
  return unit < WORDNET_SPLIT_SHARES.train + WORDNET_SPLIT_SHARES.validation ? 'validation' : 'test';
}
