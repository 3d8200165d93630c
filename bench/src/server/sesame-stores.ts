/**
 * Sesame's stores, loaded by name at run time so the harness runs before every store is written:
 * a store whose module is missing is reported "not available", not a crash.
 *
 * @module
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createClient } from 'redis';
import type { SessionStore } from 'sesame-session';
import type { StoreKind } from '../variants.js';
import { fillRecord, inBatches } from './fill-records.js';
import { NotAvailable, type OpenedStore } from './opened-store.js';
import type { ServerConfig } from './protocol.js';
import { countedPool } from './pg-pool.js';

type Factory = (options: Record<string, unknown>) => SessionStore;

/** Import `sesame-session/stores/<kind>` and return its named factory, or throw {@link NotAvailable}. */
export async function loadStoreFactory(
  kind: StoreKind,
  exportName: string,
): Promise<Record<string, unknown> & { factory: Factory }> {
  const specifier = `sesame-session/stores/${kind}`;
  let module: Record<string, unknown>;
  try {
    module = (await import(specifier)) as Record<string, unknown>;
  } catch (cause) {
    throw new NotAvailable(
      `${specifier} cannot be loaded (${cause instanceof Error ? cause.message.split('\n')[0] : String(cause)})`,
    );
  }
  const factory = module[exportName];
  if (typeof factory !== 'function') throw new NotAvailable(`${specifier} has no ${exportName}() export`);
  return { ...module, factory: factory as Factory };
}

/** Fill through the store API, 500 creates in flight: correct for any store, used where no bulk path exists. */
function fillThroughApi(store: SessionStore, held: { count: number }): (count: number) => Promise<void> {
  return async (count) => {
    const nowMs = Date.now();
    const start = held.count;
    await inBatches(start, start + count, 500, (i) => store.create(fillRecord(i, nowMs)));
    held.count += count;
  };
}

async function openMemory(config: ServerConfig): Promise<OpenedStore<SessionStore>> {
  const { factory } = await loadStoreFactory('memory', 'memoryStore');
  const store = factory(config.memoryMaxSessions === null ? {} : { maxSessions: config.memoryMaxSessions });
  const held = { count: 0 };
  return {
    store,
    fill: fillThroughApi(store, held),
    size: () => Promise.resolve((store as unknown as { size?: number }).size ?? null),
    queries: () => null,
    close: () => store.close(),
  };
}

/** The columns of Sesame's SQL tables (stores/sqlite/row.ts, stores/postgres/row.ts), for the bulk fills. */
const SQL_COLUMNS =
  'id, secret_hash, user_id, data, created_ms, last_seen_ms, idle_expires_ms, absolute_expires_ms, authenticated_ms, rotated_ms, persistent, ip, user_agent';

async function openSqlite(config: ServerConfig): Promise<OpenedStore<SessionStore>> {
  const { factory } = await loadStoreFactory('sqlite', 'sqliteStore');
  const path = join(config.sqliteDir, 'sesame.db');
  // The store opens the file itself, as an app passing `path` would; the fill and the size use a
  // second connection, so the store under test keeps its own settings.
  const store = factory({ path });
  const side = new Database(path);
  side.pragma('busy_timeout = 5000');
  let held = 0;
  return {
    store,
    fill: (count) => {
      const nowMs = Date.now();
      const insert = side.prepare(
        `INSERT INTO sesame_sessions (${SQL_COLUMNS}) VALUES (${SQL_COLUMNS.split(',')
          .map(() => '?')
          .join(', ')})`,
      );
      // Transactions of 50 000 rows: fast, and the WAL does not grow without bound.
      for (let start = 0; start < count; start += 50_000) {
        side.transaction(() => {
          for (let i = start; i < Math.min(start + 50_000, count); i += 1) {
            const r = fillRecord(held + i, nowMs);
            insert.run(
              r.id,
              r.secretHash,
              r.userId,
              JSON.stringify(r.data),
              r.createdMs,
              r.lastSeenMs,
              r.idleExpiresMs,
              r.absoluteExpiresMs,
              r.authenticatedMs,
              r.rotatedMs,
              0,
              r.meta.ip,
              r.meta.userAgent,
            );
          }
        })();
      }
      side.pragma('wal_checkpoint(TRUNCATE)');
      held += count;
      return Promise.resolve();
    },
    size: () =>
      Promise.resolve((side.prepare('SELECT count(*) AS n FROM sesame_sessions').get() as { n: number }).n),
    queries: () => null,
    close: async () => {
      side.close();
      await store.close();
    },
  };
}

