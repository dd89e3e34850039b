/**
 * Seeded initialisers, exported as the `initializers` namespace of `@hyperprompt/core`.
 *
 * @packageDocumentation
 */
export {
  normal,
  truncatedNormal,
  uniform,
  constant,
  zeros,
  ones,
  sampledRows,
  fromValues,
} from './initializers';
