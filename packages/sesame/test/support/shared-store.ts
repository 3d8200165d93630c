/**
 * The stores that test/security/logout-everywhere.test.ts races a rotating client against (issue 10): two app
 * instances, each with its own handle on one store (memory: one object; SQLite: one file; Redis:
 * two clients, one prefix; PostgreSQL: two pools, one table), as two processes would have.
 *
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createClient } from 'redis';
import type { ManualClock } from '../../src/clock.js';
import type { SessionStore } from '../../src/store.js';
import { memoryStore } from '../../src/stores/memory/index.js';
import { postgresStore } from '../../src/stores/postgres/index.js';
import { redisStore } from '../../src/stores/redis/index.js';
import { sqliteStore } from '../../src/stores/sqlite/index.js';
import { databaseUrl, probePostgres, probeRedis, redisUrl, requireServer, uniqueName } from './servers.js';

/** Two handles on one store, and how to release them. */
export interface SharedStore {
  stores: [SessionStore, SessionStore];
  close(): Promise<void>;
}

export type StoreKind = 'memory' | 'sqlite' | 'redis' | 'postgres' | 'redis-cached' | 'postgres-cached';

/**
 * Which kinds this machine can run: Redis and PostgreSQL are probed once (under `CI=true` a missing
 * server fails the file rather than skipping it, see {@link requireServer}).
 */
export async function availableStoreKinds(): Promise<Record<StoreKind, boolean>> {
  const redis = await requireServer(`Redis at ${redisUrl()}`, () => probeRedis());
  const postgres = await requireServer(`PostgreSQL at ${databaseUrl()}`, () => probePostgres());
  return {
    memory: true,
    sqlite: true,
    redis,
    postgres,
    'redis-cached': redis,
    'postgres-cached': postgres,
  };
}

/** Until a store made with `cache` serves from it (issue 15), so the test runs on the cache. */
async function cacheActive(
  store: SessionStore & { cacheStats(): { active: boolean } | null },
): Promise<void> {
  for (let waited = 0; store.cacheStats()?.active !== true; waited += 10) {
    if (waited > 10_000) throw new Error('read cache not active within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export async function sharedStore(kind: StoreKind, clock: ManualClock): Promise<SharedStore> {
  switch (kind) {
    case 'memory': {
      const store = memoryStore({ clock });
      return { stores: [store, store], close: () => store.close() };
    }
    case 'sqlite': {
      const dir = mkdtempSync(join(tmpdir(), 'sesame-logout-race-'));
      const path = join(dir, 'sessions.db');
      const stores: [SessionStore, SessionStore] = [
        sqliteStore({ path, clock }),
        sqliteStore({ path, clock }),
      ];
      return {
        stores,
        async close() {
          await Promise.all(stores.map((s) => s.close()));
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    case 'redis':
    case 'redis-cached': {
      const prefix = `${uniqueName('sesame-logout-race')}:`;
      const clients = [0, 1].map(() => createClient({ url: redisUrl(), disableOfflineQueue: true }));
      for (const client of clients) client.on('error', () => {});
      await Promise.all(clients.map((client) => client.connect()));
      const cache = kind === 'redis-cached' ? { cache: {} } : {};
      const [one, two] = clients.map((client) => redisStore({ client, prefix, clock, ...cache }));
      if (one === undefined || two === undefined) throw new Error('no redis store');
      if (kind === 'redis-cached') await Promise.all([cacheActive(one), cacheActive(two)]);
      return {
        stores: [one, two],
        async close() {
          await Promise.all([one.close(), two.close()]);
          const [client] = clients;
          for await (const keys of client?.scanIterator({ MATCH: `${prefix}*` }) ?? []) {
            if (keys.length > 0) await client?.unlink(keys);
          }
          for (const c of clients) c.destroy();
        },
      };
    }
    case 'postgres':
    case 'postgres-cached': {
      const schema = uniqueName('sesame_logout_race');
      const pools = [0, 1].map(() => new pg.Pool({ connectionString: databaseUrl(), max: 5 }));
      for (const pool of pools) pool.on('error', () => {});
      await pools[0]?.query(`CREATE SCHEMA "${schema}"`);
      const cache = kind === 'postgres-cached' ? { cache: {} } : {};
      const [one, two] = pools.map((pool) => postgresStore({ pool, schema, clock, ...cache }));
      if (one === undefined || two === undefined) throw new Error('no postgres store');
      await one.migrate();
      if (kind === 'postgres-cached') await Promise.all([cacheActive(one), cacheActive(two)]);
      return {
        stores: [one, two],
        async close() {
          await Promise.all([one.close(), two.close()]);
          await pools[0]?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
          await Promise.all(pools.map((pool) => pool.end()));
        },
      };
    }
  }
}
