/**
 * The DBSC registration endpoint finds its session the way a load does (issue 16): no cookie, a
 * malformed one, a wrong secret or an expired session is no session (401), never a lookup that
 * lets a request register a key for someone else's session; a live session without a proof is a
 * 400 (the endpoint found it).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/clock.js';
import type { SessionRecord } from '../../src/store.js';
import { memoryStore } from '../../src/stores/memory/index.js';
import { DeviceKey, parseRegistration } from '../../src/testing/device-key.js';
import { Client, startApp, type TestApp } from '../support/app.js';

const SID = '__Host-sid';

describe('DBSC registration: which session it finds', () => {
  let app: TestApp;
  afterEach(async () => {
    await app.close();
  });

  async function signedIn(): Promise<{ path: string; token: string }> {
    const client = new Client(app.url);
    const login = await client.post('/login', { json: { user: 'alice' } });
    const offer = parseRegistration(login.headers.get('secure-session-registration'));
    const line = login.setCookies.find((l) => l.startsWith(`${SID}=`)) ?? '';
    return { path: offer.path, token: line.slice(SID.length + 1).split(';')[0] ?? '' };
  }

  const post = (path: string, cookie: string | null) =>
    new Client(app.url).post(path, cookie === null ? {} : { headers: { cookie } });

  it('a live session without a proof is found (400); no, malformed, wrong-secret or expired cookies are not (401)', async () => {
    app = await startApp({ deviceBound: {} });
    const { path, token } = await signedIn();
    expect((await post(path, `${SID}=${token}`)).status).toBe(400);
    // The endpoint is matched on the path alone: a query string does not hide it.
    expect((await post(`${path}?from=browser`, `${SID}=${token}`)).status).toBe(400);
    expect((await post(path, null)).status).toBe(401);
    expect((await post(path, `${SID}=not-a-token`)).status).toBe(401);
    const [id, secret] = token.split('.');
    const flipped = `${secret?.startsWith('A') === true ? 'B' : 'A'}${secret?.slice(1) ?? ''}`;
    expect((await post(path, `${SID}=${id}.${flipped}`)).status).toBe(401);
    app.clock.advance(365 * 24 * 3_600_000);
    expect((await post(path, `${SID}=${token}`)).status).toBe(401);
  });
});

describe('DBSC registration after a periodic renewal', () => {
  let app: TestApp;
  afterEach(async () => {
    await app.close();
  });

  it('finds the session by its renewed-away token within the grace (400), not after it (401)', async () => {
    // A tab that still holds the old cookie refreshes its binding while the new one is on its way.
    app = await startApp({ deviceBound: {}, renewAfter: '15m', renewalGrace: '30s' });
    const client = new Client(app.url);
    const login = await client.post('/login', { json: { user: 'alice' } });
    const { path } = parseRegistration(login.headers.get('secure-session-registration'));
    const old = client.cookieHeader ?? '';
    app.clock.advance(15 * 60_000);
    const renewed = await client.get('/me');
    expect(renewed.setCookies.some((l) => l.startsWith(`${SID}=`))).toBe(true);
    expect((await new Client(app.url).post(path, { headers: { cookie: old } })).status).toBe(400);
    expect(
      (await new Client(app.url).post(path, { headers: { cookie: client.cookieHeader ?? '' } })).status,
    ).toBe(400);
    app.clock.advance(30_000);
    expect((await new Client(app.url).post(path, { headers: { cookie: old } })).status).toBe(401);
  });
});

describe('DBSC registration against a failing or stale store', () => {
  async function setUp(fail: { operation: string | null; stale: boolean }) {
    const clock = manualClock();
    const memory = memoryStore({ clock });
    let snapshot: SessionRecord | null = null;
    const state = { fail };
    const store = new Proxy(memory, {
      get(target, key, receiver) {
        const value: unknown = Reflect.get(target, key, receiver);
        if (key === state.fail.operation) return () => Promise.reject(new Error('connect ECONNREFUSED'));
        if (key === 'get' && state.fail.stale && snapshot !== null)
          return () => Promise.resolve(structuredClone(snapshot));
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    state.fail = { operation: null, stale: false };
    const app = await startApp({ store, clock, deviceBound: {} });
    const client = new Client(app.url);
    const login = await client.post('/login', { json: { user: 'alice' } });
    const offer = parseRegistration(login.headers.get('secure-session-registration'));
    snapshot = await memory.get((client.jar.get(SID) ?? '').split('.')[0] ?? '');
    state.fail = fail;
    return { app, client, offer, clock };
  }

  it('names the store operation that failed (get, applyDelta) and answers 503', async () => {
    for (const operation of ['get', 'applyDelta']) {
      const { app, client, offer } = await setUp({ operation, stale: false });
      try {
        const key = await DeviceKey.create('ES256');
        const reply = await client.post(offer.path, {
          headers: { 'secure-session-response': await key.registrationProof(offer.challenge) },
        });
        expect(reply.status).toBe(503);
        expect(app.errors).toEqual([
          expect.stringMatching(new RegExp(`Session store failed on ${operation}:`)),
        ]);
      } finally {
        await app.close();
      }
    }
  });

  it('judges expiry from the record itself, even when a store hands back an expired one', async () => {
    const { app, client, offer, clock } = await setUp({ operation: null, stale: true });
    try {
      clock.advance(31 * 60_000);
      expect((await client.post(offer.path)).status).toBe(401);
    } finally {
      await app.close();
    }
  });
});
