/**
 * Expiry decisions, from the record and the clock only, never from the cookie (docs/architecture.md §1.4,
 * ASVS 5.0 V7.3.1 / V7.3.2).
 *
 * @module
 */
import type { SessionRecord, SessionTouch } from '../store.js';

/** Why a loaded record is no longer valid, or `null` when it is. */
export function expiryReason(record: SessionRecord, nowMs: number): 'idle' | 'absolute' | null {
  if (record.absoluteExpiresMs <= nowMs) return 'absolute';
  if (record.idleExpiresMs <= nowMs) return 'idle';
  return null;
}

/** The idle expiry after activity at `nowMs`: sliding, but never past the absolute limit. */
export function nextIdleExpiry(
  record: Pick<SessionRecord, 'absoluteExpiresMs'>,
  nowMs: number,
  idleTimeoutMs: number,
): number {
  return Math.min(nowMs + idleTimeoutMs, record.absoluteExpiresMs);
}

/**
 * Whether this request should write `lastSeen`: at most once per `touchIntervalMs` (docs/architecture.md §1.7),
 * and not when the idle expiry already sits at the absolute limit.
 */
export function isTouchDue(record: SessionRecord, nowMs: number, touchIntervalMs: number): boolean {
  return nowMs - record.lastSeenMs >= touchIntervalMs && record.idleExpiresMs < record.absoluteExpiresMs;
}

/** A touch a load owes ({@link dueTouch}). */
export interface DueTouch {
  readonly touch: SessionTouch;
  /**
   * Whether it may wait for the request's first write, or for the end of the response: only
   * while the session has more than a touch interval of idle time left. Nearer its idle end it is
   * written while loading, so a request in the last moments still keeps the session.
   */
  readonly deferrable: boolean;
}

/** The touch a load at `nowMs` owes ({@link isTouchDue}), or `null`. */
export function dueTouch(
  record: SessionRecord,
  nowMs: number,
  timing: { readonly touchIntervalMs: number; readonly idleTimeoutMs: number },
): DueTouch | null {
  if (!isTouchDue(record, nowMs, timing.touchIntervalMs)) return null;
  return {
    touch: { lastSeenMs: nowMs, idleExpiresMs: nextIdleExpiry(record, nowMs, timing.idleTimeoutMs) },
    deferrable: record.idleExpiresMs - nowMs > timing.touchIntervalMs,
  };
}
