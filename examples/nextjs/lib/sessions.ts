/**
 * One `Sessions` for the app. `next start` runs with NODE_ENV=production, where Sesame refuses
 * the memory store and a missing secret: sessions live in SQLite under ./data, and the secret
 * comes from SESSION_SECRET or, for this example only, a file made on first start.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createSessions, type Sessions } from 'sesame-session';
import { sqliteStore } from 'sesame-session/stores/sqlite';

mkdirSync('data', { recursive: true });

function exampleSecret(): string {
  try {
    writeFileSync('data/session-secret', randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
  } catch {
    // made by an earlier start: keep it, so sessions and CSRF tokens survive restarts
  }
  return readFileSync('data/session-secret', 'utf8');
}

// Next.js loads this module once for the pages and once for the route handlers, in one process:
// one instance for both, or the store would be opened twice (two SQLite handles, two sweeps).
const shared = globalThis as typeof globalThis & { sesameSessions?: Sessions };
export const sessions = (shared.sesameSessions ??= createSessions({
  store: sqliteStore({ path: 'data/sessions.db' }),
  secrets: process.env.SESSION_SECRET ?? exampleSecret(),
  // `next start` runs in production mode, where Sesame judges cross-site requests against the
  // configured public origin, never the Host header.
  origin: process.env.PUBLIC_ORIGIN ?? `http://localhost:${process.env.PORT ?? '3000'}`,
}));

// One built-in account. A real app stores an argon2id hash per user (see apps/demo).
const digest = (text: string) => createHash('sha256').update(text).digest();
export const checkPassword = (username: unknown, password: unknown): boolean =>
  username === 'alice' &&
  typeof password === 'string' &&
  timingSafeEqual(digest(password), digest('alice-password-123'));
