/**
 * The record a new token starts: a new absolute lifetime from now, no renewal history
 * (docs/architecture.md §1.4, §1.13).
 *
 * @module
 */
import type { RequestFacts } from '../http.js';
import type { DeviceBinding, SessionData, SessionRecord } from '../store.js';
import type { IssuedToken } from '../token/generate.js';

/** The timeouts a new record's expiries come from. */
export interface RecordTimeouts {
  readonly idleTimeoutMs: number;
  readonly absoluteTimeoutMs: number;
}

/** A new record for `token`, created at `nowMs`. */
export function newRecord(
  timeouts: RecordTimeouts,
  token: IssuedToken,
  nowMs: number,
  start: {
    userId: string | null;
    data: SessionData;
    facts: RequestFacts;
    persistent: boolean;
    deviceBinding: DeviceBinding | null;
  },
): SessionRecord {
  const absoluteExpiresMs = nowMs + timeouts.absoluteTimeoutMs;
  const { userId, facts } = start;
  return {
    id: token.id,
    secretHash: token.secretHash,
    userId,
    data: start.data,
    createdMs: nowMs,
    lastSeenMs: nowMs,
    idleExpiresMs: Math.min(nowMs + timeouts.idleTimeoutMs, absoluteExpiresMs),
    absoluteExpiresMs,
    authenticatedMs: userId === null ? null : nowMs,
    rotatedMs: nowMs,
    persistent: start.persistent,
    meta: { ip: facts.ip, userAgent: facts.userAgent },
    deviceBinding: start.deviceBinding,
    previousSecretHash: null,
    previousSecretExpiresMs: null,
  };
}
