/**
 * Store failures are logged, but not one line per request: during an outage the request rate
 * would become the log rate. The first failure is logged at once; later ones at most once per
 * interval, with how many were folded into that line.
 *
 * @module
 */
import { inspect } from 'node:util';
import type { Clock } from '../clock.js';
import type { Logger } from '../config.js';
import type { SesameError } from '../errors.js';

/** Receives each store failure as it happens. */
export type StoreErrorReport = (error: SesameError, operation: string) => void;

/** A reporter that logs through `logger` at most once per `intervalMs`. */
export function throttledStoreErrors(logger: Logger, clock: Clock, intervalMs = 10_000): StoreErrorReport {
  let lastLoggedMs = -Infinity;
  let folded = 0;
  return (error, operation) => {
    const nowMs = clock.now();
    if (nowMs - lastLoggedMs < intervalMs) {
      folded += 1;
      return;
    }
    lastLoggedMs = nowMs;
    const more = folded > 0 ? ` (and ${folded} more store failures since the last report)` : '';
    folded = 0;
    logger.error(`sesame: ${error.message}${causeOf(error)}${more}`, { code: error.code, operation });
  };
}

/** The driver's own message, which the error's message leaves out for the client's sake. */
function causeOf(error: SesameError): string {
  const cause: unknown = error.cause;
  if (cause === undefined || cause === null) return '';
  return `: ${cause instanceof Error ? cause.message : inspect(cause)}`;
}
