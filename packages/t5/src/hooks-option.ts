/**
 * The `hooks` option of the model's entry points.
 *
 * @packageDocumentation
 */
import { composeHooks, type BackboneHooks } from '@hyperprompt/core';

/** Hooks of one method, or of several, composed left to right. */
export type HooksOption = BackboneHooks | readonly BackboneHooks[];

/** Normalises the hooks option into one composed, shape-checked set (`{}` when absent). */
export function resolveHooks(hooks: HooksOption | undefined): BackboneHooks {
  if (hooks === undefined) return {};
  return composeHooks(Array.isArray(hooks) ? (hooks as readonly BackboneHooks[]) : [hooks as BackboneHooks]);
}
