/**
 * PostgreSQL connections dropped mid-traffic (docs/architecture.md §1.8, issue 4): the server ends every backend
 * of the store's pool (`pg_terminate_backend`, as a failover or an admin would) while calls are
 * in flight. Each call must settle (resolve or reject, never hang), the pool must replace its
 * connections by itself so later calls succeed with the same store, nothing may crash, and over
 * HTTP a signed-in request must get its session or a 503, never an anonymous page.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../clock.js';
import { makeRecord } from '../../testing/index.js';
import { Client, startApp } from '../../../test/support/app.js';
import { databaseUrl, probePostgres, requireServer, uniqueName } from '../../../test/support/servers.js';
import { postgresStore } from './index.js';

const available = await requireServer(`PostgreSQL at ${databaseUrl()}`, () => probePostgres());
const SCHEMA = uniqueName('sesame_outage');
const SETTLE_MS = 5_000;
const RECOVERY_ATTEMPTS = 20;

/** The first result of `call` that does not reject, trying a bounded number of times. */
async function eventually<T>(call: () => Promise<T>): Promise<T> {
  let lastError: unknown;
  for (let attempt = 0; attempt < RECOVERY_ATTEMPTS; attempt++) {
    try {
      return await call();
    } catch (error) {
      lastError = error;
      await sleep(50);
    }
  }
  throw lastError;
}

describe.skipIf(!available)('postgresStore when its connections are dropped', () => {
  const admin = new pg.Pool({ connectionString: databaseUrl(), max: 1 });
  admin.on('error', () => {});

  /** A pool as the store's docs advise: bounded connect and query waits, an 'error' listener. */
  function appPool(applicationName: string): { pool: pg.Pool; errors: unknown[] } {
    const errors: unknown[] = [];
    const pool = new pg.Pool({
      connectionString: databaseUrl(),
      application_name: applicationName,
      max: 4,
      connectionTimeoutMillis: 2_000,
      query_timeout: 2_000,
    });
    pool.on('error', (error) => errors.push(error));
    return { pool, errors };
  }

  async function terminate(applicationName: string): Promise<number> {
    const { rowCount } = await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
      [applicationName],
    );
    return rowCount ?? 0;
  }

  beforeAll(async () => {
    await admin.query(`CREATE SCHEMA "${SCHEMA}"`);
  });
  afterAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
    await admin.end();
  });

  it('calls in flight settle, the pool heals itself, and the same store works again', async () => {
    const name = uniqueName('sesame_outage');
    const { pool, errors } = appPool(name);
    try {
      const clock = manualClock();
      const store = postgresStore({ pool, schema: SCHEMA, tableName: 'sessions', clock });
      await store.migrate();
      const record = makeRecord({ userId: 'alice', data: { cart: [1] } }, clock.now());
      await store.create(record);
      // Open all four connections, so some sit idle when the server ends them.
      await Promise.all(Array.from({ length: 8 }, () => store.get(record.id)));

      const inFlight = Promise.allSettled(
        Array.from({ length: 40 }, (_, i) =>
          i % 2 === 0 ? store.get(record.id) : store.applyDelta(record.id, { set: { [`k${i}`]: i } }),
        ),
      );
      expect(await terminate(name)).toBeGreaterThan(0);
      const settled = await Promise.race([inFlight, sleep(SETTLE_MS).then(() => 'hung' as const)]);
      expect(settled).not.toBe('hung');

      expect(await eventually(() => store.get(record.id))).toMatchObject({ id: record.id, userId: 'alice' });
      expect(await store.applyDelta(record.id, { set: { after: true } })).toBe(true);

      // Connections ended while idle in the pool: pg reports each through the pool's 'error'
      // event (a crash without the listener), drops it, and opens a new one on the next call.
      await Promise.all(Array.from({ length: 8 }, () => store.get(record.id)));
      expect(await terminate(name)).toBeGreaterThan(0);
      for (let waited = 0; errors.length === 0 && waited < SETTLE_MS; waited += 25) await sleep(25);
      expect(errors.length).toBeGreaterThan(0);
      // A call may still meet a dead connection pg has not noticed yet; it rejects, the next heal.
      expect(await eventually(() => store.get(record.id))).toMatchObject({
        id: record.id,
        data: { after: true },
      });
    } finally {
      await pool.end();
    }
  });

  it('over HTTP: a signed-in request gets its session or a 503 while connections drop, never anonymous', async () => {
    const name = uniqueName('sesame_outage_http');
    const { pool } = appPool(name);
    const clock = manualClock();
    const store = postgresStore({ pool, schema: SCHEMA, tableName: 'http_sessions', clock });
    await store.migrate();
    const app = await startApp({ store, clock, storeTimeout: '2s' });
    try {
      const browser = new Client(app.url);
      await browser.post('/login', { json: { user: 'alice' } });
      const statuses: number[] = [];
      for (let round = 0; round < 5; round++) {
        const requests = Array.from({ length: 6 }, () => browser.get('/me'));
        await terminate(name);
        for (const reply of await Promise.all(requests)) {
          statuses.push(reply.status);
          if (reply.status === 200) expect(reply.body).toMatchObject({ userId: 'alice' });
          else expect(reply.body).toEqual({ error: 'ERR_STORE_UNAVAILABLE' });
          expect(reply.setCookies).toEqual([]);
        }
      }
      expect(statuses.every((status) => status === 200 || status === 503)).toBe(true);
      let last = await browser.get('/me');
      for (let attempt = 0; attempt < RECOVERY_ATTEMPTS && last.status !== 200; attempt++) {
        await sleep(50);
        last = await browser.get('/me');
      }
      expect(last.body).toMatchObject({ userId: 'alice' });
      expect(app.errors.filter((line) => line.startsWith('unhandled'))).toEqual([]);
    } finally {
      await app.close();
      await pool.end();
    }
  });
});
