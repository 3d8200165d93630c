/**
 * A Redis that hangs (issue 10): a private redis-server is frozen with SIGSTOP, so connections
 * stay open and nothing is answered, then thawed. With {@link redisClientOptions} and
 * {@link watchRedisClient} the same client must come back by itself after a quiet freeze longer
 * than its socket timeout, and under load a frozen Redis must be cut off so requests fail fast
 * instead of each waiting the whole store timeout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import { setTimeout as sleep } from 'node:timers/promises';
import { manualClock } from '../../clock.js';
import { makeRecord } from '../../testing/index.js';
import { Client, startApp } from '../../../test/support/app.js';
import type { RedisServer } from '../../../test/support/redis-server.js';
import { startRedisServer } from '../../../test/support/redis-server.js';
import { probeRedisBinaries, requireServer } from '../../../test/support/servers.js';
import { redisClientOptions, redisStore, watchRedisClient } from './index.js';
import { expectConfigError } from '../../../test/support/config-error.js';

const available = await requireServer('redis-server (to freeze and thaw)', probeRedisBinaries);
const SOCKET_TIMEOUT_MS = 1_000;
const STORE_TIMEOUT_MS = 3_000;

async function until<T>(what: string, boundMs: number, attempt: () => Promise<T | null>): Promise<number> {
  const startedMs = Date.now();
  while (Date.now() - startedMs < boundMs) {
    if ((await attempt().catch(() => null)) !== null) return Date.now() - startedMs;
    await sleep(25);
  }
  throw new Error(`${what} not within ${boundMs} ms`);
}

describe.skipIf(!available)('a frozen Redis, with redisClientOptions and watchRedisClient', () => {
  let server: RedisServer | undefined;
  const running = (): RedisServer => {
    if (server === undefined) throw new Error('redis-server not started');
    return server;
  };
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('node-redis’s default strategy gives up after a socket timeout for good (the demo’s old client)', async () => {
    const redis = running();
    const client = createClient({
      url: redis.url,
      pingInterval: 200,
      socket: { socketTimeout: SOCKET_TIMEOUT_MS },
    });
    const terminated = new Promise<void>((resolve) => client.once('terminated', () => resolve()));
    client.on('error', () => {});
    await client.connect();
    redis.freeze();
    try {
      await Promise.race([
        terminated,
        sleep(SOCKET_TIMEOUT_MS * 4).then(() => Promise.reject(new Error('not terminated'))),
      ]);
    } finally {
      redis.thaw();
    }
    await sleep(500);
    expect(client.isOpen).toBe(false);
  });

  it('frozen longer than the socket timeout with no traffic, then thawed: works again within 2 s', async () => {
    const redis = running();
    const client = createClient({
      url: redis.url,
      ...redisClientOptions({ socketTimeoutMs: SOCKET_TIMEOUT_MS }),
    });
    const errors: unknown[] = [];
    client.on('error', (error) => errors.push(error));
    await client.connect();
    const stop = watchRedisClient(client);
    try {
      const clock = manualClock();
      const store = redisStore({ client, prefix: 'freeze-quiet:', clock });
      const record = makeRecord({ userId: 'alice' }, clock.now());
      await store.create(record);
      redis.freeze();
      await sleep(SOCKET_TIMEOUT_MS * 3);
      redis.thaw();
      const recoveredMs = await until('the session back', 2_000, () => store.get(record.id));
      expect(recoveredMs).toBeLessThan(2_000);
      expect(await store.get(record.id)).toEqual(record);
      expect(errors.length).toBeGreaterThan(0);
    } finally {
      stop();
      client.destroy();
    }
  });

  it('frozen under load: the connection is cut, requests get a 503 well before the store timeout, then recover', async () => {
    const redis = running();
    const client = createClient({
      url: redis.url,
      ...redisClientOptions({ socketTimeoutMs: SOCKET_TIMEOUT_MS }),
    });
    client.on('error', () => {});
    await client.connect();
    const stop = watchRedisClient(client);
    const clock = manualClock();
    const app = await startApp({
      store: redisStore({ client, prefix: 'freeze-load:', clock }),
      clock,
      storeTimeout: `${STORE_TIMEOUT_MS}ms`,
    });
    let loading = true;
    try {
      const browser = new Client(app.url);
      await browser.post('/login', { json: { user: 'alice' } });
      const cookie = browser.cookieHeader ?? '';
      // A request every 20 ms whatever the answers: each write keeps the socket "active", so the
      // socket timeout alone never fires.
      const inFlight = new Set<Promise<unknown>>();
      const ticker = setInterval(() => {
        const request = new Client(app.url).get('/me', { cookie }).catch(() => null);
        inFlight.add(request);
        void request.finally(() => inFlight.delete(request));
      }, 20);
      const load = (async () => {
        while (loading) await sleep(20);
        clearInterval(ticker);
        await Promise.all(inFlight);
      })();
      await sleep(300);
      redis.freeze();
      // The watchdog cuts within about 2 s; after that every request fails at once.
      await sleep(2_500);
      const answers: { status: number; elapsedMs: number }[] = [];
      for (let i = 0; i < 10; i++) {
        const startedMs = Date.now();
        const { status } = await new Client(app.url).get('/me', { cookie });
        answers.push({ status, elapsedMs: Date.now() - startedMs });
      }
      redis.thaw();
      for (const answer of answers) {
        expect(answer.status).toBe(503);
        expect(answer.elapsedMs).toBeLessThan(STORE_TIMEOUT_MS / 3);
      }
      await until('signed in again', 3_000, async () => {
        const me = (await new Client(app.url).get('/me', { cookie })).body as { userId?: string };
        return me.userId === 'alice' ? true : null;
      });
      loading = false;
      await load;
      expect(app.errors.filter((line) => line.startsWith('unhandled'))).toEqual([]);
    } finally {
      loading = false;
      redis.thaw();
      stop();
      await app.close();
      client.destroy();
    }
  }, 30_000);

  it('refuses to watch a client not made with redisClientOptions', () => {
    const client = createClient({ url: running().url });
    expectConfigError(() => watchRedisClient(client), /redisClientOptions/);
  });
});
