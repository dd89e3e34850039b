/**
 * Test helpers of `@hyperprompt/core` (second entry point `@hyperprompt/core/testing`):
 * recording hooks, a tensor-leak check and a numeric closeness check. Framework-agnostic:
 * failures throw, so they work in jest, node:test or a script.
 *
 * @packageDocumentation
 */
export { recordingHooks, type HookCall, type HookRecorder } from './recording-hooks';
export { expectNoTensorLeak, AssertionFailure } from './leak-check';
export { expectClose, type CloseTolerance, type NumericLike } from './expect-close';
export { valueAndGrads } from './value-and-grads';
