/**
 * The "your sessions" view of one user's records: what {@link Session.list} shows, how
 * {@link Session.revoke} finds a target by handle, and which sessions the per-user limit ends.
 * Pure functions over records already loaded from the store.
 *
 * @module
 */
import { isBound } from '../device-bound/challenge.js';
import type { SessionRecord } from '../store.js';
import { sessionHandle } from './handle.js';

/** One entry of `Session.list()`. */
export interface SessionInfo {
  /** Keyed hash of the session id: safe to show and to send back to `Session.revoke()`. */
  handle: string;
  /** True for the session of the request that asked. */
  current: boolean;
  /** When the session was created (signed in), epoch ms. */
  createdMs: number;
  /** Last recorded activity, epoch ms (written at most once per `touchInterval`). */
  lastSeenMs: number;
  /** Last sign-in or re-authentication, epoch ms. */
  authenticatedMs: number | null;
  /** When it ends if unused, epoch ms. */
  idleExpiresMs: number;
  /** When it ends regardless of use, epoch ms. */
  absoluteExpiresMs: number;
  /** Client address seen at creation or the last write. */
  ip: string | null;
  /** `User-Agent` seen at creation or the last write. */
  userAgent: string | null;
  /**
   * Whether the session is bound to its device: the browser registered a key it cannot export
   * (Device Bound Session Credentials, the `deviceBound` option), so its cookies alone, copied
   * elsewhere, stop working.
   */
  deviceBound: boolean;
}

function isLive(record: SessionRecord, nowMs: number): boolean {
  return record.idleExpiresMs > nowMs && record.absoluteExpiresMs > nowMs;
}

/** The user's live sessions, most recently active first, with `current` marking this one. */
export function describeSessions(
  records: readonly SessionRecord[],
  current: SessionRecord,
  secrets: readonly Buffer[],
  nowMs: number,
): SessionInfo[] {
  return records
    .filter((r) => r.userId === current.userId && isLive(r, nowMs))
    .map((r) => {
      const self = r.id === current.id ? current : r;
      return {
        handle: sessionHandle(secrets, r.id),
        current: r.id === current.id,
        createdMs: self.createdMs,
        lastSeenMs: self.lastSeenMs,
        authenticatedMs: self.authenticatedMs,
        idleExpiresMs: self.idleExpiresMs,
        absoluteExpiresMs: self.absoluteExpiresMs,
        ip: self.meta.ip,
        userAgent: self.meta.userAgent,
        deviceBound: isBound(self.deviceBinding),
      };
    })
    .sort((a, b) => b.lastSeenMs - a.lastSeenMs);
}

/** The record of `userId` whose handle is `handle`; never another user's. */
export function findByHandle(
  records: readonly SessionRecord[],
  userId: string,
  handle: unknown,
  secrets: readonly Buffer[],
): SessionRecord | undefined {
  if (typeof handle !== 'string') return undefined;
  return records.find((r) => r.userId === userId && sessionHandle(secrets, r.id) === handle);
}

/**
 * The sessions to end when a user holds more than `limit`: those idle the longest, never
 * `keepId` (the one signing in now). Documented policy: README "sessions per user".
 */
export function sessionsToEvict(
  records: readonly SessionRecord[],
  limit: number,
  keepId: string,
): SessionRecord[] {
  if (records.length <= limit) return [];
  return records
    .filter((r) => r.id !== keepId)
    .sort((a, b) => a.lastSeenMs - b.lastSeenMs)
    .slice(0, records.length - limit);
}
