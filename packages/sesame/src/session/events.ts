/**
 * Lifecycle events for audit logs and metrics (docs/architecture.md §1.10). Events carry a keyed hash of the
 * session id, never the token or the id itself, so logs cannot be replayed into a session.
 *
 * @module
 */

/** What happened to a session. */
export type SessionEventType =
  | 'created'
  | 'login'
  | 'rotated'
  | 'touched'
  | 'logout'
  | 'revoked'
  | 'expired'
  | 'rejected'
  /**
   * With `encryption`: a stored record whose data or metadata did not open, so it reads as no
   * session. `reason` is `unknown-key` (sealed under a key no longer configured), `tampered` (a
   * value changed, or moved from another session or key) or `not-sealed` (stored without
   * sealing). Raised once the token's secret matched, in place of loading the session; `ip` is
   * `null` when `list()`, `revoke()` or the per-user limit met the record instead.
   */
  | 'unreadable'
  /**
   * With `renewAfter`: the session's token was renewed (a new secret, the same session). The old
   * one is still accepted for `renewalGrace` (docs/architecture.md §1.13).
   */
  | 'renewed'
  /**
   * With `renewAfter`: a token renewed away was presented after its grace. Either the user or
   * someone who copied the token holds the new one, and Sesame cannot tell which, so the session
   * is deleted (RFC 9700 §4.14.2, refresh token reuse) and both tokens stop working.
   */
  | 'token-reuse';

/** One lifecycle event. */
export interface SessionEvent {
  /** What happened. */
  type: SessionEventType;
  /** HMAC-SHA256 of the session id under the newest secret, base64url, 22 characters. */
  sessionHash: string;
  /** The session's user; `null` for an anonymous session or a refused token. */
  userId: string | null;
  /** When, in epoch milliseconds. */
  atMs: number;
  /**
   * Why, for `expired` (`idle` / `absolute`), `rejected` (`secret-mismatch`, `unknown-id`),
   * `revoked` and `unreadable` (`unknown-key`, `tampered`, `not-sealed`).
   */
  reason?: string;
  /** The client address of the request that caused the event, as the adapter saw it. */
  ip: string | null;
}

/** Receives events; exceptions it throws are logged and ignored. */
export type EventHandler = (event: SessionEvent) => void;
