/**
 * How option parsing fails: `ERR_CONFIG_INVALID` for a malformed option, `ERR_CONFIG_INSECURE`
 * for a weakening that is refused (CONTRIBUTING.md §7), and durations parsed once, at startup
 * (§6).
 *
 * @module
 */
import type { Duration } from '../duration.js';
import { parseDuration } from '../duration.js';
import { SesameError } from '../errors.js';

/** A malformed option. */
export function invalid(message: string): SesameError {
  return new SesameError('ERR_CONFIG_INVALID', message);
}

/** An option that would weaken security where that is refused. */
export function insecure(message: string): SesameError {
  return new SesameError('ERR_CONFIG_INSECURE', message);
}

/** The option `name` in milliseconds, `fallbackMs` when it is not given. */
export function duration(name: string, value: Duration | undefined, fallbackMs: number): number {
  if (value === undefined) return fallbackMs;
  const ms = parseDuration(value);
  if (ms === null) {
    throw invalid(
      `Option ${name} must be a positive number of milliseconds or a string like "30m"; got ${JSON.stringify(value)}.`,
    );
  }
  return ms;
}
