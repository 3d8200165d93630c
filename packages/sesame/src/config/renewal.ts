/**
 * The periodic renewal options, `renewAfter` and `renewalGrace` (docs/architecture.md §1.13):
 * parsed once, and refused with a message that names what to change.
 *
 * @module
 */
import type { Duration } from '../duration.js';
import { duration, invalid } from './option-errors.js';

/** How long a token renewed away is still accepted when `renewalGrace` is not given. */
export const DEFAULT_RENEWAL_GRACE_MS = 30_000;

/** The least grace: requests already on their way when a token is renewed must still land. */
const MIN_RENEWAL_GRACE_MS = 1_000;

/** Periodic renewal as the engine runs it. */
export interface ResolvedRenewal {
  /** A token older than this (since sign-in, rotation or its last renewal) is renewed. */
  afterMs: number;
  /** How long the token it replaced keeps working. */
  graceMs: number;
}

/** The renewal options, or `null` when renewal is off (no `renewAfter`, the default). */
export function resolveRenewal(
  options: { renewAfter?: Duration | undefined; renewalGrace?: Duration | undefined },
  absoluteTimeoutMs: number,
): ResolvedRenewal | null {
  if (options.renewAfter === undefined) {
    if (options.renewalGrace !== undefined) {
      throw invalid(
        'Option renewalGrace applies only to periodic renewal: set renewAfter too (e.g. renewAfter: "15m"), or drop renewalGrace.',
      );
    }
    return null;
  }
  const afterMs = duration('renewAfter', options.renewAfter, 0);
  if (afterMs >= absoluteTimeoutMs) {
    throw invalid(
      `Option renewAfter (${afterMs} ms) must be shorter than absoluteTimeout (${absoluteTimeoutMs} ms): a session is never renewed past its lifetime.`,
    );
  }
  const given = options.renewalGrace !== undefined;
  const graceMs = duration('renewalGrace', options.renewalGrace, DEFAULT_RENEWAL_GRACE_MS);
  if (graceMs < MIN_RENEWAL_GRACE_MS) {
    throw invalid(
      `Option renewalGrace must be at least 1s, so that requests already on their way with the old token still succeed; got ${graceMs} ms.`,
    );
  }
  if (graceMs >= afterMs) {
    throw invalid(
      `Option renewalGrace (${graceMs} ms${given ? '' : ', the default'}) must be shorter than renewAfter (${afterMs} ms): lower renewalGrace or raise renewAfter.`,
    );
  }
  return { afterMs, graceMs };
}
