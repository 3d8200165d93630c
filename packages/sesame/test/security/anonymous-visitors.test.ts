/**
 * Anonymous visitors cost no stored record, on every store (issue 10: one client stored about
 * 4,600 sessions a second by loading the sign-in form). 10,000 visits that load a session and ask
 * for a form's CSRF token, counted on the store's own server afterwards: 0 records. Some visits
 * carry the nonce cookie of an earlier form, some a well-formed cookie of a session that does not
 * exist (a replayed or guessed one), which costs one read and must not cost a write.
 */
import Database from 'better-sqlite3';

import { createClient } from 'redis';
import { describe, expect, it } from 'vitest';
import type { RequestFacts, SessionStore } from '../../src/index.js';
import { createSessions, manualClock } from '../../src/index.js';
import { memoryStore } from '../../src/stores/memory/index.js';
import { postgresStore } from '../../src/stores/postgres/index.js';
import { redisStore } from '../../src/stores/redis/index.js';
import { sqliteStore } from '../../src/stores/sqlite/index.js';
import { generateToken } from '../../src/token/generate.js';
import { TEST_SECRET } from '../support/app.js';
import { schemaPool } from '../support/postgres.js';
import {
  databaseUrl,
  probePostgres,
  probeRedis,
  redisUrl,
  requireServer,
  uniqueName,
} from '../support/servers.js';

const VISITS = 10_000;
const NONCE = '__Host-sid-csrf';

const facts = (cookieHeader: string | null): RequestFacts => ({
  method: 'GET',
  host: 'app.example',
  isSecure: true,
  cookieHeader,
  origin: null,
  secFetchSite: null,
  ip: '203.0.113.9',
  userAgent: 'bot/1.0',
});

/** Run the visits; resolves the number of store writes attempted (a proxy counts them). */
async function visit(store: SessionStore): Promise<string[]> {
  const writes: string[] = [];
  const counted = new Proxy(store, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (key !== 'get' && key !== 'close') writes.push(String(key));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  const clock = manualClock();
  const sessions = createSessions({ store: counted, secrets: TEST_SECRET, production: false, clock });
  let nonceCookie: string | null = null;
  for (let i = 0; i < VISITS; i++) {
    const cookie =
      i % 50 === 0
        ? `__Host-sid=${generateToken().value}`
        : i % 2 === 0 && nonceCookie !== null
          ? nonceCookie
          : null;
    const session = await sessions.load(facts(cookie), (plan) => {
      const line = plan.setCookies.find((l) => l.startsWith(`${NONCE}=`));
      if (line !== undefined) nonceCookie = line.split(';')[0] ?? null;
    });
    await session.csrfToken();
    expect(session.isStored).toBe(false);
  }
  return writes;
}

describe('anonymous visitors store nothing', () => {
  it('memory', async () => {
    const store = memoryStore();
    expect(await visit(store)).toEqual([]);
    expect(store.size).toBe(0);
  });

  it('SQLite', async () => {
    const db = new Database(':memory:');
    try {
      const store = sqliteStore({ database: db });
      expect(await visit(store)).toEqual([]);
      expect(db.prepare('SELECT count(*) AS n FROM sesame_sessions').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });
});

const redisAvailable = await requireServer(`Redis at ${redisUrl()}`, () => probeRedis());
describe.skipIf(!redisAvailable)('anonymous visitors store nothing on Redis', () => {
  it('Redis', async () => {
    const client = createClient({ url: redisUrl(), disableOfflineQueue: true });
    client.on('error', () => {});
    await client.connect();
    const prefix = `${uniqueName('sesame-anon')}:`;
    try {
      expect(await visit(redisStore({ client, prefix }))).toEqual([]);
      let keys = 0;
      for await (const batch of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1_000 }))
        keys += batch.length;
      expect(keys).toBe(0);
    } finally {
      client.destroy();
    }
  });
});

const postgresAvailable = await requireServer(`PostgreSQL at ${databaseUrl()}`, () => probePostgres());
describe.skipIf(!postgresAvailable)('anonymous visitors store nothing on PostgreSQL', () => {
  const { pool, schema } = schemaPool('sesame_anon');
  it('PostgreSQL', async () => {
    const store = postgresStore({ pool, schema, tableName: 'sessions' });
    await store.migrate();
    expect(await visit(store)).toEqual([]);
    const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}".sessions`);
    expect(rows[0]?.n).toBe('0');
  });
});
