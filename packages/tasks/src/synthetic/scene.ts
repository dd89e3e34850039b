/**
 * Scenes: the meaning behind most synthetic sentences. A scene is "a (sized, coloured)
 * animal does something to a (sized, coloured) animal or thing (somewhere)", stored as word
 * indices into the {@link Lexicon}; it is realised as text in several surface forms (active
 * or passive voice, place first or last, synonyms, `the`/`a`) that all mean the same. Tasks
 * compare scenes slot by slot, so the model must see through the surface form.
 *
 * @packageDocumentation
 */
import type { Rng } from '@hyperprompt/core';
import type { Lexicon } from './lexicon';

/** A noun phrase's meaning. */
export interface Entity {
  /** Whether the noun is an animal (`lexicon.animals`) or a thing (`lexicon.things`). */
  readonly kind: 'animal' | 'thing';
  /** Index of the noun in its list. */
  readonly noun: number;
  /** Index into `lexicon.sizes`, or `null` when no size is said. */
  readonly size: number | null;
  /** Index into `lexicon.colors`. */
  readonly color: number;
}

/** A scene's meaning: subject (an animal), verb, object, optional place. */
export interface Scene {
  /** Who acts (always an animal). */
  readonly subject: Entity;
  /** Index into `lexicon.verbs`. */
  readonly verb: number;
  /** What is acted on. */
  readonly object: Entity;
  /** Index into `lexicon.places`, or `null`. */
  readonly place: number | null;
}

/** The eight meaning slots of a scene, the unit of the similarity score. */
export const SCENE_SLOTS = [
  'subject.size',
  'subject.color',
  'subject.noun',
  'verb',
  'object.size',
  'object.color',
  'object.noun',
  'place',
] as const;

/** One of {@link SCENE_SLOTS}. */
export type SceneSlot = (typeof SCENE_SLOTS)[number];

/** A uniform element of a non-empty list. */
export function pick<T>(rng: Rng, list: readonly T[]): T {
  return list[rng.int(list.length)];
}

/** `true` with probability `p`. */
export function chance(rng: Rng, p: number): boolean {
  return rng.float() < p;
}

/** A uniform integer in `[0, n)` other than `current` (n ≥ 2). */
export function other(rng: Rng, n: number, current: number): number {
  const k = rng.int(n - 1);
  return k >= current ? k + 1 : k;
}

/** A random entity; `kind` fixed or drawn (animals and things equally likely). */
export function randomEntity(rng: Rng, lex: Lexicon, modifierRate: number, kind?: Entity['kind']): Entity {
  const k = kind ?? (chance(rng, 0.5) ? 'animal' : 'thing');
  const noun = rng.int(k === 'animal' ? lex.animals.length : lex.things.length);
  const size = chance(rng, modifierRate) ? rng.int(lex.sizes.length) : null;
  return { kind: k, noun, size, color: rng.int(lex.colors.length) };
}

/** A random scene: size and place each present with probability `modifierRate`. */
export function randomScene(rng: Rng, lex: Lexicon, modifierRate: number): Scene {
  const subject = randomEntity(rng, lex, modifierRate, 'animal');
  const verb = rng.int(lex.verbs.length);
  const object = randomEntity(rng, lex, modifierRate);
  const place = chance(rng, modifierRate) ? rng.int(lex.places.length) : null;
  return { subject, verb, object, place };
}

/** Whether a slot is said in the scene (sizes and the place are optional). */
export function slotPresent(scene: Scene, slot: SceneSlot): boolean {
  if (slot === 'subject.size') return scene.subject.size !== null;
  if (slot === 'object.size') return scene.object.size !== null;
  if (slot === 'place') return scene.place !== null;
  return true;
}

/** An optional index changed: a present value becomes another value or (if allowed) absent. */
function changeOptional(rng: Rng, n: number, value: number | null, allowPresence: boolean): number | null {
  if (value === null) return rng.int(n);
  if (allowPresence && rng.int(n) === 0) return null;
  return other(rng, n, value);
}

