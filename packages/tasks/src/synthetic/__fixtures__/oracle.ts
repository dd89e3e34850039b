/**
 * Test helper: independent re-implementations of the labelling rules that read only the
 * generated text (never the generator's latent state), to check that every label follows
 * from its input.
 */
import { LEXICON } from '../lexicon';

const animals = new Set(LEXICON.animals.map((a) => a.singular));
const plurals = new Set(LEXICON.animals.map((a) => a.plural));
const things = new Set(LEXICON.things);
const colors = new Set(LEXICON.colors);
const sizeCanon = new Map<string, string>([
  ...LEXICON.sizes.map((s): [string, string] => [s, s]),
  ...Object.entries(LEXICON.sizeSynonyms).map(([s, syn]): [string, string] => [syn, s]),
]);
const verbCanon = new Map<string, string>();
for (const v of LEXICON.verbs) {
  for (const form of [v.third, v.participle]) verbCanon.set(form, v.base);
  if (v.synonym) for (const form of [v.synonym.third, v.synonym.participle]) verbCanon.set(form, v.base);
}

/** The fields of an input (`key: value` pairs), prefix dropped. */
export function parseFields(input: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /(\w+): (.*?)(?= \w+: |$)/g;
  for (const m of input.matchAll(re)) out[m[1]] = m[2];
  return out;
}

interface NP {
  size: string | null;
  color: string;
  noun: string;
}

function parseNP(words: string[]): NP {
  if (words[0] !== 'the' && words[0] !== 'a') throw new Error(`no determiner: ${words.join(' ')}`);
  const rest = words.slice(1);
  const noun = rest[rest.length - 1];
  if (!animals.has(noun) && !things.has(noun)) throw new Error(`no noun: ${words.join(' ')}`);
  const color = rest[rest.length - 2];
  if (!colors.has(color)) throw new Error(`no colour: ${words.join(' ')}`);
  const size = rest.length === 3 ? (sizeCanon.get(rest[0]) ?? null) : null;
  return { size, color, noun };
}

/** A scene's meaning as a canonical string per slot (8 slots). */
export function parseScene(sentence: string): string[] {
  let words = sentence.split(' ');
  let place = 'none';
  if (words[0] === 'in') [place, words] = [words[2], words.slice(3)];
  else if (words[words.length - 3] === 'in') [place, words] = [words[words.length - 1], words.slice(0, -3)];
  const by = words.indexOf('by');
  let subject: NP;
  let object: NP;
  let verb: string | undefined;
  if (by >= 0) {
    object = parseNP(words.slice(0, by - 2));
    verb = verbCanon.get(words[by - 1]);
    subject = parseNP(words.slice(by + 1));
  } else {
    const v = words.findIndex((w) => verbCanon.has(w));
    subject = parseNP(words.slice(0, v));
    verb = verbCanon.get(words[v]);
    object = parseNP(words.slice(v + 1));
  }
  if (verb === undefined) throw new Error(`no verb: ${sentence}`);
  const np = (e: NP): string[] => [e.size ?? 'none', e.color, e.noun];
  return [...np(subject), verb, ...np(object), place];
}

/** Number of slots two scene sentences agree on. */
export function agreeing(a: string, b: string): number {
  const x = parseScene(a);
  const y = parseScene(b);
  return x.filter((v, i) => v === y[i]).length;
}

/** Sentiment label from the sentence: sign of the summed, negation-flipped polarities. */
export function sentimentLabel(sentence: string): number {
  const words = sentence.split(' ');
  let sum = 0;
  let negated = false;
  for (const w of words) {
    if (LEXICON.negators.includes(w)) negated = true;
    else if (LEXICON.positive.includes(w) || LEXICON.negative.includes(w)) {
      sum += (LEXICON.positive.includes(w) ? 1 : -1) * (negated ? -1 : 1);
      negated = false;
    }
  }
  return sum > 0 ? 1 : 0;
}

/** Acceptability from the sentence, by the grammar's rules. */
export function grammarLabel(sentence: string): number {
  const words = sentence.split(' ');
  const v = words.findIndex((w) => LEXICON.verbs.some((verb) => verb.base === w || verb.third === w));
  if (v < 0) return 0; // missing verb
  const subject = words.slice(0, v);
  const noun = subject[subject.length - 1];
  const isPlural = plurals.has(noun);
  if (!isPlural && !animals.has(noun)) return 0; // adjective after the noun
  if (!colors.has(subject[subject.length - 2])) return 0;
  const det = subject[0];
  if (isPlural ? det === 'a' : LEXICON.numbers.includes(det)) return 0;
  const base = LEXICON.verbs.some((verb) => verb.base === words[v]);
  return base === isPlural ? 1 : 0;
}

/** The NLI label from premise and hypothesis. */
export function nliLabel(premise: string, hypothesis: string): number {
  const facts = new Map<string, Record<string, string>>();
  for (const clause of premise.split(' and ')) {
    const words = clause.split(' ');
    const isAt = words.indexOf('is');
    const np = words.slice(1, isAt);
    const animal = np[np.length - 1];
    const attrs: Record<string, string> = { place: words[words.length - 1] };
    for (const w of np.slice(0, -1)) attrs[colors.has(w) ? 'color' : 'size'] = sizeCanon.get(w) ?? w;
    facts.set(animal, attrs);
  }
  const h = hypothesis.split(' ');
  const animal = h[1];
  const last = h[h.length - 1];
  const [attr, value] = h[3] === 'in' ? ['place', last] : colors.has(last) ? ['color', last] : ['size', sizeCanon.get(last) ?? last];
  const stated = facts.get(animal)?.[attr];
  if (stated === undefined) return 1;
  return stated === value ? 0 : 2;
}

/** The subject (colour, animal) of an active-voice scene sentence. */
export function subjectOf(sentence: string): { color: string; animal: string } {
  const [, color, animal] = parseScene(sentence);
  return { color, animal };
}
