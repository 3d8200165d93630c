/**
 * Anonymous visitors are free (issue 10): a form shown to a visitor without a session stores
 * nothing, and keeps its CSRF protection. Fetch Metadata and Origin decide first, as for any
 * request (csrf.test.ts); for a client that sends neither, the form's token is an HMAC over a
 * nonce kept in a short-lived `__Host-` cookie of its own (OWASP CSRF cheat sheet, signed
 * double-submit cookie). It verifies on the sign-in it protects; once a session is stored only
 * the session's token counts and the nonce cookie is cleared.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryStore } from '../../src/stores/memory/index.js';
import type { MemoryStore } from '../../src/stores/memory/index.js';
import { Client, COOKIE, manualClockFor, parseSetCookie, startApp, TEST_SECRET } from '../support/app.js';
import type { TestApp } from '../support/app.js';

const NONCE = `${COOKIE}-csrf`;
const NO_HEADERS = { 'sec-fetch-site': '' };

async function formToken(client: Client): Promise<string> {
  return ((await client.get('/csrf')).body as { token: string }).token;
}

describe('anonymous CSRF tokens', () => {
  let app: TestApp;
  let store: MemoryStore;
  beforeEach(async () => {
    const clock = manualClockFor();
    store = memoryStore({ clock });
    app = await startApp({ store, clock });
  });
  afterEach(() => app.close());

  it('a form token stores nothing and sets only a short-lived nonce cookie', async () => {
    const client = new Client(app.url);
    const reply = await client.get('/csrf');
    expect(store.size).toBe(0);
    expect(client.jar.has(COOKIE)).toBe(false);
    const cookies = reply.setCookies.map(parseSetCookie);
    expect(cookies.map((c) => c.name)).toEqual([NONCE]);
    expect(cookies[0]?.attributes).toEqual(
      expect.arrayContaining(['httponly', 'secure', 'samesite=lax', 'path=/', 'max-age=7200']),
    );
    expect(cookies[0]?.attributes.some((a) => a.startsWith('domain'))).toBe(false);
    expect(reply.headers.get('cache-control')).toBe('no-store');
    // The same visitor keeps one nonce, so two open forms both work.
    expect(await formToken(client)).toBe((reply.body as { token: string }).token);
  });

  it('verifies on the sign-in it protects, which then clears the nonce cookie', async () => {
    const client = new Client(app.url);
    const token = await formToken(client);
    const nonce = client.jar.get(NONCE) ?? '';
    const login = await client.post('/login', {
      headers: { ...NO_HEADERS, 'x-csrf-token': token },
      json: { user: 'alice' },
    });
    expect(login.status).toBe(200);
    expect(client.jar.has(COOKIE)).toBe(true);
    expect(client.jar.has(NONCE)).toBe(false);
    expect(login.setCookies.map(parseSetCookie).find((c) => c.name === NONCE)?.attributes).toContain(
      'max-age=0',
    );

    // Signed in, the anonymous token no longer counts, even with the old nonce cookie sent again.
    const replay = await client.post('/action', {
      headers: { ...NO_HEADERS, 'x-csrf-token': token },
      cookie: `${client.cookieHeader}; ${NONCE}=${nonce}`,
    });
    expect(replay.status).toBe(403);
    expect(replay.body).toEqual({ error: 'ERR_CSRF_TOKEN' });
    const bound = await formToken(client);
    expect(bound).not.toBe(token);
    expect((await client.post('/action', { headers: { ...NO_HEADERS, 'x-csrf-token': bound } })).status).toBe(
      200,
    );
  });

  it('refuses a token without its nonce cookie, or with another visitor’s (login CSRF)', async () => {
    const attacker = new Client(app.url);
    const attackerToken = await formToken(attacker);
    const victim = new Client(app.url);
    await formToken(victim); // the victim has a nonce cookie of their own

    const withoutCookie = await new Client(app.url).post('/login', {
      headers: { ...NO_HEADERS, 'x-csrf-token': attackerToken },
      json: { user: 'mallory' },
    });
    expect(withoutCookie.status).toBe(403);
    const forVictim = await victim.post('/login', {
      headers: { ...NO_HEADERS, 'x-csrf-token': attackerToken },
      json: { user: 'mallory' },
    });
    expect(forVictim.status).toBe(403);
    const garbled = await attacker.post('/login', {
      headers: { ...NO_HEADERS, 'x-csrf-token': attackerToken },
      cookie: `${NONCE}=${'A'.repeat(22)}`,
      json: { user: 'mallory' },
    });
    expect(garbled.status).toBe(403);
    expect(store.size).toBe(0);
  });

  it('never overrides a failed header check', async () => {
    const client = new Client(app.url);
    const token = await formToken(client);
    const reply = await client.post('/login', {
      headers: { 'sec-fetch-site': 'cross-site', 'x-csrf-token': token },
      json: { user: 'alice' },
    });
    expect(reply.status).toBe(403);
    expect(reply.body).toEqual({ error: 'ERR_CSRF_ORIGIN' });
  });

  it('is not a session token: a session-bound token and an anonymous one never stand in for each other', async () => {
    const client = new Client(app.url);
    await client.post('/login', { json: { user: 'alice' } });
    const sessionId = (client.jar.get(COOKIE) ?? '').split('.')[0] ?? '';
    // A nonce cookie whose value is the session id: the contexts differ, so the token fails.
    const bound = await formToken(client);
    const reply = await new Client(app.url).post('/login', {
      headers: { ...NO_HEADERS, 'x-csrf-token': bound },
      cookie: `${NONCE}=${sessionId}`,
      json: { user: 'mallory' },
    });
    expect(reply.status).toBe(403);
  });

  it('survives secret rotation: signed under the newest secret, verified under all', async () => {
    const client = new Client(app.url);
    const token = await formToken(client);
    const newest = 'rotated-secret-abcdefghijklmnopqrstuvwxyz-0123';
    const rotated = await startApp({ store, clock: app.clock, secrets: [newest, TEST_SECRET] });
    const dropped = await startApp({ store, clock: app.clock, secrets: [newest] });
    try {
      const form = { headers: { ...NO_HEADERS, 'x-csrf-token': token }, cookie: client.cookieHeader };
      expect((await new Client(rotated.url).post('/action', form)).status).toBe(200);
      expect((await new Client(dropped.url).post('/action', form)).status).toBe(403);
    } finally {
      await rotated.close();
      await dropped.close();
    }
  });
});
