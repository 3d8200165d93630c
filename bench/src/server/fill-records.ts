/**
 * The sessions the bench puts straight into a store for scenario (d) and the scale test: each a
 * signed-in session of its own user, live for the whole run, shaped as the library writes them.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { SessionRecord } from 'sesame-session';
import { COOKIE_MAX_AGE_MS } from './express-session-app.js';

const IDLE_MS = 30 * 60_000;
const ABSOLUTE_MS = 12 * 3_600_000;

/** A Sesame record for fill number `index` (random id and hash: nobody can present its token). */
export function fillRecord(index: number, nowMs: number): SessionRecord {
  return {
    id: randomBytes(16).toString('base64url'),
    secretHash: randomBytes(32).toString('base64url'),
    userId: `fill-${index}`,
    data: { n: index },
    createdMs: nowMs,
    lastSeenMs: nowMs,
    idleExpiresMs: nowMs + IDLE_MS,
    absoluteExpiresMs: nowMs + ABSOLUTE_MS,
    authenticatedMs: nowMs,
    rotatedMs: nowMs,
    persistent: false,
    meta: { ip: '127.0.0.1', userAgent: 'sesame-bench fill' },
  };
}

/** An express-session session object as its Session/Cookie classes serialize one. */
export function fillLegacySession(
  index: number,
  nowMs: number,
): { sid: string; session: object; expiresMs: number } {
  const expiresMs = nowMs + COOKIE_MAX_AGE_MS;
  return {
    sid: randomBytes(24).toString('base64url'),
    expiresMs,
    session: {
      cookie: {
        originalMaxAge: COOKIE_MAX_AGE_MS,
        expires: new Date(expiresMs).toISOString(),
        secure: false,
        httpOnly: true,
        path: '/',
        sameSite: 'lax',
      },
      userId: `fill-${index}`,
      n: index,
    },
  };
}

/** Run `work(i)` for i in [from, to) with at most `width` in flight: bounded, and fast on pipelining clients. */
export async function inBatches(
  from: number,
  to: number,
  width: number,
  work: (index: number) => Promise<unknown>,
): Promise<void> {
  for (let start = from; start < to; start += width) {
    const end = Math.min(start + width, to);
    const batch: Promise<unknown>[] = [];
    for (let i = start; i < end; i += 1) batch.push(work(i));
    await Promise.all(batch);
  }
}
