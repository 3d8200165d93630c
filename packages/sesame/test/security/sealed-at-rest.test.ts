/**
 * Session data sealed at rest (issue 15), through the whole stack: with `encryption`, what the
 * store holds shows no plaintext of the data or of the IP address and user agent; rotating keys
 * keeps sessions and re-seals what is written; a record sealed under a key no longer configured,
 * or tampered with, is "no session" with an `unreadable` event, never a crash or a partial read;
 * parallel writes to different keys both persist. The raw dumps of the SQLite, Redis and
 * PostgreSQL stores are in sealed-dumps.test.ts.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createSessions, manualClock } from '../../src/index.js';
import type { SessionRecord } from '../../src/index.js';
import { sealedKeyId } from '../../src/seal/envelope.js';
import { sealKeyId } from '../../src/seal/keys.js';
import { memoryStore } from '../../src/stores/memory/index.js';
import { Client, COOKIE, startApp, type TestApp } from '../support/app.js';

const MARKER = 'Zq7-sealed-marker-Xw3';
const IP = '127.0.0.1';
const key = (): string => randomBytes(32).toString('base64url');
const idOf = (k: string): string => sealKeyId(Buffer.from(k, 'base64url'));

describe('session data sealed at rest', () => {
  const apps: TestApp[] = [];
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });
  async function app(keys: string[], shared?: TestApp): Promise<TestApp> {
    const started = await startApp({
      encryption: { keys },
      ...(shared === undefined ? {} : { store: shared.store, clock: shared.clock }),
    });
    apps.push(started);
    return started;
  }
  /** What the store itself holds for the session a client's cookie names. */
  async function raw(target: TestApp, client: Client): Promise<SessionRecord> {
    const id = (client.jar.get(COOKIE) ?? '').split('.')[0] ?? '';
    const record = await target.store.get(id);
    if (record === null) throw new Error('no stored record');
    return record;
  }
  async function signedIn(target: TestApp): Promise<Client> {
    const client = new Client(target.url);
    await client.post('/login', { json: { user: 'alice' }, headers: { 'user-agent': `Agent ${MARKER}` } });
    await client.post('/set', { json: { email: `${MARKER}@example.com`, cart: `cart-${MARKER}` } });
    return client;
  }

  it('the app reads its data while the store holds none of it, nor the IP address or user agent', async () => {
    const k1 = key();
    const a = await app([k1]);
    const client = await signedIn(a);
    expect((await client.get('/me')).body).toMatchObject({
      userId: 'alice',
      data: { email: `${MARKER}@example.com`, cart: `cart-${MARKER}` },
    });
    const sessions = (await client.get('/sessions')).body as { ip: string; userAgent: string }[];
    expect(sessions).toEqual([expect.objectContaining({ ip: IP, userAgent: `Agent ${MARKER}` })]);

    const stored = await raw(a, client);
    const dump = JSON.stringify(stored);
    expect(dump).not.toContain(MARKER);
    expect(dump).not.toContain(IP);
    expect(stored.userId).toBe('alice');
    for (const value of [...Object.values(stored.data), stored.meta.ip, stored.meta.userAgent]) {
      expect(sealedKeyId(value)).toBe(idOf(k1));
    }
    expect(a.errors).toEqual([]);
  });

  it('without encryption the same dump shows the data (the search above can find it)', async () => {
    const plain = await startApp();
    apps.push(plain);
    const client = await signedIn(plain);
    const dump = JSON.stringify(await raw(plain, client));
    expect(dump).toContain(MARKER);
    expect(dump).toContain(IP);
  });

  it('a record sealed under a key no longer configured is no session, with an event; nothing crashes', async () => {
    const a = await app([key()]);
    const client = await signedIn(a);
    const token = client.jar.get(COOKIE) ?? '';
    const b = await app([key()], a);
    const reply = await new Client(b.url).get('/me', { cookie: `${COOKIE}=${token}` });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ userId: null, data: {}, ended: 'ended', stored: false });
    expect(reply.setCookies.some((c) => c.startsWith(`${COOKIE}=;`))).toBe(true);
    expect(b.events).toEqual([
      expect.objectContaining({ type: 'unreadable', userId: 'alice', reason: 'unknown-key', ip: IP }),
    ]);
    expect(JSON.stringify(b.events)).not.toContain(token.split('.')[0]);
    expect(b.errors).toEqual([]);
    // Left alone: the right key opens it again, as after rolling back a bad deployment.
    expect((await client.get('/me')).body).toMatchObject({ userId: 'alice' });
  });

  it("the user's list of sessions leaves out one it cannot open, with an event, and lists the rest", async () => {
    const k1 = key();
    const k2 = key();
    const a = await app([k1]);
    await signedIn(a);
    // The same store after the old key was dropped: a new sign-in of the same user is sealed
    // under the new key, the old session under a key no longer configured.
    const b = await app([k2], a);
    const client = await signedIn(b);
    const listed = (await client.get('/sessions')).body as { current: boolean }[];
    expect(listed).toEqual([expect.objectContaining({ current: true })]);
    expect(b.events.filter((e) => e.type === 'unreadable')).toEqual([
      expect.objectContaining({ type: 'unreadable', userId: 'alice', reason: 'unknown-key', ip: null }),
    ]);
    expect(b.errors).toEqual([]);
  });

  it('opens nothing before the secret matched: a wrong secret on an unreadable record is only a mismatch', async () => {
    // Opening first would make a live id slower to refuse than an unknown one (issue 10).
    const a = await app([key()]);
    const client = await signedIn(a);
    const [id = ''] = (client.jar.get(COOKIE) ?? '').split('.');
    const b = await app([key()], a);
    const forged = `${id}.${randomBytes(32).toString('base64url')}`;
    const reply = await new Client(b.url).get('/me', { cookie: `${COOKIE}=${forged}` });
    expect(reply.body).toMatchObject({ userId: null, ended: 'ended' });
    expect(b.events.map((e) => [e.type, e.reason])).toEqual([['rejected', 'secret-mismatch']]);
  });

  it('a tampered record is no session, with an event, and a write through it creates nothing', async () => {
    const a = await app([key()]);
    const client = await signedIn(a);
    const stored = await raw(a, client);
    const cart = stored.data['cart'] as string;
    await a.store.applyDelta(stored.id, {
      set: { cart: `${cart.slice(0, -4)}${cart.endsWith('AAAA') ? 'BBBB' : 'AAAA'}` },
    });
    const cookie = `${COOKIE}=${client.jar.get(COOKIE) ?? ''}`;
    const reply = await new Client(a.url).get('/me', { cookie });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ userId: null, data: {}, ended: 'ended', stored: false });
    expect(a.events.filter((e) => e.type === 'unreadable').map((e) => e.reason)).toEqual(['tampered']);
    // Never a partial read: the email, which still opens, was not served either.
    expect(JSON.stringify(reply.body)).not.toContain(MARKER);
    const write = await new Client(a.url).post('/set', { json: { more: 1 }, cookie });
    expect(write.status).toBe(401);
    expect((await a.store.get(stored.id))?.data).not.toHaveProperty('more');
    expect(a.errors).toEqual([]);
  });

  it('a session signed in after a key rotation still reads under the old key, and is re-sealed by writes and rotation', async () => {
    const k1 = key();
    const k2 = key();
    const a = await app([k1]);
    const client = await signedIn(a);
    const b = await app([k2, k1], a);
    const token = client.jar.get(COOKIE) ?? '';
    const onB = new Client(b.url);
    onB.jar.set(COOKIE, token);
    expect((await onB.get('/me')).body).toMatchObject({ userId: 'alice', data: { cart: `cart-${MARKER}` } });

    await onB.post('/set', { json: { cart: 'new' } });
    let stored = await raw(b, onB);
    expect(sealedKeyId(stored.data['cart'])).toBe(idOf(k2));
    // Untouched by that write, so still under the old key (re-sealing it would risk a lost update).
    expect(sealedKeyId(stored.data['email'])).toBe(idOf(k1));

    await onB.post('/rotate', {});
    stored = await raw(b, onB);
    for (const value of [...Object.values(stored.data), stored.meta.ip, stored.meta.userAgent]) {
      expect(sealedKeyId(value)).toBe(idOf(k2));
    }
    const c = await app([k2], a);
    const onC = new Client(c.url);
    onC.jar.set(COOKIE, onB.jar.get(COOKIE) ?? '');
    expect((await onC.get('/me')).body).toMatchObject({
      userId: 'alice',
      data: { email: `${MARKER}@example.com`, cart: 'new' },
    });
    expect(c.events.filter((e) => e.type === 'unreadable')).toEqual([]);
  });

  it('parallel writes of different keys both persist, sealed', async () => {
    const a = await app([key()]);
    const client = await signedIn(a);
    const other = new Client(a.url);
    other.jar.set(COOKIE, client.jar.get(COOKIE) ?? '');
    const first = client.post('/slow/set/one', { json: { first: MARKER } });
    const second = other.post('/slow/set/two', { json: { second: MARKER } });
    await new Promise((resolve) => setImmediate(resolve));
    a.open('one');
    a.open('two');
    await Promise.all([first, second]);
    expect((await client.get('/me')).body).toMatchObject({
      data: { email: `${MARKER}@example.com`, first: MARKER, second: MARKER },
    });
  });

  it('refuses a bad key at startup with a message that says what to change', () => {
    const logger = { warn: () => {}, error: () => {} };
    const start = (keys: unknown) => () =>
      createSessions({
        store: memoryStore(),
        production: false,
        logger,
        encryption: { keys: keys as string },
      });
    expect(start('not a key')).toThrow(
      expect.objectContaining({
        code: 'ERR_CONFIG_INVALID',
        message: expect.stringContaining('randomBytes(32)') as string,
      }) as Error,
    );
    expect(start(Buffer.alloc(32))).toThrow(
      expect.objectContaining({ code: 'ERR_CONFIG_INSECURE' }) as Error,
    );
    expect(() =>
      createSessions({
        store: memoryStore(),
        production: true,
        secrets: 'production-secret-0123456789-abcdefghijklmnop',
        origin: 'https://app.example.com',
        encryption: { keys: [undefined] },
      }),
    ).toThrow(expect.objectContaining({ code: 'ERR_CONFIG_INSECURE' }) as Error);
    const ok = createSessions({
      store: memoryStore(),
      clock: manualClock(),
      production: false,
      logger,
      encryption: { keys: key() },
    });
    expect(ok.config.encryption).toHaveLength(1);
  });
});
