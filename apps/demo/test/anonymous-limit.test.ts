/**
 * The demo's bound on anonymous sessions per client (issue 10): what Sesame's
 * `beforeAnonymousCreate` asks before storing a session for a visitor who is not signed in.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DEFAULT_THROTTLE_LIMITS, loginThrottle } from '../src/throttle.js';

describe('anonymous sessions per client', () => {
  it('allows the limit, then says how long to wait; other clients are not affected', async () => {
    const db = new Database(':memory:');
    const throttle = await loginThrottle(db, { ...DEFAULT_THROTTLE_LIMITS, anonymousSessions: 2 });
    try {
      expect(await throttle.anonymousSession('ip4:203.0.113.9')).toBeNull();
      expect(await throttle.anonymousSession('ip4:203.0.113.9')).toBeNull();
      const refused = await throttle.anonymousSession('ip4:203.0.113.9');
      expect(refused?.retryAfterMs).toBeGreaterThan(0);
      expect(refused?.retryAfterMs).toBeLessThanOrEqual(15 * 60_000);
      expect(await throttle.anonymousSession('ip4:198.51.100.7')).toBeNull();
    } finally {
      throttle.close();
      db.close();
    }
  });
});