/** Wait (at most 10 s) until a store made with `cache` serves from it, so measuring starts warm. */
async function cacheActive(store: SessionStore): Promise<void> {
  const stats = (store as unknown as { cacheStats?: () => { active: boolean } | null }).cacheStats;
  if (typeof stats !== 'function') throw new NotAvailable('this build of the store has no read cache');
  for (let waited = 0; stats.call(store)?.active !== true; waited += 10) {
    if (waited > 10_000) throw new Error('the read cache did not become active within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function openRedis(config: ServerConfig, cached: boolean): Promise<OpenedStore<SessionStore>> {
  const { factory } = await loadStoreFactory('redis', 'redisStore');
  // As the store's docs ask: no offline queue, so an outage fails fast instead of queueing.
  const client = createClient({ url: config.redisUrl, disableOfflineQueue: true });
  client.on('error', (error: Error) => console.error('bench redis:', error.message));
  try {
    await client.connect();
  } catch (cause) {
    throw new NotAvailable(`Redis at ${config.redisUrl} unreachable: ${String(cause)}`);
  }
  const store = factory({
    client,
    prefix: `${config.redisPrefix}sesame:`,
    ...(cached ? { cache: { maxEntries: 10_000 } } : {}),
  });
  if (cached) await cacheActive(store);
  const held = { count: 0 };
  return {
    store,
    fill: fillThroughApi(store, held),
    size: () => Promise.resolve(null),
    queries: () => null,
    close: async () => {
      await store.close();
      await client.quit();
    },
  };
}

async function openPostgres(config: ServerConfig, cached: boolean): Promise<OpenedStore<SessionStore>> {
  const { factory } = await loadStoreFactory('postgres', 'postgresStore');
  const { pool, queries } = countedPool(config.databaseUrl, config.pgSchema, config.pgSynchronousCommit);
  try {
    await pool.query('SELECT 1');
  } catch (cause) {
    await pool.end();
    throw new NotAvailable(`PostgreSQL at ${config.databaseUrl} unreachable: ${String(cause)}`);
  }
  const store = factory({
    pool,
    schema: config.pgSchema,
    ...(cached ? { cache: { maxEntries: 10_000 } } : {}),
  });
  const migrate = (store as unknown as { migrate?: () => Promise<void> }).migrate;
  if (typeof migrate === 'function') await migrate.call(store);
  if (cached) await cacheActive(store);
  let held = 0;
  return {
    store,
    // Rows shaped as the store writes them (stores/postgres/schema.sql; sweep_after_ms is the
    // expiry, as create sets it), 100 000 per statement;
    // ids are md5 hex (nobody presents them), then ANALYZE so the planner knows the new size.
    fill: async (count) => {
      const nowMs = Date.now();
      for (let start = 0; start < count; start += 100_000) {
        const size = Math.min(100_000, count - start);
        await pool.query(
          `INSERT INTO sesame_sessions (${SQL_COLUMNS}, sweep_after_ms)
           SELECT md5('id' || g || random()::text), md5('secret' || g || random()::text), 'fill-' || g,
                  jsonb_build_object('n', g), $2::bigint, $2::bigint, $2::bigint + $4::bigint, $2::bigint + $5::bigint,
                  $2::bigint, $2::bigint, false, '127.0.0.1', 'sesame-bench fill', $2::bigint + $4::bigint
           FROM generate_series($1::int + 1, $1::int + $3::int) AS g`,
          [held + start, nowMs, size, 30 * 60_000, 12 * 3_600_000],
        );
      }
      await pool.query('ANALYZE sesame_sessions');
      held += count;
    },
    size: async () =>
      Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM sesame_sessions')).rows[0]?.n ?? 0),
    queries,
    close: async () => {
      await store.close();
      await pool.end();
    },
  };
}

/** Open Sesame's store for `kind`, with its read cache when `cached` (issue 15). */
export function openSesameStore(
  kind: StoreKind,
  config: ServerConfig,
  cached = false,
): Promise<OpenedStore<SessionStore>> {
  switch (kind) {
    case 'memory':
      return openMemory(config);
    case 'sqlite':
      return openSqlite(config);
    case 'redis':
      return openRedis(config, cached);
    case 'postgres':
      return openPostgres(config, cached);
    default:
      return Promise.reject(new TypeError(`Sesame has no ${kind} store in the bench`));
  }
}
