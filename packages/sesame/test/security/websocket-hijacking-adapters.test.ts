/**
 * Cross-Site WebSocket Hijacking on Fastify (`@fastify/websocket`), Hono (`upgradeWebSocket` on
 * `@hono/node-server`) and the Web adapter (`withSession` around a fetch handler that upgrades):
 * a page of another site opens a WebSocket to the app and the browser sends the user's cookie
 * with the handshake, a GET. Each adapter marks a request with an `Upgrade` header as a handshake,
 * so its `Sec-Fetch-Site` and `Origin` are judged as a POST's: another site's gets the 403 and no
 * socket; the app's own pages, listed origins and clients that are no browser (neither header)
 * connect as the user. With the check off (`csrf.dangerouslyDisable`) the same foreign handshake
 * connects as the user, which is what the refusals prevent. The handshake's session is read-only:
 * the 101 sets no cookie, a renewal due is left to the next HTTP request, and what must set a
 * cookie throws `ERR_RESPONSE_SENT` in the socket. (Express: websocket-hijacking.test.ts.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createSessions, manualClock } from '../../src/index.js';
import type { ManualClock, SessionOptions } from '../../src/index.js';
import { memoryStore } from '../../src/stores/memory/index.js';
import { Client, COOKIE, TEST_SECRET } from '../support/app.js';
import { ask, connect, serveSocketApp, SOCKET_ADAPTERS } from '../support/websocket-apps.js';
import type { Connected, SocketAdapter, SocketAppServer } from '../support/websocket-apps.js';

const EVIL = 'https://evil.example';

interface Fixture extends SocketAppServer {
  clock: ManualClock;
  /** The browser that signed in over HTTP as `alice`. */
  client: Client;
  cookie: string;
}

let served: SocketAppServer | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

async function signedIn(adapter: SocketAdapter, options: Partial<SessionOptions> = {}): Promise<Fixture> {
  const clock = manualClock();
  const sessions = createSessions({
    secrets: TEST_SECRET,
    production: false,
    logger: { warn: () => undefined, error: () => undefined },
    store: memoryStore({ clock }),
    clock,
    ...options,
  });
  served = await serveSocketApp(adapter, sessions);
  const client = new Client(served.url);
  expect((await client.post('/login')).status).toBe(200);
  return { ...served, clock, client, cookie: client.cookieHeader ?? '' };
}

/** The user a handshake connected as, or the status that refused it; the socket is closed. */
async function seenAs(url: string, headers: Record<string, string>): Promise<unknown> {
  const connected: Connected = await connect(url, headers);
  if (!('socket' in connected)) return { status: connected.status };
  connected.socket.close();
  return connected.hello;
}

const alice = { userId: 'alice' };

describe.each(SOCKET_ADAPTERS)('%s: a WebSocket handshake from another site', (adapter) => {
  it('with a foreign Origin is refused with the 403, and no socket is opened', async () => {
    const { url, cookie, opened } = await signedIn(adapter);
    expect(await seenAs(url, { cookie, origin: EVIL })).toEqual({ status: 403 });
    expect(opened()).toBe(0);
  });

  it('with Sec-Fetch-Site for another site, or Origin: null, is refused', async () => {
    const { url, cookie, opened } = await signedIn(adapter);
    for (const headers of [
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'cross-site', origin: url },
      { 'sec-fetch-site': 'same-site', origin: 'http://sibling.127.0.0.1.nip.example' },
      { origin: 'null' },
    ]) {
      expect(await seenAs(url, { cookie, ...headers })).toEqual({ status: 403 });
    }
    expect(opened()).toBe(0);
  });

  it("from the app's own pages, a listed origin or a client that is no browser connects as the user", async () => {
    const partner = 'https://partner.example';
    const { url, cookie, opened } = await signedIn(adapter, { csrf: { allowedOrigins: [partner] } });
    expect(await seenAs(url, { cookie, origin: url, 'sec-fetch-site': 'same-origin' })).toEqual(alice);
    expect(await seenAs(url, { cookie, origin: url })).toEqual(alice);
    expect(await seenAs(url, { cookie, origin: partner })).toEqual(alice);
    // A browser always sends Origin with a WebSocket handshake: without it, no page sent this one.
    expect(await seenAs(url, { cookie })).toEqual(alice);
    expect(await seenAs(url, {})).toEqual({ userId: null });
    expect(opened()).toBe(5);
  });

  it('connects as the user when the check is off: what the refusals prevent', async () => {
    const { url, cookie } = await signedIn(adapter, { csrf: { dangerouslyDisable: true } });
    expect(await seenAs(url, { cookie, origin: EVIL })).toEqual(alice);
    expect(await seenAs(url, { cookie, 'sec-fetch-site': 'cross-site' })).toEqual(alice);
  });
});

describe.each(SOCKET_ADAPTERS)('%s: a WebSocket handshake sets no cookie', (adapter) => {
  it('a renewal due is left to the next HTTP request, which still finds the user', async () => {
    const { url, cookie, clock, client } = await signedIn(adapter, { renewAfter: '15m' });
    clock.advance(16 * 60_000);
    const connected = await connect(url, { cookie, origin: url });
    expect(connected).toMatchObject({ status: 101, setCookie: [], hello: alice });
    if ('socket' in connected) connected.socket.close();
    clock.advance(60_000); // past the grace a renewal would give the old token
    expect((await client.get('/me')).body).toEqual(alice);
    expect(client.cookieHeader).not.toBe(cookie);
  });

  it('a tampered cookie is no user, and is not cleared', async () => {
    const { url, client } = await signedIn(adapter);
    const value = client.jar.get(COOKIE) ?? '';
    const tampered = `${COOKIE}=${value.slice(0, -2)}${value.endsWith('AA') ? 'BB' : 'AA'}`;
    const connected = await connect(url, { cookie: tampered });
    expect(connected).toMatchObject({ status: 101, setCookie: [], hello: { userId: null } });
    if ('socket' in connected) connected.socket.close();
  });

  it('in the socket, data writes work; sign-in and sign-out throw ERR_RESPONSE_SENT', async () => {
    const { url, cookie, client } = await signedIn(adapter);
    const connected = await connect(url, { cookie, origin: url });
    if (!('socket' in connected)) throw new Error(`refused: ${connected.status}`);
    const { socket } = connected;
    expect(await ask(socket, 'theme')).toBe('ok');
    expect(await ask(socket, 'login')).toBe('ERR_RESPONSE_SENT');
    expect((await client.get('/me')).body).toEqual(alice);
    // Ended in the store, though the cookie could not be cleared: refused from now on.
    expect(await ask(socket, 'logout')).toBe('ERR_RESPONSE_SENT');
    socket.close();
    expect((await client.get('/me')).body).toEqual({ userId: null });
  });

  it("a visitor's first write throws ERR_RESPONSE_SENT: a new session needs its cookie", async () => {
    const { url } = await signedIn(adapter);
    const connected = await connect(url, {});
    if (!('socket' in connected)) throw new Error(`refused: ${connected.status}`);
    expect(await ask(connected.socket, 'theme')).toBe('ERR_RESPONSE_SENT');
    connected.socket.close();
  });
});
