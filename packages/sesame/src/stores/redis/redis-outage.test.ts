/**
 * A Redis that dies mid-traffic (docs/architecture.md §1.8, issue 4): this file starts its own redis-server on a
 * spare port, kills it with SIGKILL while the store is in use, and restarts it on the same port.
 * Calls must reject promptly while it is down (the client is made with `redisClientOptions` and
 * an 'error' listener), nothing may crash, and the same store and client must work again once
 * Redis is back, with no help from the app: with append-only persistence the sessions are still
 * there, without it they are gone (everyone signed out) but the store works (issue 10).
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
import { redisClientOptions, redisStore } from './index.js';

const available = await requireServer('redis-server (to kill and restart)', probeRedisBinaries);
/** A call made while Redis is down must reject well within this. */
const PROMPT_MS = 500;
const RECONNECT_BOUND_MS = 10_000;

/** A client made with the options the store ships (redisClientOptions), and its errors. */
async function connectClient(url: string) {
  const errors: unknown[] = [];
  const client = createClient({ url, ...redisClientOptions({ connectTimeoutMs: 1_000 }) });
  client.on('error', (error) => errors.push(error));
  await client.connect();
  return { client, errors };
}

async function untilReady(client: { isReady: boolean }): Promise<void> {
  const deadline = Date.now() + RECONNECT_BOUND_MS;
  while (!client.isReady) {
    if (Date.now() > deadline) throw new Error(`client not ready ${RECONNECT_BOUND_MS} ms after restart`);
    await sleep(25);
  }
}

describe.skipIf(!available)('redisStore when Redis goes away and comes back', () => {
  let server: RedisServer | undefined;
  const running = (): RedisServer => {
    if (server === undefined) throw new Error('redis-server not started');
    return server;
  };

  beforeAll(async () => {
    server = await startRedisServer({ persist: true });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('rejects every call promptly while Redis is down and recovers with the same store', async () => {
    const redis = running();
    const { client: dedicated, errors } = await connectClient(redis.url);
    try {
      const clock = manualClock();
      const store = redisStore({ client: dedicated, prefix: 'outage:', clock });
      const record = makeRecord({ userId: 'alice', data: { cart: [1] } }, clock.now());
      await store.create(record);

      // Calls in flight at the crash settle one way or the other; none is left hanging.
      const inFlight = Promise.allSettled(Array.from({ length: 50 }, () => store.get(record.id)));
      await redis.kill();
      const settled = await Promise.race([inFlight, sleep(2_000).then(() => 'hung' as const)]);
      expect(settled).not.toBe('hung');

      const nowMs = clock.now();
      const calls: [string, () => Promise<unknown>][] = [
        ['get', () => store.get(record.id)],
        ['create', () => store.create(makeRecord({ userId: 'alice' }, nowMs))],
        ['applyDelta', () => store.applyDelta(record.id, { set: { a: 1 } })],
        ['touch', () => store.touch(record.id, nowMs, nowMs + 60_000)],
        ['replace', () => store.replace(record.id, makeRecord({ userId: 'alice' }, nowMs))],
        ['delete', () => store.delete(record.id)],
        ['listByUser', () => store.listByUser('alice')],
        ['deleteByUser', () => store.deleteByUser('alice')],
        ['deleteExpired', () => store.deleteExpired(nowMs)],
      ];
      for (const [name, call] of calls) {
        const startedMs = Date.now();
        const outcome = await call().then(
          () => 'resolved',
          () => 'rejected',
        );
        expect({ name, outcome }).toEqual({ name, outcome: 'rejected' });
        expect(Date.now() - startedMs).toBeLessThan(PROMPT_MS);
      }

      await redis.start();
      await untilReady(dedicated);
      // The server kept the session (append-only, fsync always); the same store object reads it.
      expect(await store.get(record.id)).toEqual(record);
      expect(await store.applyDelta(record.id, { set: { back: true } })).toBe(true);
      // node-redis reported the lost connection through 'error', which the listener took.
      expect(errors.length).toBeGreaterThan(0);
    } finally {
      dedicated.destroy();
    }
  });

  it('without persistence: a restart forgets the sessions, and the same store works again', async () => {
    const volatile = await startRedisServer();
    const { client } = await connectClient(volatile.url);
    try {
      const clock = manualClock();
      const store = redisStore({ client, prefix: 'outage-volatile:', clock });
      const record = makeRecord({ userId: 'alice' }, clock.now());
      await store.create(record);
      await volatile.kill();
      await expect(store.get(record.id)).rejects.toThrow();
      await volatile.start();
      await untilReady(client);
      expect(await store.get(record.id)).toBeNull();
      expect(await store.listByUser('alice')).toEqual([]);
      const next = makeRecord({ userId: 'alice' }, clock.now());
      await store.create(next);
      expect(await store.get(next.id)).toEqual(next);
    } finally {
      client.destroy();
      await volatile.stop();
    }
  });

  it('over HTTP: 503 while Redis is down, never anonymous or a crash, and the session is back after', async () => {
    const redis = running();
    const clock = manualClock();
    const { client: appClient } = await connectClient(redis.url);
    const app = await startApp({
      store: redisStore({ client: appClient, prefix: 'outage-http:', clock }),
      clock,
      storeTimeout: '1s',
    });
    try {
      const browser = new Client(app.url);
      await browser.post('/login', { json: { user: 'alice' } });
      expect((await browser.get('/me')).body).toMatchObject({ userId: 'alice' });
      const cookie = browser.cookieHeader;

      await redis.kill();
      const startedMs = Date.now();
      const down = await browser.get('/me');
      expect(down.status).toBe(503);
      expect(down.body).toEqual({ error: 'ERR_STORE_UNAVAILABLE' });
      expect(Date.now() - startedMs).toBeLessThan(1_000);
      expect(down.setCookies).toEqual([]);
      expect((await browser.post('/set', { json: { a: '1' } })).status).toBe(503);
      expect(browser.cookieHeader).toBe(cookie);

      await redis.start();
      await untilReady(appClient);
      expect((await browser.get('/me')).body).toMatchObject({ userId: 'alice' });
      expect(app.errors.filter((line) => line.startsWith('unhandled'))).toEqual([]);
    } finally {
      await app.close();
      appClient.destroy();
    }
  });
});
