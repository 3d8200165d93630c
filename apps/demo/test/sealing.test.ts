/**
 * SESSION_KEYS (issue 15): the demo seals what it stores about a session (the IP address and the
 * user agent) in sessions.db, and still signs people in; a bad key stops it at startup.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { GOOD_PASSWORD, Visitor, uniqueUsername } from './support/http-client.js';
import { startDemo } from './support/start-demo.js';

describe('SESSION_KEYS', () => {
  it('seals the IP address and user agent in sessions.db; sign-in works as before', async () => {
    const demo = await startDemo({ env: { SESSION_KEYS: randomBytes(32).toString('base64url') } });
    try {
      const visitor = new Visitor(demo.url);
      await visitor.register(uniqueUsername(), GOOD_PASSWORD);
      expect((await visitor.get('/api/me')).status).toBe(200);
      const db = new Database(join(demo.dataDir, 'sessions.db'), { readonly: true });
      const rows = db.prepare('SELECT ip, user_agent FROM sesame_sessions').all() as {
        ip: string | null;
        user_agent: string | null;
      }[];
      db.close();
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        expect(row.ip).toMatch(/^sl1\./);
        expect(row.ip).not.toContain('127.0.0.1');
      }
    } finally {
      await demo.close();
    }
  });

  it('refuses a key that is not 32 bytes at startup', async () => {
    await expect(startDemo({ env: { SESSION_KEYS: 'too-short' } })).rejects.toThrow(
      /SESSION_KEYS|encryption\.keys/,
    );
  });
});
