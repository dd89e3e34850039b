/**
 * Normalises WordNet text for a word-level tokenizer (`@hyperprompt/t5`'s
 * `WordLevelTokenizer` lower-cases and splits on whitespace only, so `cat.` and `cat` would
 * be different words): lower-case, every character that is not a letter, mark, digit or
 * whitespace becomes a word of its own, runs of whitespace become one space.
 *
 * @packageDocumentation
 */

/** A character that is not a letter, combining mark, number or whitespace. */
const PUNCTUATION = /[^\p{L}\p{M}\p{N}\s]/gu;
/** ASCII letters and digits separated by single spaces: already normalised but for case. */
const PLAIN = /^[A-Za-z0-9]+(?: [A-Za-z0-9]+)*$/;

/**
 * Normalises a text.
 *
 * @param text - e.g. `(usually followed by \`to') having the know-how; "able to swim"`.
 * @returns e.g. `( usually followed by \` to ' ) having the know - how ; " able to swim "`.
 */
export function normalizeWordnetText(text: string): string {
  if (PLAIN.test(text)) return text.toLowerCase();
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(PUNCTUATION, (mark) => ` ${mark} `)
    .trim()
    .split(/\s+/)
    .join(' ');
}
