/**
 * Redis TTLs of the store. The TTL is only the garbage collector: every read checks the record's
 * own times against the store's clock. So Redis keeps a key a grace period past the moment Sesame
 * stops accepting it, and a record is never gone from Redis while any app host (whose clock may be
 * a little behind) still counts it as alive, nor while a sweep that is due is still on its way.
 *
 * TTLs are durations from the store's clock (PEXPIRE), not instants (PEXPIREAT): the same when
 * clocks agree, and immune to skew between app hosts and Redis and to injected test clocks.
 *
 * @module
 */

/** How long Redis keeps a session key, or an index entry, after its expiry (RFC 5905 NTP keeps clocks far closer). */
export const EXPIRY_GRACE_MS = 60_000;

/** The TTL for something that expires at `expiresMs`, seen at `nowMs`: at least 1 ms. */
export function ttlMs(expiresMs: number, nowMs: number): number {
  return Math.max(Math.ceil(expiresMs - nowMs + EXPIRY_GRACE_MS), 1);
}

/**
 * How long a rotated session's successor id is kept (keys.ts, `r:{<id>}`): longer than any
 * deleteByUser can take, since the engine gives up on a store call after `storeTimeout`, at most
 * 60 s (config.ts).
 */
export const ROTATED_TTL_MS = 60_000;
