/**
 * Single-sentence sources: sentiment (SST-2-like) and acceptability (CoLA-like).
 *
 * @packageDocumentation
 */
import type { Rng } from '@hyperprompt/core';
import type { Lexicon } from './lexicon';
import { chance, nounPhrase, pick, randomEntity } from './scene';
import type { DrawContext, Fields, InputSource } from './source';

/** An optional `in the <place>` ending. */
function placeSuffix(rng: Rng, lex: Lexicon, modifierRate: number): string {
  return chance(rng, modifierRate) ? ` in the ${pick(rng, lex.places)}` : '';
}

/** One adjective phrase and its polarity after negation: `[not|never] [very] adjective`. */
function adjectivePhrase(rng: Rng, lex: Lexicon): { text: string; polarity: number } {
  const positive = chance(rng, 0.5);
  const negated = chance(rng, 0.3);
  const words: string[] = [];
  if (negated) words.push(pick(rng, lex.negators));
  if (chance(rng, 0.3)) words.push(pick(rng, lex.intensifiers));
  words.push(pick(rng, positive ? lex.positive : lex.negative));
  return { text: words.join(' '), polarity: (positive ? 1 : -1) * (negated ? -1 : 1) };
}

/**
 * Sentiment: `<noun phrase> is <phrase> (and|but <phrase>)* [in the <place>]` with an odd
 * number of adjective phrases; the label is the sign of the summed polarities, a negator
 * flipping its adjective. Strata: 0 negative, 1 positive.
 */
export const SENTIMENT_SOURCE: InputSource = {
  id: 'sentiment',
  strata: 2,
  draw({ rng, lex, config }: DrawContext, stratum: number): Fields {
    const odd = Array.from({ length: Math.ceil(config.maxClauses / 2) }, (_, i) => 2 * i + 1);
    for (;;) {
      const count = pick(rng, odd);
      const phrases = Array.from({ length: count }, () => adjectivePhrase(rng, lex));
      const sum = phrases.reduce((s, p) => s + p.polarity, 0);
      if ((sum > 0 ? 1 : 0) !== stratum) continue;
      const subject = nounPhrase(rng, lex, randomEntity(rng, lex, config.modifierRate, 'animal'), false);
      const body = phrases.map((p, i) =>
        i === 0 ? p.text : `${chance(rng, 0.5) ? 'and' : 'but'} ${p.text}`,
      );
      return { sentence: `${subject} is ${body.join(' ')}${placeSuffix(rng, lex, config.modifierRate)}` };
    }
  },
};

/** The four ways an unacceptable sentence is broken. */
const CORRUPTIONS = ['agreement', 'determiner', 'adjective-order', 'missing-verb'] as const;

/**
 * Acceptability: `<subject> <verb> <object> [in the <place>]` with a singular (`the|a`) or
 * plural (`the|two..nine`) subject and the agreeing verb form. An unacceptable sentence has
 * one corruption: broken subject-verb agreement, a determiner of the wrong number
 * (`a foxes`, `two fox`), the colour after the noun, or no verb. Strata: 0 unacceptable,
 * 1 acceptable.
 */
export const GRAMMAR_SOURCE: InputSource = {
  id: 'grammar',
  strata: 2,
  draw({ rng, lex, config }: DrawContext, stratum: number): Fields {
    const plural = chance(rng, 0.5);
    const animal = pick(rng, lex.animals);
    const size = chance(rng, config.modifierRate) ? pick(rng, lex.sizes) : undefined;
    const color = pick(rng, lex.colors);
    const verb = pick(rng, lex.verbs);
    const corruption = stratum === 0 ? pick(rng, CORRUPTIONS) : undefined;
    let determiner = plural
      ? chance(rng, 0.5)
        ? 'the'
        : pick(rng, lex.numbers)
      : chance(rng, 0.5)
        ? 'the'
        : 'a';
    let noun = plural ? animal.plural : animal.singular;
    if (corruption === 'determiner') {
      if (plural) determiner = 'a';
      else [determiner, noun] = [pick(rng, lex.numbers), animal.singular];
    }
    const modifiers = size === undefined ? [color] : [size, color];
    const subject =
      corruption === 'adjective-order'
        ? [determiner, noun, ...modifiers].join(' ')
        : [determiner, ...modifiers, noun].join(' ');
    const baseForm = corruption === 'agreement' ? !plural : plural; // plural subjects take the base form
    const verbWord = corruption === 'missing-verb' ? '' : ` ${baseForm ? verb.base : verb.third}`;
    const object = nounPhrase(rng, lex, randomEntity(rng, lex, config.modifierRate), false);
    return { sentence: `${subject}${verbWord} ${object}${placeSuffix(rng, lex, config.modifierRate)}` };
  },
};
