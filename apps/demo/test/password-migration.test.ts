/**
 * Legacy bcrypt hashes (users of the bcrypt tutorial app) and argon2id hashes made with older
 * parameters are accepted once and replaced at that sign-in (OWASP Password Storage Cheat
 * Sheet, "Upgrading legacy hashes").
 */
import { hash } from '@node-rs/argon2';
import bcrypt from 'bcryptjs';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARGON2_PARAMETERS } from '../src/passwords/hash.js';
import { GOOD_PASSWORD, Visitor, uniqueUsername } from './support/http-client.js';
import type { RunningDemo } from './support/start-demo.js';
import { startDemo } from './support/start-demo.js';

let demo: RunningDemo;
let db: Database.Database;
beforeAll(async () => {
  demo = await startDemo();
  db = new Database(join(demo.dataDir, 'users.db'));
});
afterAll(async () => {
  db.close();
  await demo.close();
});

function insertUser(username: string, passwordHash: string): void {
  db.prepare(
    'INSERT INTO users (id, username, password_hash, created_ms, password_changed_ms) VALUES (?, ?, ?, ?, ?)',
  ).run(randomUUID(), username, passwordHash, Date.now(), Date.now());
}

function storedHash(username: string): string {
  return (
    db.prepare('SELECT password_hash FROM users WHERE username = ?').get(username) as {
      password_hash: string;
    }
  ).password_hash;
}

describe('hash migration', () => {
  it('accepts a bcrypt hash from the old app and replaces it with argon2id', async () => {
    const username = uniqueUsername('legacy');
    // The tutorial stored bcrypt with cost 10; a short legacy password must still work.
    insertUser(username, await bcrypt.hash('hunter2-legacy', 10));
    const wrong = await new Visitor(demo.url).login(username, 'not-the-password');
    expect(wrong.status).toBe(401);
    expect(storedHash(username)).toMatch(/^\$2[aby]\$10\$/);

    const visitor = new Visitor(demo.url);
    expect((await visitor.login(username, 'hunter2-legacy')).status).toBe(303);
    const upgraded = storedHash(username);
    expect(upgraded).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    await visitor.post('/logout', { _csrf: await visitor.csrfFrom('/account') });
    expect((await visitor.login(username, 'hunter2-legacy')).status).toBe(303);
    expect(storedHash(username)).toBe(upgraded);
  });

  it('rehashes an argon2id hash made with older parameters', async () => {
    const username = uniqueUsername('oldparams');
    insertUser(username, await hash(GOOD_PASSWORD, { memoryCost: 4096, timeCost: 3, parallelism: 1 }));
    expect(storedHash(username)).toContain('m=4096,t=3,p=1');
    expect((await new Visitor(demo.url).login(username, GOOD_PASSWORD)).status).toBe(303);
    const { memoryCost, timeCost, parallelism } = ARGON2_PARAMETERS;
    expect(storedHash(username)).toContain(`m=${memoryCost},t=${timeCost},p=${parallelism}`);
  });

  it('treats a corrupt stored hash as a failed sign-in, not a 500', async () => {
    const username = uniqueUsername('corrupt');
    insertUser(username, '$argon2id$v=19$m=19456,t=2,p=1$not-base64$also-bad');
    expect((await new Visitor(demo.url).login(username, GOOD_PASSWORD)).status).toBe(401);
  });
});
