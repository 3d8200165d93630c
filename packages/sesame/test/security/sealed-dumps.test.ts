/**
 * What a raw dump of each durable store shows with sealing on (issue 15): the SQLite files on
 * disk, every Redis key under the prefix read from the real server, the PostgreSQL table's rows
 * and its heap file. A distinctive marker goes into data values, the user agent and the IP
 * address through every kind of write; it must appear nowhere. The same writes without sealing
 * show it, so the search is known to work. Each sealed store also passes the whole store contract
 * (parallel deltas to different keys included), run against the real server.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/clock.js';
import { sealKeyId } from '../../src/seal/keys.js';
import type { SealKey } from '../../src/seal/keys.js';
import { sealedStore } from '../../src/seal/sealed-store.js';
import type { SessionStore } from '../../src/store.js';
import { postgresStore } from '../../src/stores/postgres/index.js';
import { redisStore } from '../../src/stores/redis/index.js';
import { sqliteStore } from '../../src/stores/sqlite/index.js';
import { describeStoreContract, makeRecord } from '../../src/testing/index.js';
import { schemaPool } from '../support/postgres.js';
import {
  databaseUrl,
  probePostgres,
  probeRedis,
  redisUrl,
  requireServer,
  uniqueName,
} from '../support/servers.js';
import { sqlitePeer } from '../support/sqlite-peer.js';

const MARKER = 'Zq7-sealed-marker-Xw3';
const IP = '203.0.113.177';
const RACE_ROUNDS = 20; // the races exercise the inner store, which its own test file runs in full
const keys: SealKey[] = [randomBytes(32)].map((bytes) => ({ id: sealKeyId(bytes), bytes }));

/** Every kind of write, each carrying the marker; returns what a raw dump must not show. */
async function writeMarked(store: SessionStore): Promise<string[]> {
  const clock = manualClock();
  const first = makeRecord(
    {
      userId: 'alice',
      data: { email: `${MARKER}@example.com`, profile: { roles: [`role-${MARKER}`] } },
      meta: { ip: IP, userAgent: `Agent ${MARKER}` },
    },
    clock.now(),
  );
  await store.create(first);
  await store.applyDelta(first.id, {
    set: { cart: [`item-${MARKER}`] },
    meta: { userAgent: `Later ${MARKER}` },
  });
  const rotated = { ...first, id: makeRecord().id, data: { ...first.data, after: `rotated-${MARKER}` } };
  await store.replace(first.id, rotated);
  expect((await store.get(rotated.id))?.data['after']).toBe(`rotated-${MARKER}`);
  return [MARKER, IP];
}

function expectAbsent(dump: Buffer | string, needles: string[]): void {
  for (const needle of needles) expect(dump.includes(needle), needle).toBe(false);
}

function expectPresent(dump: Buffer | string, needles: string[]): void {
  for (const needle of needles) expect(dump.includes(needle), needle).toBe(true);
}

describe('SQLite file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sesame-sealed-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let count = 0;
  const freshPath = (): string => join(dir, `sessions-${++count}.db`);
  /** Every byte on disk (database, WAL, shared memory) and the logical image of the database. */
  const dumpOf = (path: string): Buffer =>
    Buffer.concat([
      ...readdirSync(dir)
        .filter((name) => name.startsWith(path.slice(dir.length + 1)))
        .map((name) => readFileSync(join(dir, name))),
      new Database(path, { readonly: true }).serialize(),
    ]);

  let casePath = '';
  describeStoreContract('sealedStore(sqliteStore file)', {
    create: (clock) => sealedStore(sqliteStore({ path: (casePath = freshPath()), clock }), keys),
    peer: async () => sealedStore(await sqlitePeer(casePath), keys),
    raceRounds: RACE_ROUNDS,
  });

  it('sealed: no marker anywhere in the files', async () => {
    const path = freshPath();
    const store = sealedStore(sqliteStore({ path }), keys);
    const needles = await writeMarked(store);
    expectAbsent(dumpOf(path), needles);
    await store.close();
  });

  it('unsealed: the same writes leave the marker in the files', async () => {
    const path = freshPath();
    const store = sqliteStore({ path });
    const needles = await writeMarked(store);
    expectPresent(dumpOf(path), needles);
    await store.close();
  });
});

const redisAvailable = await requireServer(`Redis at ${redisUrl()}`, () => probeRedis());

