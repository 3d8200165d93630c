/**
 * express-session's stores, one per kind, set up as their READMEs show, with a direct fill for
 * scenario (d): bulk SQL in one transaction, pipelined SETs on Redis, `set()` in memory.
 *
 * @module
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createClient } from 'redis';
import type { StoreKind } from '../variants.js';
import { COOKIE_MAX_AGE_MS } from './express-session-app.js';
import { fillLegacySession, inBatches } from './fill-records.js';
import type { ExpressSessionModule, LegacyStore } from './legacy-modules.js';
import { loadBetterSqlite3SessionStore, loadConnectPgSimple, loadConnectRedis } from './legacy-modules.js';
import { NotAvailable, type OpenedStore } from './opened-store.js';
import type { ServerConfig } from './protocol.js';
import { countedPool } from './pg-pool.js';

function callbackToPromise(run: (callback: (error?: unknown) => void) => unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    run((error) => {
      if (error === undefined || error === null) resolve();
      else reject(error instanceof Error ? error : new Error(JSON.stringify(error)));
    });
  });
}

function openMemory(session: ExpressSessionModule): OpenedStore<LegacyStore> {
  const store = new session.MemoryStore();
  let held = 0;
  return {
    store,
    fill: async (count) => {
      const nowMs = Date.now();
      await inBatches(0, count, 1000, (i) => {
        const { sid, session: value } = fillLegacySession(held + i, nowMs);
        return callbackToPromise((done) => store.set(sid, value, done));
      });
      held += count;
    },
    // MemoryStore keeps sessions in a plain object; its length() walks them all, fine off the clock.
    size: () =>
      new Promise((resolve) => {
        (store as unknown as { length(cb: (e: unknown, n: number) => void): void }).length((_e, n) =>
          resolve(n),
        );
      }),
    queries: () => null,
    close: () => Promise.resolve(),
  };
}

function openSqlite(session: ExpressSessionModule, config: ServerConfig): OpenedStore<LegacyStore> {
  const db = new Database(join(config.sqliteDir, 'express-session.db'));
  // WAL as Sesame's SQLite store uses; the package leaves the default rollback journal.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const SqliteStore = loadBetterSqlite3SessionStore(session);
  const store = new SqliteStore({ client: db, expired: { clear: true, intervalMs: 15 * 60_000 } });
  let held = 0;
  return {
    store,
    fill: (count) => {
      const nowMs = Date.now();
      const insert = db.prepare('INSERT INTO sessions (sid, sess, expire) VALUES (?, ?, ?)');
      db.transaction(() => {
        for (let i = 0; i < count; i += 1) {
          const { sid, session: value, expiresMs } = fillLegacySession(held + i, nowMs);
          insert.run(sid, JSON.stringify(value), new Date(expiresMs).toISOString());
        }
      })();
      held += count;
      return Promise.resolve();
    },
    size: () => Promise.resolve((db.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n),
    queries: () => null,
    close: () => {
      db.close();
      return Promise.resolve();
    },
  };
}

async function openRedis(config: ServerConfig): Promise<OpenedStore<LegacyStore>> {
  const client = createClient({ url: config.redisUrl });
  client.on('error', (error: Error) => console.error('bench redis:', error.message));
  try {
    await client.connect();
  } catch (cause) {
    throw new NotAvailable(`Redis at ${config.redisUrl} unreachable: ${String(cause)}`);
  }
  const prefix = `${config.redisPrefix}es:`;
  const RedisStore = loadConnectRedis();
  const store = new RedisStore({ client, prefix });
  let held = 0;
  return {
    store,
    fill: async (count) => {
      const nowMs = Date.now();
      const ttlS = Math.ceil(COOKIE_MAX_AGE_MS / 1000);
      await inBatches(0, count, 2000, (i) => {
        const { sid, session: value } = fillLegacySession(held + i, nowMs);
        return client.set(`${prefix}${sid}`, JSON.stringify(value), {
          expiration: { type: 'EX', value: ttlS },
        });
      });
      held += count;
    },
    size: () => Promise.resolve(null),
    queries: () => null,
    close: async () => {
      await client.quit();
    },
  };
}

async function openPostgres(
  session: ExpressSessionModule,
  config: ServerConfig,
): Promise<OpenedStore<LegacyStore>> {
  const { pool, queries } = countedPool(config.databaseUrl, config.pgSchema, config.pgSynchronousCommit);
  try {
    await pool.query('SELECT 1');
  } catch (cause) {
    await pool.end();
    throw new NotAvailable(`PostgreSQL at ${config.databaseUrl} unreachable: ${String(cause)}`);
  }
  const PgStore = loadConnectPgSimple(session);
  const store = new PgStore({
    pool,
    schemaName: config.pgSchema,
    tableName: 'session',
    createTableIfMissing: true,
    pruneSessionInterval: false,
  });
  // createTableIfMissing runs lazily before the first query; make it happen now, off the clock.
  await callbackToPromise((done) => store.get('warm-up', done));
  let held = 0;
  return {
    store,
    fill: async (count) => {
      // Rows shaped as connect-pg-simple writes them (sess json with the cookie, expire timestamp).
      await pool.query(
        `INSERT INTO session (sid, sess, expire)
         SELECT 'fill-' || g || '-' || md5(random()::text),
                json_build_object('cookie', json_build_object('originalMaxAge', $2::int, 'expires', now() + interval '30 minutes',
                  'secure', false, 'httpOnly', true, 'path', '/', 'sameSite', 'lax'), 'userId', 'fill-' || g, 'n', g),
                now() + interval '30 minutes'
         FROM generate_series($1::int + 1, $1::int + $3::int) AS g`,
        [held, COOKIE_MAX_AGE_MS, count],
      );
      await pool.query('ANALYZE session');
      held += count;
    },
    size: async () =>
      Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM session')).rows[0]?.n ?? 0),
    queries,
    close: async () => {
      await pool.end();
    },
  };
}

/** Open the express-session store for `kind`. */
export async function openLegacyStore(
  kind: StoreKind,
  session: ExpressSessionModule,
  config: ServerConfig,
): Promise<OpenedStore<LegacyStore>> {
  switch (kind) {
    case 'memory':
      return openMemory(session);
    case 'sqlite':
      return openSqlite(session, config);
    case 'redis':
      return openRedis(config);
    case 'postgres':
      return openPostgres(session, config);
    default:
      throw new TypeError(`express-session has no ${kind} store in the bench`);
  }
}
