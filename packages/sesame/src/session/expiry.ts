/**
 * Expiry decisions, from the record and the clock only, never from the cookie (docs/architecture.md §1.4,
 * ASVS 5.0 V7.3.1 / V7.3.2).
 *
 * @module
 */
import type { SessionRecord } from '../store.js';

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