describe.skipIf(!redisAvailable)('Redis', () => {
  const FILE_PREFIX = `${uniqueName('sesame-sealed')}:`;
  const client = createClient({ url: redisUrl(), disableOfflineQueue: true });
  const peerClient = createClient({ url: redisUrl(), disableOfflineQueue: true });
  client.on('error', () => {});
  peerClient.on('error', () => {});
  let cases = 0;
  beforeAll(async () => {
    await client.connect();
    await peerClient.connect();
  });
  afterAll(async () => {
    for await (const found of client.scanIterator({ MATCH: `${FILE_PREFIX}*`, COUNT: 1_000 })) {
      if (found.length > 0) await client.unlink(found);
    }
    client.destroy();
    peerClient.destroy();
  });

  /** Every key under `prefix`, read from the server by type, and its serialized form (DUMP). */
  async function dumpOf(prefix: string): Promise<string> {
    const dump: string[] = [];
    for await (const found of client.scanIterator({ MATCH: `${prefix}*` })) {
      for (const k of found) {
        const type = await client.type(k);
        const value =
          type === 'hash'
            ? await client.hGetAll(k)
            : type === 'zset'
              ? await client.zRangeWithScores(k, 0, -1)
              : type === 'string'
                ? await client.get(k)
                : `(${type})`;
        dump.push(k, JSON.stringify(value), JSON.stringify(await client.sendCommand(['DUMP', k])));
      }
    }
    expect(dump.length).toBeGreaterThan(0);
    return dump.join('\n');
  }

  let casePrefix = '';
  describeStoreContract('sealedStore(redisStore)', {
    create: (clock) =>
      sealedStore(redisStore({ client, prefix: (casePrefix = `${FILE_PREFIX}${cases++}:`), clock }), keys),
    peer: (_, clock) => sealedStore(redisStore({ client: peerClient, prefix: casePrefix, clock }), keys),
    raceRounds: RACE_ROUNDS,
  });

  it('sealed: no marker in any key', async () => {
    const prefix = `${FILE_PREFIX}${cases++}:`;
    const needles = await writeMarked(sealedStore(redisStore({ client, prefix }), keys));
    expectAbsent(await dumpOf(prefix), needles);
  });

  it('unsealed: the same writes leave the marker in the keys', async () => {
    const prefix = `${FILE_PREFIX}${cases++}:`;
    const needles = await writeMarked(redisStore({ client, prefix }));
    expectPresent(await dumpOf(prefix), needles);
  });
});

const postgresAvailable = await requireServer(`PostgreSQL at ${databaseUrl()}`, () => probePostgres());

describe.skipIf(!postgresAvailable)('PostgreSQL', () => {
  const { pool, schema, nextTable } = schemaPool('sesame_sealed');
  const peerPool = new pg.Pool({ connectionString: databaseUrl(), max: 4 });
  peerPool.on('error', () => {});
  afterAll(() => peerPool.end());

  /** The table's rows as text, and its heap file on disk after a checkpoint. */
  async function dumpOf(tableName: string): Promise<{ rows: string; file: Buffer }> {
    const table = `"${schema}"."${tableName}"`;
    const { rows } = await pool.query<{ row: string }>(`SELECT t::text AS row FROM ${table} t`);
    expect(rows.length).toBeGreaterThan(0);
    await pool.query('CHECKPOINT');
    const file = await pool.query<{ bytes: Buffer }>(
      `SELECT pg_read_binary_file(pg_relation_filepath($1::regclass)) AS bytes`,
      [table],
    );
    return { rows: rows.map((r) => r.row).join('\n'), file: file.rows[0]?.bytes ?? Buffer.alloc(0) };
  }

  let tableName = '';
  describeStoreContract('sealedStore(postgresStore)', {
    async create(clock) {
      tableName = nextTable();
      const store = postgresStore({ pool, schema, tableName, clock });
      await store.migrate();
      return sealedStore(store, keys);
    },
    peer: (_, clock) => sealedStore(postgresStore({ pool: peerPool, schema, tableName, clock }), keys),
    raceRounds: RACE_ROUNDS,
  });

  it('sealed: no marker in the rows or the table file', async () => {
    const name = nextTable();
    const store = postgresStore({ pool, schema, tableName: name });
    await store.migrate();
    const needles = await writeMarked(sealedStore(store, keys));
    const { rows, file } = await dumpOf(name);
    expectAbsent(rows, needles);
    expectAbsent(file, needles);
  });

  it('unsealed: the same writes leave the marker in the rows and the table file', async () => {
    const name = nextTable();
    const store = postgresStore({ pool, schema, tableName: name });
    await store.migrate();
    const needles = await writeMarked(store);
    const { rows, file } = await dumpOf(name);
    expectPresent(rows, needles);
    expectPresent(file, needles);
  });
});