function changeEntity(rng: Rng, lex: Lexicon, e: Entity, part: string, allowPresence: boolean): Entity {
  if (part === 'size') return { ...e, size: changeOptional(rng, lex.sizes.length, e.size, allowPresence) };
  if (part === 'color') return { ...e, color: other(rng, lex.colors.length, e.color) };
  const animals = lex.animals.length;
  if (e.kind === 'animal' && part === 'subject') return { ...e, noun: other(rng, animals, e.noun) };
  // object noun: any other (kind, noun) pair, animals first then things
  const flat = other(rng, animals + lex.things.length, e.kind === 'animal' ? e.noun : animals + e.noun);
  return flat < animals
    ? { ...e, kind: 'animal', noun: flat }
    : { ...e, kind: 'thing', noun: flat - animals };
}

/**
 * The scene with one slot given a different value.
 *
 * @param allowPresence - whether an optional slot may appear or disappear (otherwise a
 *   present optional slot changes value; an absent one becomes present).
 */
export function changeSlot(
  rng: Rng,
  lex: Lexicon,
  scene: Scene,
  slot: SceneSlot,
  allowPresence = true,
): Scene {
  switch (slot) {
    case 'verb':
      return { ...scene, verb: other(rng, lex.verbs.length, scene.verb) };
    case 'place':
      return { ...scene, place: changeOptional(rng, lex.places.length, scene.place, allowPresence) };
    case 'subject.size':
    case 'subject.color':
    case 'subject.noun':
      return {
        ...scene,
        subject: changeEntity(
          rng,
          lex,
          scene.subject,
          slot === 'subject.noun' ? 'subject' : slot.slice(8),
          allowPresence,
        ),
      };
    default:
      return {
        ...scene,
        object: changeEntity(
          rng,
          lex,
          scene.object,
          slot === 'object.noun' ? 'object' : slot.slice(7),
          allowPresence,
        ),
      };
  }
}

/** Number of slots on which two scenes agree (absent equals absent). */
export function agreeingSlots(a: Scene, b: Scene): number {
  const sameEntity = (x: Entity, y: Entity): number =>
    (x.size === y.size ? 1 : 0) +
    (x.color === y.color ? 1 : 0) +
    (x.kind === y.kind && x.noun === y.noun ? 1 : 0);
  return (
    sameEntity(a.subject, b.subject) +
    (a.verb === b.verb ? 1 : 0) +
    sameEntity(a.object, b.object) +
    (a.place === b.place ? 1 : 0)
  );
}

/** Surface choices of {@link realiseScene}. */
export interface SurfaceOptions {
  /** Allow the passive voice (`the ball is chased by the fox`). */
  readonly passive: boolean;
  /** Allow synonyms of sizes and verbs (`large` for `big`, `pursues` for `chases`). */
  readonly synonyms: boolean;
}

/** A noun phrase: `the|a [size] color noun`, the size possibly as its synonym. */
export function nounPhrase(rng: Rng, lex: Lexicon, e: Entity, synonyms: boolean): string {
  const words = [chance(rng, 0.5) ? 'the' : 'a'];
  if (e.size !== null) {
    const size = lex.sizes[e.size];
    const synonym = lex.sizeSynonyms[size] as string | undefined;
    words.push(synonyms && synonym !== undefined && chance(rng, 0.5) ? synonym : size);
  }
  words.push(lex.colors[e.color], e.kind === 'animal' ? lex.animals[e.noun].singular : lex.things[e.noun]);
  return words.join(' ');
}

/**
 * One surface form of a scene, drawn at random: voice, place position, determiners and
 * synonyms vary; the meaning does not.
 */
export function realiseScene(rng: Rng, lex: Lexicon, scene: Scene, options: SurfaceOptions): string {
  const v = lex.verbs[scene.verb];
  const forms = options.synonyms && v.synonym !== undefined && chance(rng, 0.5) ? v.synonym : v;
  const subject = nounPhrase(rng, lex, scene.subject, options.synonyms);
  const object = nounPhrase(rng, lex, scene.object, options.synonyms);
  const clause =
    options.passive && chance(rng, 0.5)
      ? `${object} is ${forms.participle} by ${subject}`
      : `${subject} ${forms.third} ${object}`;
  if (scene.place === null) return clause;
  const place = `in the ${lex.places[scene.place]}`;
  return chance(rng, 0.25) ? `${place} ${clause}` : `${clause} ${place}`;
}
