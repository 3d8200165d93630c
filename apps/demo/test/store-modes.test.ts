/**
 * SESSION_STORE=memory|sqlite|redis|postgres: the same app on each store. SQLite (the default)
 * keeps accounts and sessions across a restart; with Redis two app instances share sessions, so
 * signing out elsewhere takes effect on both at once (docs/architecture.md §1.5). Users live in SQLite under
 * DATA_DIR in every mode.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOD_PASSWORD, Visitor, uniqueUsername } from './support/http-client.js';
import pg from 'pg';
import {
  DATABASE_URL,
  deleteRedisPrefix,
  serverAvailable,
  uniqueName,
  withRedis,
} from './support/servers.js';
import type { RunningDemo } from './support/start-demo.js';
import { startDemo } from './support/start-demo.js';

async function isSignedIn(visitor: Visitor): Promise<boolean> {
  return (await visitor.get('/api/me')).status === 200;
}

describe('SESSION_STORE=sqlite (the default)', () => {
  it('keeps accounts and sessions across a restart', async () => {
    let demo = await startDemo();
    const username = uniqueUsername();
    const visitor = new Visitor(demo.url);
    await visitor.register(username, GOOD_PASSWORD);
    const cookie = visitor.sessionCookie as string;
    await demo.close({ keepData: true });

    demo = await startDemo({ dataDir: demo.dataDir });
    try {
      const returning = new Visitor(demo.url);
      returning.cookies.set('__Host-sid', cookie);
      expect(await isSignedIn(returning)).toBe(true);
      expect((await new Visitor(demo.url).login(username, GOOD_PASSWORD)).status).toBe(303);
    } finally {
      await demo.close();
    }
  });
});

describe('SESSION_STORE=memory', () => {
  it('serves the app; sessions end with the process, accounts stay', async () => {
    let demo = await startDemo({ env: { SESSION_STORE: 'memory' } });
    const username = uniqueUsername();
    const visitor = new Visitor(demo.url);
    await visitor.register(username, GOOD_PASSWORD);
    expect(await isSignedIn(visitor)).toBe(true);
    const cookie = visitor.sessionCookie as string;
    await demo.close({ keepData: true });

    demo = await startDemo({ dataDir: demo.dataDir, env: { SESSION_STORE: 'memory' } });
    try {
      const returning = new Visitor(demo.url);
      returning.cookies.set('__Host-sid', cookie);
      expect(await isSignedIn(returning)).toBe(false);
      expect((await returning.login(username, GOOD_PASSWORD)).status).toBe(303);
    } finally {
      await demo.close();
    }
  });

  it('is refused in production', async () => {
    await expect(
      startDemo({
        env: { SESSION_STORE: 'memory', NODE_ENV: 'production', PUBLIC_ORIGIN: 'https://demo.test' },
      }),
    ).rejects.toMatchObject({ code: 'ERR_CONFIG_INSECURE' });
  });
});

const redisUp = await serverAvailable('Redis', () => withRedis((client) => client.ping()));

describe.skipIf(!redisUp)('SESSION_STORE=redis', () => {
  const prefix = `${uniqueName('demo')}:`;
  const dataDir = mkdtempSync(join(tmpdir(), 'sesame-demo-redis-'));
  let first: RunningDemo;
  let second: RunningDemo;
  beforeAll(async () => {
    const env = { SESSION_STORE: 'redis', REDIS_PREFIX: prefix };
    first = await startDemo({ env, dataDir });
    second = await startDemo({ env, dataDir });
  });
  afterAll(async () => {
    await first?.close({ keepData: true });
    await second?.close({ keepData: true });
    rmSync(dataDir, { recursive: true, force: true });
    await deleteRedisPrefix(prefix);
  });

  it('stores sessions under the prefix and shares them between two instances', async () => {
    const username = uniqueUsername();
    const onFirst = new Visitor(first.url);
    await onFirst.register(username, GOOD_PASSWORD);
    const onSecond = new Visitor(second.url);
    onSecond.cookies.set('__Host-sid', onFirst.sessionCookie as string);
    expect(await isSignedIn(onSecond)).toBe(true);
    const keys = await withRedis((client) => client.keys(`${prefix}*`));
    expect(keys.length).toBeGreaterThan(0);
  });

  it('"sign out all other sessions" on one instance ends them on the other at once', async () => {
    const username = uniqueUsername();
    const laptop = new Visitor(first.url);
    await laptop.register(username, GOOD_PASSWORD);
    const phone = new Visitor(second.url);
    expect((await phone.login(username, GOOD_PASSWORD)).status).toBe(303);
    const ended = await phone.submit('/account/sessions', '/account/sessions/revoke-others', {});
    expect(ended.status).toBe(303);
    expect(await isSignedIn(laptop)).toBe(false);
    expect(await isSignedIn(phone)).toBe(true);
  });
});

async function withPostgres<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 2000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const postgresUp = await serverAvailable('PostgreSQL', () =>
  withPostgres((client) => client.query('SELECT 1')),
);

describe.skipIf(!postgresUp)('SESSION_STORE=postgres', () => {
  const schema = uniqueName('demo');
  let demo: RunningDemo;
  beforeAll(async () => {
    await withPostgres((client) => client.query(`CREATE SCHEMA ${schema}`));
    // The demo takes a plain DATABASE_URL; the schema comes in through libpq's `options`.
    const url = new URL(DATABASE_URL);
    url.searchParams.set('options', `-c search_path=${schema}`);
    demo = await startDemo({ env: { SESSION_STORE: 'postgres', DATABASE_URL: url.toString() } });
  });
  afterAll(async () => {
    await demo?.close();
    await withPostgres((client) => client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
  });

  it('migrates its table, keeps sessions in it, and ends them server-side at sign-out', async () => {
    const visitor = new Visitor(demo.url);
    await visitor.register(uniqueUsername(), GOOD_PASSWORD);
    expect(await isSignedIn(visitor)).toBe(true);
    const count = () =>
      withPostgres(async (client) => {
        const sql = `SELECT count(*)::int AS n FROM ${schema}.sesame_sessions WHERE user_id IS NOT NULL`;
        return (await client.query<{ n: number }>(sql)).rows[0]?.n;
      });
    expect(await count()).toBe(1);
    await visitor.post('/logout', { _csrf: await visitor.csrfFrom('/account') });
    expect(await count()).toBe(0);
  });
});
