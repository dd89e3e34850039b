/**
 * The roles source: one active-voice scene per input, `<subject> <verb> <object> [in the
 * <place>]`, drawn so that whether the subject's colour is warm and whether the object's
 * colour is warm are independent and balanced. `syn-subject-warm` and `syn-object-warm`
 * read the same inputs and ask about different noun phrases, so without a task signal a model
 * cannot answer both.
 *
 * @packageDocumentation
 */
import type { Rng } from '@hyperprompt/core';
import type { Lexicon } from './lexicon';
import { pick, randomEntity, realiseScene } from './scene';
import type { DrawContext, Fields, InputSource } from './source';

/**
 * The warm colours of the lexicon; every other colour counts as not warm. Every cap of
 * `maxWordsPerCategory` (at least 4: red, blue, green, yellow) keeps colours of both kinds.
 */
export const WARM_COLORS: readonly string[] = Object.freeze(['red', 'yellow', 'orange', 'pink', 'brown']);

/** Index (into `lex.colors`) of a colour that is warm or not, uniformly among those available. */
function colorIndex(rng: Rng, lex: Lexicon, warm: boolean): number {
  const candidates = lex.colors
    .map((color, i) => ({ i, warm: WARM_COLORS.includes(color) }))
    .filter((c) => c.warm === warm);
  return pick(rng, candidates).i;
}

/**
 * Active-voice scenes. Strata: bit 0 = the subject's colour is warm, bit 1 = the object's
 * colour is warm (each 50 %, independently).
 */
export const ROLES_SOURCE: InputSource = {
  id: 'roles',
  strata: 4,
  draw({ rng, lex, config }: DrawContext, stratum: number): Fields {
    const subject = {
      ...randomEntity(rng, lex, config.modifierRate, 'animal'),
      color: colorIndex(rng, lex, (stratum & 1) === 1),
    };
    const object = {
      ...randomEntity(rng, lex, config.modifierRate),
      color: colorIndex(rng, lex, (stratum & 2) === 2),
    };
    const place = rng.float() < config.modifierRate ? rng.int(lex.places.length) : null;
    const scene = { subject, verb: rng.int(lex.verbs.length), object, place };
    return { sentence: realiseScene(rng, lex, scene, { passive: false, synonyms: false }) };
  },
};
