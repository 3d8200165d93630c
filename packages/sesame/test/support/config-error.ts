/**
 * The assertion the option-checking tests share: `run` throws a `SesameError` with
 * `ERR_CONFIG_INVALID` whose message matches `pattern` (a misconfiguration is refused at start-up,
 * with a message naming the option).
 */
import { expect } from 'vitest';
import { SesameError } from '../../src/errors.js';

export function expectConfigError(run: () => unknown, pattern: RegExp): void {
  let error: unknown;
  try {
    run();
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(SesameError);
  expect(error).toMatchObject({
    code: 'ERR_CONFIG_INVALID',
    message: expect.stringMatching(pattern) as string,
  });
}
