/**
 * The Redis store on the standalone Redis at REDIS_URL (default 127.0.0.1:6379): the whole store
 * contract, then what is specific to Redis (key layout, TTLs, round trips, what a dump shows).
 * Each case uses its own key prefix; every key under this file's prefix is deleted afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESP_TYPES, createClient } from 'redis';
import type { ManualClock } from '../../clock.js';
import { manualClock } from '../../clock.js';
import { describeStoreContract, makeRecord } from '../../testing/index.js';
import { generateToken } from '../../token/generate.js';
import { probeRedis, redisUrl, requireServer, uniqueName } from '../../../test/support/servers.js';
import type { RedisNodeClient } from './index.js';
import { redisStore } from './index.js';

const available = await requireServer(`Redis at ${redisUrl()}`, () => probeRedis());
const FILE_PREFIX = `${uniqueName('sesame-test')}:`;
const MINUTE_MS = 60_000;

describe.skipIf(!available)('redisStore on standalone Redis', () => {
  // node-redis v6 speaks RESP3 by default and v5 RESP2; the store reads raw replies of both.
  const client = createClient({ url: redisUrl(), disableOfflineQueue: true });
  const resp2Client = createClient({ url: redisUrl(), disableOfflineQueue: true, RESP: 2 });
  client.on('error', () => {});
  resp2Client.on('error', () => {});
  let cases = 0;
  const nextPrefix = (): string => `${FILE_PREFIX}${cases++}:`;

  beforeAll(async () => {
    await client.connect();
    await resp2Client.connect();
  });
  afterAll(async () => {
    for await (const keys of client.scanIterator({ MATCH: `${FILE_PREFIX}*`, COUNT: 1_000 })) {
      if (keys.length > 0) await client.unlink(keys);
    }
    client.destroy();
    resp2Client.destroy();
  });

  // Each contract case gets a fresh prefix; the race cases run one side of each race on the other
  // client, on the same prefix (issue 10).
  let casePrefix = '';
  describeStoreContract('redisStore', {
    create: (clock) => redisStore({ client, prefix: (casePrefix = nextPrefix()), clock }),
    peer: (_, clock) => redisStore({ client: resp2Client, prefix: casePrefix, clock }),
  });
  describeStoreContract('redisStore (RESP2 client)', {
    create: (clock) => redisStore({ client: resp2Client, prefix: (casePrefix = nextPrefix()), clock }),
    peer: (_, clock) => redisStore({ client, prefix: casePrefix, clock }),
    // The races test the store's scripts and steps, the same on either protocol.
    raceRounds: 50,
  });

  /** The client, counting the commands each store call sends. */
  function counted(): { client: RedisNodeClient; sent: string[] } {
    const sent: string[] = [];
    return {
      sent,
      client: {
        sendCommand: (args: string[]) => {
          sent.push(args[0] ?? '');
          return client.sendCommand(args);
        },
      },
    };
  }

  function setup(clock: ManualClock = manualClock()) {
    const prefix = nextPrefix();
    const counter = counted();
    return {
      prefix,
      clock,
      sent: counter.sent,
      store: redisStore({ client: counter.client, prefix, clock }),
    };
  }

  it('keeps a session as one hash with a TTL at its idle expiry, and the user index as a sorted set', async () => {
    const { prefix, clock, store } = setup();
    const record = makeRecord({ userId: 'alice', data: { cart: [1, 2] } }, clock.now());
    await store.create(record);
    const sessionKey = `${prefix}s:{${record.id}}`;
    const indexKey = `${prefix}u:{alice}`;
    expect(await client.type(sessionKey)).toBe('hash');
    expect(await client.type(indexKey)).toBe('zset');
    expect(await client.zScore(indexKey, record.id)).toBe(record.absoluteExpiresMs);
    // Redis forgets the key one grace minute after Sesame stops accepting it (ttl.ts).
    const sessionTtlMs = await client.pTTL(sessionKey);
    expect(sessionTtlMs).toBeLessThanOrEqual(31 * MINUTE_MS);
    expect(sessionTtlMs).toBeGreaterThan(31 * MINUTE_MS - 5_000);
    // The index outlives every session in it, so it can never lose one to its own TTL.
    expect(await client.pTTL(indexKey)).toBeGreaterThan(12 * 60 * MINUTE_MS);
  });

  it('touch moves the TTL with the idle expiry but never past the absolute expiry', async () => {
    const { prefix, clock, store } = setup();
    const startMs = clock.now();
    const record = makeRecord({ absoluteExpiresMs: startMs + 40 * MINUTE_MS }, startMs);
    await store.create(record);
    clock.advance(20 * MINUTE_MS);
    expect(await store.touch(record.id, clock.now(), clock.now() + 30 * MINUTE_MS)).toBe(true);
    // 20 minutes left to the absolute expiry, plus the grace minute.
    const ttlMs = await client.pTTL(`${prefix}s:{${record.id}}`);
    expect(ttlMs).toBeLessThanOrEqual(21 * MINUTE_MS);
    expect(ttlMs).toBeGreaterThan(21 * MINUTE_MS - 5_000);
  });

  it('applyDelta with a touch moves the TTL as touch does, and without one leaves it', async () => {
    const { prefix, clock, store } = setup();
    const startMs = clock.now();
    const record = makeRecord({ idleExpiresMs: startMs + 30 * MINUTE_MS }, startMs);
    const key = `${prefix}s:{${record.id}}`;
    await store.create(record);
    const createdTtlMs = await client.pTTL(key);
    clock.advance(20 * MINUTE_MS);
    expect(await store.applyDelta(record.id, { set: { a: 1 } })).toBe(true);
    expect(await client.pTTL(key)).toBeLessThanOrEqual(createdTtlMs);
    const touch = { lastSeenMs: clock.now(), idleExpiresMs: clock.now() + 30 * MINUTE_MS };
    expect(await store.applyDelta(record.id, { set: { b: 2 }, touch })).toBe(true);
    // 30 minutes from the touch, plus the grace minute.
    const ttlMs = await client.pTTL(key);
    expect(ttlMs).toBeLessThanOrEqual(31 * MINUTE_MS);
    expect(ttlMs).toBeGreaterThan(31 * MINUTE_MS - 5_000);
  });

  it('get is one round trip (HGETALL); create, applyDelta and touch are one script each', async () => {
    const { clock, store, sent } = setup();
    const record = makeRecord({ userId: 'alice' }, clock.now());
    await store.create(record);
    expect(sent).toEqual(['EVALSHA']);
    sent.length = 0;
    await store.get(record.id);
    expect(sent).toEqual(['HGETALL']);
    sent.length = 0;
    await store.applyDelta(record.id, { set: { a: 1 }, unset: ['b'] });
    await store.touch(record.id, clock.now(), clock.now() + MINUTE_MS);
    await store.applyDelta(record.id, {
      set: { a: 2 },
      touch: { lastSeenMs: clock.now(), idleExpiresMs: clock.now() + MINUTE_MS },
    });
    expect(sent).toEqual(['EVALSHA', 'EVALSHA', 'EVALSHA']);
    sent.length = 0;
    expect(await store.replace(record.id, makeRecord({ userId: 'alice' }, clock.now()))).toEqual({
      userSessions: 1,
    });
    expect(sent).toEqual(['EVALSHA']);
    // Signing in from an anonymous session is one script too: the old record has no index entry.
    const anonymous = makeRecord({}, clock.now());
    await store.create(anonymous);
    sent.length = 0;
    expect(await store.replace(anonymous.id, makeRecord({ userId: 'alice' }, clock.now()))).toEqual({
      userSessions: 2,
    });
    expect(sent).toEqual(['EVALSHA']);
  });

  it('sends no client-side timeout per command, and keeps the client’s other command options', async () => {
    // node-redis 6 arms a 5 s timer per command by default; storeTimeout bounds store calls instead.
    const buffers = client.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
    const options: unknown[] = [];
    const replies: unknown[] = [];
    const recording: RedisNodeClient = {
      sendCommand: async (args, commandOptions) => {
        options.push(commandOptions);
        const reply = await buffers.sendCommand(args, commandOptions);
        replies.push(reply);
        return reply;
      },
    };
    const clock = manualClock();
    const store = redisStore({ client: recording, prefix: nextPrefix(), clock });
    const record = makeRecord({ userId: 'alice', data: { cart: [1] } }, clock.now());
    await store.create(record);
    expect(await store.get(record.id)).toEqual(record);
    expect(await store.applyDelta(record.id, { set: { cart: [2] } })).toBe(true);
    expect(options).toEqual([{ timeout: 0 }, { timeout: 0 }, { timeout: 0 }]);
    // The type mapping still applied: HGETALL's values came as Buffers, and were read all the same.
    const values: unknown[] = Object.values(replies[1] as object);
    expect(values.length).toBeGreaterThan(0);
    expect(values.every((value) => Buffer.isBuffer(value))).toBe(true);
  });

  it('loads its scripts again after SCRIPT FLUSH (NOSCRIPT fallback)', async () => {
    const { clock, store } = setup();
    const record = makeRecord({ userId: 'alice' }, clock.now());
    await store.create(record);
    await client.scriptFlush();
    expect(await store.applyDelta(record.id, { set: { after: 'flush' } })).toBe(true);
    expect((await store.get(record.id))?.data).toEqual({ after: 'flush' });
  });

  it('every key and value holds the SHA-256 of the secret, never the secret or the token', async () => {
    const { prefix, clock, store } = setup();
    const token = generateToken();
    await store.create({
      ...makeRecord({ userId: 'alice' }, clock.now()),
      id: token.id,
      secretHash: token.secretHash,
    });
    const dump: string[] = [];
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*` })) {
      for (const key of keys) {
        const type = await client.type(key);
        const value = type === 'hash' ? await client.hGetAll(key) : await client.zRangeWithScores(key, 0, -1);
        dump.push(key, JSON.stringify(value));
      }
    }
    const text = dump.join('\n');
    expect(text).toContain(token.secretHash);
    expect(text).not.toContain(token.secret);
    expect(text).not.toContain(token.value);
  });

  it('a corrupt hash reads as no session, and writes to it report it gone', async () => {
    const { prefix, store } = setup();
    const id = generateToken().id;
    await client.hSet(`${prefix}s:{${id}}`, { secretHash: 'x', idleExpiresMs: 'soon', 'd:bad': '{not json' });
    expect(await store.get(id)).toBeNull();
    expect(await store.applyDelta(id, { set: { a: 1 } })).toBe(false);
    expect(await store.touch(id, Date.now(), Date.now() + MINUTE_MS)).toBe(false);
  });

  it('skips an index entry whose record is gone and prunes it after the absolute expiry', async () => {
    const { prefix, clock, store } = setup();
    const live = makeRecord({ userId: 'alice' }, clock.now());
    const lost = makeRecord({ userId: 'alice' }, clock.now());
    await store.create(live);
    await store.create(lost);
    // As if Redis had expired the record by TTL, or a process died between the two steps of a delete.
    await client.del(`${prefix}s:{${lost.id}}`);
    expect((await store.listByUser('alice')).map((r) => r.id)).toEqual([live.id]);
    expect(await client.zScore(`${prefix}u:{alice}`, lost.id)).not.toBeNull();
    clock.set(lost.absoluteExpiresMs + 2 * MINUTE_MS);
    await store.listByUser('alice');
    expect(await client.zRange(`${prefix}u:{alice}`, 0, -1)).toEqual([]);
  });

  it('deleteByUser is one script that also drops entries whose record is gone (issue 10)', async () => {
    const { prefix, clock, store, sent } = setup();
    const kept = makeRecord({ userId: 'alice' }, clock.now());
    const lost = makeRecord({ userId: 'alice' }, clock.now());
    const other = makeRecord({ userId: 'alice' }, clock.now());
    for (const record of [kept, lost, other]) await store.create(record);
    // On one node a create writes record and entry together, so an entry without a record is dead.
    await client.del(`${prefix}s:{${lost.id}}`);
    await store.deleteByUser('nobody'); // loads the script, which another case may have flushed
    sent.length = 0;
    expect(await store.deleteByUser('alice', { exceptId: kept.id })).toBe(1);
    expect(sent).toEqual(['EVALSHA']);
    expect(await client.zRange(`${prefix}u:{alice}`, 0, -1)).toEqual([kept.id]);
    expect(await store.get(kept.id)).toEqual(kept);
    expect(await store.get(other.id)).toBeNull();
  });

  it('refuses a prefix with hash-tag braces', () => {
    expect(() => redisStore({ client, prefix: '{app}:' })).toThrow(
      expect.objectContaining({ code: 'ERR_CONFIG_INVALID' }) as Error,
    );
  });

  it('close leaves the app’s client open', async () => {
    const { store } = setup();
    await store.close();
    expect(client.isReady).toBe(true);
    expect(await client.ping()).toBe('PONG');
  });
});
