/**
 * The three-way inference source (MNLI-like): a premise of one to `maxClauses` clauses, each
 * placing a distinct animal (`the big red fox is in the park`), and a one-attribute
 * hypothesis about an animal (`the fox is red`, `the fox is in the lake`).
 *
 * @packageDocumentation
 */
import type { Rng } from '@hyperprompt/core';
import type { Lexicon } from './lexicon';
import { chance, other, pick } from './scene';
import type { DrawContext, Fields, InputSource } from './source';

/** An attribute a hypothesis can state. */
type Attribute = 'size' | 'color' | 'place';

/** An animal of the premise; a `null` attribute is not said. */
interface Placed {
  readonly animal: number;
  readonly size: number | null;
  readonly color: number | null;
  readonly place: number;
}

/** A size word, as its synonym half of the time when it has one. */
function sizeWord(rng: Rng, lex: Lexicon, size: number): string {
  const word = lex.sizes[size];
  const synonym = lex.sizeSynonyms[word] as string | undefined;
  return synonym !== undefined && chance(rng, 0.5) ? synonym : word;
}

function clause(rng: Rng, lex: Lexicon, e: Placed): string {
  const words = [chance(rng, 0.5) ? 'the' : 'a'];
  if (e.size !== null) words.push(sizeWord(rng, lex, e.size));
  if (e.color !== null) words.push(lex.colors[e.color]);
  words.push(lex.animals[e.animal].singular, 'is in the', lex.places[e.place]);
  return words.join(' ');
}

/** Number of values of an attribute. */
function valueCount(lex: Lexicon, attribute: Attribute): number {
  return attribute === 'size'
    ? lex.sizes.length
    : attribute === 'color'
      ? lex.colors.length
      : lex.places.length;
}

function hypothesis(rng: Rng, lex: Lexicon, animal: number, attribute: Attribute, value: number): string {
  const subject = `the ${lex.animals[animal].singular} is`;
  if (attribute === 'size') return `${subject} ${sizeWord(rng, lex, value)}`;
  if (attribute === 'color') return `${subject} ${lex.colors[value]}`;
  return `${subject} in the ${lex.places[value]}`;
}

/**
 * Inference: entailment when the premise says the hypothesis's attribute of that animal with
 * the same value; contradiction when it says another value (an animal has one size, one
 * colour, one place); neutral when the animal is not in the premise or the premise does not
 * say that attribute. Strata: 0 entailment, 1 neutral, 2 contradiction.
 */
export const NLI_SOURCE: InputSource = {
  id: 'nli',
  strata: 3,
  draw({ rng, lex, config }: DrawContext, stratum: number): Fields {
    const count = 1 + rng.int(config.maxClauses);
    const animals = rng.permutation(lex.animals.length);
    const premise: Placed[] = Array.from({ length: count }, (_, i) => ({
      animal: animals[i],
      size: chance(rng, config.modifierRate) ? rng.int(lex.sizes.length) : null,
      color: chance(rng, config.modifierRate) ? rng.int(lex.colors.length) : null,
      place: rng.int(lex.places.length),
    }));
    const said: [Placed, Attribute][] = premise.flatMap((e) =>
      (['size', 'color', 'place'] as const)
        .filter((a) => e[a] !== null)
        .map((a): [Placed, Attribute] => [e, a]),
    );
    const unsaid: [Placed, Attribute][] = premise.flatMap((e) =>
      (['size', 'color'] as const).filter((a) => e[a] === null).map((a): [Placed, Attribute] => [e, a]),
    );
    let text: string;
    if (stratum !== 1) {
      const [e, attribute] = pick(rng, said);
      const value = e[attribute] as number;
      const stated = stratum === 0 ? value : other(rng, valueCount(lex, attribute), value);
      text = hypothesis(rng, lex, e.animal, attribute, stated);
    } else if (unsaid.length > 0 && chance(rng, 0.5)) {
      const [e, attribute] = pick(rng, unsaid);
      text = hypothesis(rng, lex, e.animal, attribute, rng.int(valueCount(lex, attribute)));
    } else {
      const absent = animals[count + rng.int(lex.animals.length - count)];
      const attribute = pick(rng, ['size', 'color', 'place'] as const);
      text = hypothesis(rng, lex, absent, attribute, rng.int(valueCount(lex, attribute)));
    }
    return { premise: premise.map((e) => clause(rng, lex, e)).join(' and '), hypothesis: text };
  },
};
