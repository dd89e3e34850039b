/**
 * The internal contract between the suite builder and the task generators: an input source
 * draws the fields of one example for a given stratum (the latent class it must realise),
 * and a task maps strata to labels. Tasks that name the same source share their inputs.
 *
 * @packageDocumentation
 */
import type { Rng } from '@hyperprompt/core';
import type { SyntheticSuiteConfig } from './config';
import type { Lexicon } from './lexicon';

/** What a source draws with. */
export interface DrawContext {
  /** The generator of this source and split. */
  readonly rng: Rng;
  /** The lexicon, cut to `maxWordsPerCategory`. */
  readonly lex: Lexicon;
  /** The suite configuration (difficulty knobs). */
  readonly config: SyntheticSuiteConfig;
}

/** The fields of one input, by feature key (e.g. `sentence1`). */
export type Fields = Readonly<Record<string, string>>;

/** A generator of inputs. */
export interface InputSource {
  /** Identifier, used to derive the source's random streams; shared inputs share it. */
  readonly id: string;
  /**
   * Number of strata. Each split cycles through all strata in shuffled blocks, so every
   * prefix of a split is balanced over strata to within one example.
   */
  readonly strata: number;
  /**
   * Draws the fields of an input realising `stratum`.
   *
   * @param ctx - generator, lexicon, configuration.
   * @param stratum - in `[0, strata)`.
   */
  readonly draw: (ctx: DrawContext, stratum: number) => Fields;
}
