/** Test-only assertion shared by the io specs. */
import { CheckpointError } from '../../errors';

/**
 * Asserts that `fn` throws a `CheckpointError` for `key` whose message matches `reason`
 * (and, when given, about `file`).
 */
export function expectCheckpointError(
  fn: () => unknown,
  key: string | undefined,
  reason: RegExp,
  file?: string,
): void {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(CheckpointError);
  if (file !== undefined) expect((error as CheckpointError).file).toBe(file);
  expect((error as CheckpointError).key).toBe(key);
  expect((error as CheckpointError).message).toMatch(reason);
}
