/**
 * The Redis store's read cache (issue 15) on the standalone Redis at REDIS_URL: the whole store
 * contract with the cache on, then what the contract cannot see: a change made through another
 * instance (its own client) stops this instance serving its cached copy within a deadline and for
 * good, and cutting the tracking connection for real (`CLIENT KILL`) never lets a stale copy out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import { manualClock } from '../../clock.js';
import { describeStoreContract, makeRecord } from '../../testing/index.js';
import { probeRedis, redisUrl, requireServer, uniqueName } from '../../../test/support/servers.js';
import {
  cacheActive,
  describeCrossInstanceChanges,
  watchUntilRefused,
} from '../../../test/support/cache-coherence.js';
import type { RedisStore } from './index.js';
import { redisStore } from './index.js';

const available = await requireServer(`Redis at ${redisUrl()}`, () => probeRedis());
const FILE_PREFIX = `${uniqueName('sesame-cache-test')}:`;
/** Generous for a shared machine; the bench measures the real figure (bench/RESULTS.md). */
const DEADLINE_MS = 2_000;

describe.skipIf(!available)('redisStore with a read cache', () => {
  // Two app instances: each its own client, as two processes would have.
  const clientA = createClient({ url: redisUrl(), disableOfflineQueue: true });
  const clientB = createClient({ url: redisUrl(), disableOfflineQueue: true });
  const admin = createClient({ url: redisUrl() });
  for (const client of [clientA, clientB, admin]) client.on('error', () => {});
  let cases = 0;
  const nextPrefix = (): string => `${FILE_PREFIX}${cases++}:`;

  beforeAll(async () => {
    await Promise.all([clientA.connect(), clientB.connect(), admin.connect()]);
  });
  afterAll(async () => {
    for await (const keys of admin.scanIterator({ MATCH: `${FILE_PREFIX}*`, COUNT: 1_000 })) {
      if (keys.length > 0) await admin.unlink(keys);
    }
    for (const client of [clientA, clientB, admin]) client.destroy();
  });

  let casePrefix = '';
  describeStoreContract('redisStore (read cache)', {
    async create(clock) {
      const store = redisStore({ client: clientA, prefix: (casePrefix = nextPrefix()), clock, cache: {} });
      await cacheActive(store);
      return store;
    },
    async peer(_, clock) {
      const store = redisStore({ client: clientB, prefix: casePrefix, clock, cache: {} });
      await cacheActive(store);
      return store;
    },
    raceRounds: 50,
  });

  async function pair(): Promise<{
    a: RedisStore;
    b: RedisStore;
    prefix: string;
    close: () => Promise<void>;
  }> {
    const prefix = nextPrefix();
    const clock = manualClock();
    const a = redisStore({ client: clientA, prefix, clock, cache: {} });
    const b = redisStore({ client: clientB, prefix, clock, cache: {} });
    await Promise.all([cacheActive(a), cacheActive(b)]);
    return { a, b, prefix, close: async () => void (await Promise.all([a.close(), b.close()])) };
  }

  /** Instance B reads the record twice; the second read must be a hit. */
  async function cachedOnB(b: RedisStore, id: string): Promise<void> {
    await b.get(id);
    const before = b.cacheStats()?.hits ?? 0;
    expect(await b.get(id)).not.toBeNull();
    expect(b.cacheStats()?.hits).toBe(before + 1);
  }

  describeCrossInstanceChanges({ pair, cachedOnB, deadlineMs: DEADLINE_MS });

  it('never serves a cached record past its idle or absolute expiry', async () => {
    const clock = manualClock();
    const store = redisStore({ client: clientB, prefix: nextPrefix(), clock, cache: {} });
    try {
      await cacheActive(store);
      const record = makeRecord({ userId: 'alice' }, clock.now());
      await store.create(record);
      await store.get(record.id);
      expect(await store.get(record.id)).not.toBeNull();
      expect(store.cacheStats()?.entries).toBe(1);
      clock.set(record.idleExpiresMs);
      expect(await store.get(record.id)).toBeNull();
    } finally {
      await store.close();
    }
  });

  it('a tracking connection cut for real (CLIENT KILL) drops and bypasses the cache at once, until it is back', async () => {
    // Instance B signs in as a user of its own, so the test can keep its tracking connection from
    // coming back (ACL SETUSER off refuses new connections and keeps open ones) and tell "bypassed
    // while it is lost" from "emptied once it is back". The lease is made long, so only noticing
    // the loss can explain a refusal.
    const user = uniqueName('sesame-cache-user').replace(/[^a-zA-Z0-9-]/g, '-');
    const name = `${user}-client`;
    await admin.sendCommand(['ACL', 'SETUSER', user, 'on', '>cache-test-password', '~*', '&*', '+@all']);
    const client = createClient({
      url: redisUrl(),
      username: user,
      password: 'cache-test-password',
      name,
      disableOfflineQueue: true,
      socket: { reconnectStrategy: () => 50 },
    });
    client.on('error', () => {});
    const prefix = nextPrefix();
    const clock = manualClock();
    const a = redisStore({ client: clientA, prefix, clock });
    let b: RedisStore | undefined;
    try {
      await client.connect();
      b = redisStore({ client, prefix, clock, cache: { maxSilenceMs: 60_000 } });
      await cacheActive(b);
      const record = makeRecord({ userId: 'alice' });
      await a.create(record);
      await cachedOnB(b, record.id);
      const list = await admin.sendCommand<string>(['CLIENT', 'LIST']);
      const tracking = list
        .split('\n')
        .filter((line) => line.includes(` name=${name} `) && /flags=\S*t/.test(line))
        .map((line) => /(?:^|\s)id=(\d+)/.exec(line)?.[1] ?? '');
      expect(tracking).toHaveLength(1);
      // In one atomic step: no reconnecting, cut B's tracking connection, delete the session.
      // Redis cannot tell B (its connection is gone); only fail-closed handling can stop it.
      const replies = await admin
        .multi()
        .addCommand(['ACL', 'SETUSER', user, 'off'])
        .addCommand(['CLIENT', 'KILL', 'ID', tracking[0] ?? ''])
        .addCommand(['DEL', `${prefix}s:{${record.id}}`])
        .exec();
      expect(replies.map(String)).toEqual(['OK', '1', '1']);
      const seen = await watchUntilRefused(b, record.id, (r) => r !== null, { deadlineMs: DEADLINE_MS });
      expect(seen.servedAfterRefusal).toBe(0);
      expect(seen.refusedWhileActive).toBe(false);
      expect(b.cacheStats()?.active).toBe(false);
      // Back: caching again, starting empty.
      await admin.sendCommand(['ACL', 'SETUSER', user, 'on']);
      await cacheActive(b);
      const other = makeRecord({ userId: 'bob' });
      await a.create(other);
      await cachedOnB(b, other.id);
      expect(await b.get(record.id)).toBeNull();
    } finally {
      await b?.close();
      client.destroy();
      await admin.sendCommand(['ACL', 'DELUSER', user]);
    }
  });

  it('refuses cache on a client that cannot open a tracking connection', () => {
    const plain = { sendCommand: (args: string[]) => clientA.sendCommand(args) };
    expect(() => redisStore({ client: plain, cache: {} })).toThrow(/standalone client/);
    expect(() => redisStore({ client: clientA, cache: { maxEntries: 0 } })).toThrow(/maxEntries/);
  });
});
