import Database from 'better-sqlite3';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../clock.js';
import { isProcessLocal } from '../../config.js';
import { describeStoreContract, makeRecord } from '../../testing/index.js';
import { generateToken } from '../../token/generate.js';
import { sqlitePeer } from '../../../test/support/sqlite-peer.js';
import { expectRenewalOnOldRow } from '../../../test/support/migrated-row.js';
import { sqliteStore } from './index.js';
import { MMAP_BYTES, openDatabase } from './open-database.js';

const dir = mkdtempSync(join(tmpdir(), 'sesame-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileCount = 0;
const freshPath = (): string => join(dir, `sessions-${++fileCount}.db`);

describeStoreContract('sqliteStore :memory:', {
  create: (clock) => sqliteStore({ path: ':memory:', clock }),
});
// The race cases run one side of each race in a second process on the same file (issue 10).
let casePath = '';
describeStoreContract('sqliteStore file (WAL)', {
  create: (clock) => sqliteStore({ path: (casePath = freshPath()), clock }),
  peer: () => sqlitePeer(casePath),
});

describe('sqliteStore', () => {
  it('keeps sessions in the file across close and reopen', async () => {
    const path = freshPath();
    const clock = manualClock();
    const record = makeRecord({ userId: 'user-1', data: { cart: [1, 2] } }, clock.now());
    const first = sqliteStore({ path, clock });
    await first.create(record);
    await first.close();
    const second = sqliteStore({ path, clock });
    expect(await second.get(record.id)).toEqual(record);
    expect((await second.listByUser('user-1')).map((r) => r.id)).toEqual([record.id]);
    await second.close();
  });

  it('opens its own file in WAL mode', async () => {
    const path = freshPath();
    const store = sqliteStore({ path, clock: manualClock() });
    const probe = new Database(path, { readonly: true });
    expect(probe.pragma('journal_mode', { simple: true })).toBe('wal');
    probe.close();
    await store.close();
  });

  it('reads its own file through a memory map, and leaves an adopted database as it is', () => {
    const { db } = openDatabase({ path: freshPath() });
    expect(db.pragma('mmap_size', { simple: true })).toBe(MMAP_BYTES);
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    db.close();
    const adopted = new Database(freshPath());
    openDatabase({ database: adopted });
    expect(adopted.pragma('mmap_size', { simple: true })).toBe(0);
    adopted.close();
  });

  it('a dump of the database holds SHA-256 hashes, never a token secret', async () => {
    const path = freshPath();
    const clock = manualClock();
    const store = sqliteStore({ path, clock });
    const tokens = Array.from({ length: 20 }, () => generateToken());
    for (const token of tokens) {
      await store.create(
        makeRecord({ id: token.id, secretHash: token.secretHash, userId: 'user-1' }, clock.now()),
      );
    }
    // Every byte on disk (database, WAL, shared memory) and the logical image of the database.
    const images = [
      ...readdirSync(dir)
        .filter((name) => name.startsWith(path.slice(dir.length + 1)))
        .map((name) => readFileSync(join(dir, name))),
      new Database(path, { readonly: true }).serialize(),
    ];
    const dump = Buffer.concat(images);
    for (const token of tokens) {
      expect(dump.includes(token.secret)).toBe(false);
      expect(dump.includes(Buffer.from(token.secret, 'base64url'))).toBe(false);
      expect(dump.includes(token.value)).toBe(false);
      // The search works: the hash and the id are there.
      expect(dump.includes(token.secretHash)).toBe(true);
      expect(dump.includes(token.id)).toBe(true);
    }
    await store.close();
  });

  it('get is one SELECT by primary key; user and expiry lookups use their indexes', async () => {
    const executed: string[] = [];
    const db = new Database(':memory:', { verbose: (sql) => executed.push(String(sql)) });
    const clock = manualClock();
    const store = sqliteStore({ database: db, clock });
    const record = makeRecord({ userId: 'user-1' }, clock.now());
    await store.create(record);

    const plan = (sql: string, params: Record<string, unknown>): string =>
      db
        .prepare<Record<string, unknown>, { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
        .all(params)
        .map((row) => row.detail)
        .join('\n');

    executed.length = 0;
    expect(await store.get(record.id)).toEqual(record);
    expect(executed).toHaveLength(1);
    expect(plan(executed[0] ?? '', { id: record.id, now: 0 })).toMatch(
      /SEARCH sesame_sessions USING INDEX .*\(id=\?\)/,
    );

    executed.length = 0;
    await store.listByUser('user-1');
    expect(plan(executed[0] ?? '', { userId: 'user-1', now: 0 })).toMatch(
      /USING (COVERING )?INDEX sesame_sessions_user_id/,
    );

    executed.length = 0;
    await store.deleteExpired(clock.now());
    expect(plan(executed[0] ?? '', { now: 0 })).toMatch(/USING (COVERING )?INDEX sesame_sessions_expires_ms/);
    await store.close();
    db.close();
  });

  it('deletes expired rows in batches of at most 1000', async () => {
    const executed: string[] = [];
    const db = new Database(':memory:', { verbose: (sql) => executed.push(String(sql)) });
    const clock = manualClock();
    const store = sqliteStore({ database: db, clock });
    for (let i = 0; i < 2_345; i++) {
      await store.create(makeRecord({ idleExpiresMs: clock.now() + 1 }, clock.now()));
    }
    clock.advance(1);
    executed.length = 0;
    expect(await store.deleteExpired(clock.now())).toBe(2_345);
    expect(executed.filter((sql) => sql.includes('LIMIT 1000'))).toHaveLength(3);
    await store.close();
    db.close();
  });

  it('leaves a database it did not open open, with its own journal mode', async () => {
    const path = freshPath();
    const db = new Database(path);
    const store = sqliteStore({ database: db, clock: manualClock() });
    await store.create(makeRecord());
    await store.close();
    expect(db.open).toBe(true);
    expect(db.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(db.prepare('SELECT count(*) AS n FROM sesame_sessions').get()).toEqual({ n: 1 });
    db.close();
  });

  it('keeps stores with different table names apart in one database', async () => {
    const db = new Database(':memory:');
    const clock = manualClock();
    const a = sqliteStore({ database: db, tableName: 'sessions_a', clock });
    const b = sqliteStore({ database: db, tableName: 'sessions_b', clock });
    const record = makeRecord({ userId: 'user-1' }, clock.now());
    await a.create(record);
    expect(await b.get(record.id)).toBeNull();
    expect(await b.deleteByUser('user-1')).toBe(0);
    expect(await a.get(record.id)).toEqual(record);
    db.close();
  });

  it('refuses a table name that is not a plain identifier', () => {
    for (const tableName of ['x; DROP TABLE users', 'a"b', '1abc', '', 'a'.repeat(64)]) {
      expect(() => sqliteStore({ path: ':memory:', tableName })).toThrow(
        expect.objectContaining({ code: 'ERR_CONFIG_INVALID' }) as Error,
      );
    }
  });

  it('needs exactly one of path or database', () => {
    const db = new Database(':memory:');
    expect(() => sqliteStore({})).toThrow(expect.objectContaining({ code: 'ERR_CONFIG_INVALID' }) as Error);
    expect(() => sqliteStore({ path: ':memory:', database: db })).toThrow(
      expect.objectContaining({ code: 'ERR_CONFIG_INVALID' }) as Error,
    );
    db.close();
  });

  it('is process-local only when in memory', async () => {
    const inMemory = sqliteStore({ path: ':memory:' });
    const onDisk = sqliteStore({ path: freshPath() });
    expect(isProcessLocal(inMemory)).toBe(true);
    expect(isProcessLocal(onDisk)).toBe(false);
    await inMemory.close();
    await onDisk.close();
  });

  it('rejects (never throws) once closed, so the engine can answer 503', async () => {
    const store = sqliteStore({ path: ':memory:' });
    await store.close();
    const call = store.get('x');
    expect(call).toBeInstanceOf(Promise);
    await expect(call).rejects.toThrow();
    await expect(store.deleteExpired(Date.now())).rejects.toThrow();
  });

  it('parallel writers on two connections to one file keep every key', async () => {
    const path = freshPath();
    const clock = manualClock();
    const one = sqliteStore({ path, clock });
    const two = sqliteStore({ path, clock });
    const record = makeRecord({}, clock.now());
    await one.create(record);
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        (i % 2 === 0 ? one : two).applyDelta(record.id, { set: { [`k${i}`]: i } }),
      ),
    );
    expect(Object.keys((await two.get(record.id))?.data ?? {})).toHaveLength(100);
    await one.close();
    await two.close();
  });
});

describe('sqliteStore migration (issue 16)', () => {
  it('adds the device_binding and renewal columns to a table made before them, keeping the rows', async () => {
    const path = freshPath();
    const old = new Database(path);
    old.exec(`CREATE TABLE sesame_sessions (
      id TEXT PRIMARY KEY NOT NULL, secret_hash TEXT NOT NULL, user_id TEXT, data TEXT NOT NULL,
      created_ms INTEGER NOT NULL, last_seen_ms INTEGER NOT NULL, idle_expires_ms INTEGER NOT NULL,
      absolute_expires_ms INTEGER NOT NULL, authenticated_ms INTEGER, rotated_ms INTEGER NOT NULL,
      persistent INTEGER NOT NULL, ip TEXT, user_agent TEXT)`);
    const clock = manualClock();
    const record = makeRecord({ userId: 'user-1' }, clock.now());
    old
      .prepare('INSERT INTO sesame_sessions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(
        record.id,
        record.secretHash,
        'user-1',
        '{}',
        record.createdMs,
        record.lastSeenMs,
        record.idleExpiresMs,
        record.absoluteExpiresMs,
        null,
        record.rotatedMs,
        0,
        null,
        null,
      );
    old.close();
    const store = sqliteStore({ path, clock });
    expect(await store.get(record.id)).toEqual(record);
    const deviceBinding = {
      sessionId: 's',
      jwk: { kty: 'EC' },
      challenge: 'c',
      challengeExpiresMs: 1,
      boundMs: 2,
    };
    expect(await store.applyDelta(record.id, { deviceBinding })).toBe(true);
    expect((await store.get(record.id))?.deviceBinding).toEqual(deviceBinding);
    await store.close();
    // Opening it again finds the column there and changes nothing.
    const again = sqliteStore({ path, clock });
    expect((await again.get(record.id))?.deviceBinding).toEqual(deviceBinding);
    // The renewal columns came with the same migration: a renewal works on the old row.
    await expectRenewalOnOldRow(again, record, clock.now());
    await again.close();
  });
});
