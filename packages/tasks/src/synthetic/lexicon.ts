/**
 * The words of the synthetic suite, by category. Every task draws from the same lexicon, so
 * what one task teaches about a word (that `fox` is an animal, that `red` is a colour, that
 * `not` flips what follows) helps the others. All words are lower-case and free of
 * punctuation, so that a whitespace word-level tokenizer covers them exactly.
 *
 * @packageDocumentation
 */

/** An animal noun with its plural. */
export interface AnimalWord {
  /** Singular, e.g. `fox`. */
  readonly singular: string;
  /** Plural, e.g. `foxes` (always different from the singular, so number is visible). */
  readonly plural: string;
}

/** A transitive verb with the forms the grammar needs. */
export interface VerbWord {
  /** Base form (plural subjects), e.g. `chase`. */
  readonly base: string;
  /** Third person singular, e.g. `chases`. */
  readonly third: string;
  /** Past participle (passive voice), e.g. `chased`. */
  readonly participle: string;
  /** A synonym with the same three forms, used by paraphrases; `undefined` when none. */
  readonly synonym?: Omit<VerbWord, 'synonym'>;
}

/** Every word list of the suite, before any `maxWordsPerCategory` cut. */
export interface Lexicon {
  /** Colour adjectives. */
  readonly colors: readonly string[];
  /** Size adjectives. */
  readonly sizes: readonly string[];
  /** Synonyms of some size adjectives, used by paraphrases (`big` → `large`). */
  readonly sizeSynonyms: Readonly<Record<string, string>>;
  /** Animals (subjects of scenes, entities of inference premises). */
  readonly animals: readonly AnimalWord[];
  /** Inanimate objects (objects of scenes). */
  readonly things: readonly string[];
  /** Transitive verbs. */
  readonly verbs: readonly VerbWord[];
  /** Places, used as `in the <place>`. */
  readonly places: readonly string[];
  /** Adjectives of positive sentiment. */
  readonly positive: readonly string[];
  /** Adjectives of negative sentiment. */
  readonly negative: readonly string[];
  /** Sentiment-neutral intensifiers (`very happy` is as positive as `happy`). */
  readonly intensifiers: readonly string[];
  /** Negators: each flips the polarity of the adjective it precedes. */
  readonly negators: readonly string[];
  /** Number words for plural subjects. */
  readonly numbers: readonly string[];
  /** Function words the templates use. */
  readonly functionWords: readonly string[];
}

const verb = (
  base: string,
  third: string,
  participle: string,
  synonym?: Omit<VerbWord, 'synonym'>,
): VerbWord => (synonym ? { base, third, participle, synonym } : { base, third, participle });

/** The full lexicon of the suite. */
export const LEXICON: Lexicon = {
  colors: [
    'red',
    'blue',
    'green',
    'yellow',
    'purple',
    'orange',
    'black',
    'white',
    'gray',
    'brown',
    'pink',
    'silver',
  ],
  sizes: ['big', 'small', 'huge', 'tiny', 'tall', 'short'],
  sizeSynonyms: { big: 'large', small: 'little', huge: 'giant' },
  animals: [
    ['cat', 'cats'],
    ['dog', 'dogs'],
    ['fox', 'foxes'],
    ['owl', 'owls'],
    ['bear', 'bears'],
    ['wolf', 'wolves'],
    ['horse', 'horses'],
    ['mouse', 'mice'],
    ['frog', 'frogs'],
    ['duck', 'ducks'],
    ['lion', 'lions'],
    ['tiger', 'tigers'],
    ['rabbit', 'rabbits'],
    ['goat', 'goats'],
    ['camel', 'camels'],
    ['snake', 'snakes'],
  ].map(([singular, plural]) => ({ singular, plural })),
  things: ['ball', 'box', 'ring', 'cube', 'stone', 'kite', 'cup', 'drum', 'hat', 'key', 'lamp', 'book'],
  verbs: [
    verb('chase', 'chases', 'chased', { base: 'pursue', third: 'pursues', participle: 'pursued' }),
    verb('see', 'sees', 'seen', { base: 'spot', third: 'spots', participle: 'spotted' }),
    verb('hold', 'holds', 'held', { base: 'grip', third: 'grips', participle: 'gripped' }),
    verb('help', 'helps', 'helped', { base: 'assist', third: 'assists', participle: 'assisted' }),
    verb('like', 'likes', 'liked'),
    verb('find', 'finds', 'found'),
    verb('push', 'pushes', 'pushed'),
    verb('follow', 'follows', 'followed'),
    verb('watch', 'watches', 'watched'),
    verb('carry', 'carries', 'carried'),
    verb('guard', 'guards', 'guarded'),
    verb('kick', 'kicks', 'kicked'),
  ],
  places: ['park', 'river', 'house', 'forest', 'hill', 'garden', 'lake', 'field', 'road', 'barn'],
  positive: [
    'happy',
    'kind',
    'brave',
    'calm',
    'clever',
    'gentle',
    'cheerful',
    'friendly',
    'lovely',
    'proud',
    'bright',
    'honest',
  ],
  negative: [
    'sad',
    'cruel',
    'lazy',
    'angry',
    'rude',
    'gloomy',
    'nasty',
    'grumpy',
    'mean',
    'selfish',
    'bitter',
    'scared',
  ],
  intensifiers: ['very', 'really', 'quite', 'rather'],
  negators: ['not', 'never'],
  numbers: ['two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'],
  functionWords: ['the', 'a', 'is', 'by', 'in', 'and', 'but'],
};

/**
 * The lexicon with each open category (colours, sizes, animals, things, verbs, places,
 * sentiment adjectives, numbers) cut to its first `maxWords` entries: a smaller vocabulary
 * makes an easier suite. Closed classes (function words, negators, intensifiers) are kept.
 *
 * @param maxWords - the cap per category (an integer, checked by the config).
 * @returns the cut lexicon.
 */
export function lexiconWithCap(maxWords: number): Lexicon {
  const cut = <T>(list: readonly T[]): readonly T[] => list.slice(0, maxWords);
  return {
    ...LEXICON,
    colors: cut(LEXICON.colors),
    sizes: cut(LEXICON.sizes),
    animals: cut(LEXICON.animals),
    things: cut(LEXICON.things),
    verbs: cut(LEXICON.verbs),
    places: cut(LEXICON.places),
    positive: cut(LEXICON.positive),
    negative: cut(LEXICON.negative),
    numbers: cut(LEXICON.numbers),
  };
}

/**
 * Every word the lexicon can produce (all forms and synonyms), unsorted.
 *
 * @param lexicon - the lexicon (the full one by default).
 * @returns the words.
 */
export function lexiconWords(lexicon: Lexicon = LEXICON): string[] {
  const verbForms = (v: Omit<VerbWord, 'synonym'>): string[] => [v.base, v.third, v.participle];
  return [
    ...lexicon.colors,
    ...lexicon.sizes,
    ...Object.values(lexicon.sizeSynonyms),
    ...lexicon.animals.flatMap((a) => [a.singular, a.plural]),
    ...lexicon.things,
    ...lexicon.verbs.flatMap((v) => [...verbForms(v), ...(v.synonym ? verbForms(v.synonym) : [])]),
    ...lexicon.places,
    ...lexicon.positive,
    ...lexicon.negative,
    ...lexicon.intensifiers,
    ...lexicon.negators,
    ...lexicon.numbers,
    ...lexicon.functionWords,
  ];
}
