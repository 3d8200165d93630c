/**
 * Every store call goes through here: bounded by `storeTimeout`, and any failure becomes a typed
 * error that adapters answer with 503 (DESIGN §1.8). Never "no session" by mistake: a request that
 * carried a cookie while the store was down fails closed.
 *
 * @module
 */
import { SesameError, isSesameError } from '../errors.js';
import type { StoreErrorReport } from './error-report.js';

/** Run one store operation under a deadline, translating failures to {@link SesameError}. */
export async function callStore<T>(
  operation: string,
  timeoutMs: number,
  report: StoreErrorReport,
  run: () => Promise<T>,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(
        new SesameError(
          'ERR_STORE_TIMEOUT',
          `Session store did not answer ${operation} within ${timeoutMs} ms.`,
        ),
      );
    }, timeoutMs);
  });
  try {
    return await Promise.race([run(), deadline]);
  } catch (cause) {
    const error = isSesameError(cause)
      ? cause
      : new SesameError('ERR_STORE_UNAVAILABLE', `Session store failed on ${operation}: ${describe(cause)}`, {
          cause,
        });
    report(error, operation);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
