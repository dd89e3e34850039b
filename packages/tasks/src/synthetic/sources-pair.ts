/**
 * Sentence-pair sources over scenes: paraphrase (MRPC-like), graded similarity (STS-B-like)
 * and the subject-match pair shared by two tasks with conflicting rules.
 *
 * @packageDocumentation
 */
import type { Rng } from '@hyperprompt/core';
import type { Lexicon } from './lexicon';
import {
  changeSlot,
  other,
  randomScene,
  realiseScene,
  type Scene,
  SCENE_SLOTS,
  slotPresent,
  type SurfaceOptions,
} from './scene';
import type { DrawContext, Fields, InputSource } from './source';

const FREE_SURFACE: SurfaceOptions = { passive: true, synonyms: true };

/** Two realisations of scenes, the second drawn again (a few times) if it equals the first. */
function realisePair(rng: Rng, lex: Lexicon, a: Scene, b: Scene, surface: SurfaceOptions): Fields {
  const sentence1 = realiseScene(rng, lex, a, surface);
  let sentence2 = realiseScene(rng, lex, b, surface);
  for (let tries = 0; tries < 8 && sentence2 === sentence1; tries++)
    sentence2 = realiseScene(rng, lex, b, surface);
  return { sentence1, sentence2 };
}

/** The scene with subject and object exchanged, when the object is a different animal. */
function swapRoles(scene: Scene): Scene | undefined {
  const { subject, object } = scene;
  if (object.kind !== 'animal' || JSON.stringify(subject) === JSON.stringify(object)) return undefined;
  return { ...scene, subject: object, object: subject };
}

/**
 * Paraphrase: two surface forms (voice, synonyms, place position, determiners) of one scene
 * (equivalent), or of a scene and a changed copy (not equivalent): one said slot given
 * another value, or subject and object exchanged (`the fox chases the owl` / `the fox is
 * chased by the owl`). Strata: 0 not equivalent, 1 equivalent.
 */
export const PARAPHRASE_SOURCE: InputSource = {
  id: 'paraphrase',
  strata: 2,
  draw({ rng, lex, config }: DrawContext, stratum: number): Fields {
    const a = randomScene(rng, lex, config.modifierRate);
    let b = a;
    if (stratum === 0) {
      const swapped = swapRoles(a);
      const slots = SCENE_SLOTS.filter((slot) => slotPresent(a, slot));
      const choice = rng.int(slots.length + (swapped ? 1 : 0));
      b = choice < slots.length ? changeSlot(rng, lex, a, slots[choice], false) : (swapped ?? a);
    }
    return realisePair(rng, lex, a, b, FREE_SURFACE);
  },
};

/** Number of levels of the similarity score: 0 to 8 agreeing slots. */
export const SIMILARITY_LEVELS = SCENE_SLOTS.length + 1;

/**
 * The similarity score of a stratum: `5 * agreeing slots / 8` (stratum `m` changes `m`
 * slots).
 *
 * @param stratum - the number of changed slots, in `[0, 8]`.
 * @returns the score in [0, 5].
 */
export function similarityScore(stratum: number): number {
  return (5 * (SCENE_SLOTS.length - stratum)) / SCENE_SLOTS.length;
}

/**
 * Similarity: a scene and a copy with `m` distinct slots changed (an optional slot may also
 * appear or disappear), both in free surface forms; the score is `5 * (8 - m) / 8`. Strata:
 * `m` in 0..8.
 */
export const SIMILARITY_SOURCE: InputSource = {
  id: 'similarity',
  strata: SIMILARITY_LEVELS,
  draw({ rng, lex, config }: DrawContext, stratum: number): Fields {
    const a = randomScene(rng, lex, config.modifierRate);
    const order = rng.permutation(SCENE_SLOTS.length);
    let b = a;
    for (let i = 0; i < stratum; i++) b = changeSlot(rng, lex, b, SCENE_SLOTS[order[i]], true);
    return realisePair(rng, lex, a, b, FREE_SURFACE);
  },
};

/**
 * Subject match: two independent scenes, active voice, whose subjects have the same colour
 * or not and are the same animal or not, independently. Strata: bit 0 = same colour,
 * bit 1 = same animal. `syn-color-match` labels by bit 0 and `syn-animal-match` by bit 1,
 * so the two tasks see the very same inputs and disagree on half of them.
 */
export const SUBJECT_MATCH_SOURCE: InputSource = {
  id: 'subject-match',
  strata: 4,
  draw({ rng, lex, config }: DrawContext, stratum: number): Fields {
    const a = randomScene(rng, lex, config.modifierRate);
    const b0 = randomScene(rng, lex, config.modifierRate);
    const sameColor = (stratum & 1) === 1;
    const sameAnimal = (stratum & 2) === 2;
    const subject = {
      ...b0.subject,
      color: sameColor ? a.subject.color : other(rng, lex.colors.length, a.subject.color),
      noun: sameAnimal ? a.subject.noun : other(rng, lex.animals.length, a.subject.noun),
    };
    return realisePair(rng, lex, a, { ...b0, subject }, { passive: false, synonyms: true });
  },
};
