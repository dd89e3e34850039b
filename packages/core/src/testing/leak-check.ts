/**
 * A tensor-leak check in the tfjs style: the number of live tensors must be the same before
 * and after the work (a training step, a save/load round trip, ...).
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs';

/** Thrown by {@link expectNoTensorLeak} and {@link expectClose}. */
export class AssertionFailure extends Error {
  /** @param message - what differed. */
  constructor(message: string) {
    super(message);
    this.name = 'AssertionFailure';
  }
}

/**
 * Runs `fn` (sync or async) and throws an {@link AssertionFailure} if it changed the number of
 * live tensors. The function must dispose what it creates, including what it returns.
 * Returns `fn`'s result.
 *
 * @param fn - the work to check.
 * @param label - names the work in the failure message.
 *
 * @example
 * ```ts
 * await expectNoTensorLeak(() => optimizer.minimize(loss, false, varList), 'one training step');
 * ```
 */
export async function expectNoTensorLeak<T>(fn: () => T | Promise<T>, label = 'the function'): Promise<T> {
  const before = tf.memory().numTensors;
  const result = await fn();
  const after = tf.memory().numTensors;
  if (after !== before) {
    const delta = after - before;
    throw new AssertionFailure(
      `${label} ${delta > 0 ? 'leaked' : 'freed'} ${Math.abs(delta)} tensor(s): ` +
        `${before} live before, ${after} after. Wrap the work in tf.tidy or dispose what it creates.`,
    );
  }
  return result;
}
