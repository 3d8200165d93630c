/**
 * The seam between a {@link Session} and the engine that loaded it: the few functions a session
 * needs, handed in as plain data (CONTRIBUTING.md §4), so the session never holds the engine and
 * the two modules never import each other.
 *
 * @module
 */
import type { CookieChange } from '../cookie/serialize.js';
import type { AnonymousCsrf } from '../csrf/anonymous-token.js';
import type { RequestFacts } from '../http.js';
import type { DeviceBinding, SessionData, SessionRecord, SessionStore } from '../store.js';
import type { IssuedToken } from '../token/generate.js';
import type { SessionEventType } from './events.js';

/** What a session may do beyond its own record. Built once per engine, shared by every request. */
export interface SessionContext {
  /** The secrets as bytes, newest first: handles and CSRF tokens. */
  readonly secrets: readonly Buffer[];
  /** Tokens for forms shown to visitors without a stored session. */
  readonly anonymousCsrf: AnonymousCsrf;
  /** Sessions one user may hold; past it the longest idle end (docs/architecture.md §1.7). */
  readonly maxSessionsPerUser: number;
  /** The app's gate on storing anonymous sessions (`ERR_SESSION_LIMITED` when it refuses). */
  readonly beforeAnonymousCreate: ((facts: RequestFacts) => boolean | Promise<boolean>) | undefined;
  /** The injected clock, epoch ms. */
  now(): number;
  /** A store operation, already bounded by `storeTimeout` and typed on failure (§1.8). */
  store<R>(operation: string, run: (store: SessionStore) => Promise<R>): Promise<R>;
  /** A lifecycle event to `onEvent` and `NODE_DEBUG=sesame`, by handle only (§1.10). */
  emit(type: SessionEventType, id: string, userId: string | null, facts: RequestFacts, reason?: string): void;
  /** A new record for a new token, starting a new absolute lifetime at `nowMs`. */
  newRecord(
    token: IssuedToken,
    nowMs: number,
    userId: string | null,
    data: SessionData,
    facts: RequestFacts,
    persistent: boolean,
  ): SessionRecord;
  /** The cookie change that issues `token` for `record`. */
  issueCookie(token: IssuedToken, record: SessionRecord, facts: RequestFacts): CookieChange;
  /** The cookie change that clears the session cookie. */
  clearCookie(): CookieChange;
  /**
   * The device binding a new token's record starts with: a fresh registration offer for a
   * signed-in record when `deviceBound` is on, else `null`. Never the old record's key.
   */
  deviceBindingFor(userId: string | null, nowMs: number): DeviceBinding | null;
  /** The header that offers DBSC registration for a record whose offer is open, if any. */
  offerHeaders(record: SessionRecord): Readonly<Record<string, string>> | undefined;
}
