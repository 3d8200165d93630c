/**
 * Device Bound Session Credentials beyond the adapter contract (issue 16;
 * docs/device-bound-sessions.md): the binding ends with rotation, re-authentication, revocation
 * and "sign out of other sessions", and is never carried to a new token; the session list says
 * which sessions are bound; a request without its bound cookie is reported, not ended; with the
 * option off nothing is offered; the express-session layer serves the endpoints too. The contract
 * (`src/testing/adapter-cases/device-bound.ts`) covers registration, refresh, replay, a foreign
 * key, expiry and the stolen-cookie attack on every adapter.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../src/index.js';
import type { BrowserReply } from '../../src/testing/browser.js';
import { DeviceKey, parseChallenge, parseRegistration } from '../../src/testing/device-key.js';
import { readSession } from '../../src/adapters/web/index.js';
import { Client, startApp, type TestApp } from '../support/app.js';
import { startLayerApp, type LayerApp } from '../support/layer-app.js';

const BOUND = '__Host-sid-bound';
const REFRESH = '/.sesame/dbsc/refresh';
const LIFETIME_MS = 10 * 60_000;

interface Device {
  client: Client;
  key: DeviceKey;
  sessionId: string;
  challenge: string;
}

async function register(client: Client, reply: BrowserReply, key: DeviceKey): Promise<Device> {
  const offer = parseRegistration(reply.headers.get('secure-session-registration'));
  const registered = await client.post(offer.path, {
    headers: { 'secure-session-response': await key.registrationProof(offer.challenge) },
  });
  expect(registered.status, `POST ${offer.path}`).toBe(200);
  const next = parseChallenge(registered.headers.get('secure-session-challenge'));
  return { client, key, sessionId: next.id, challenge: next.challenge };
}

async function signInBound(app: TestApp, user: string): Promise<Device> {
  const client = new Client(app.url);
  const login = await client.post('/login', { json: { user } });
  return register(client, login, await DeviceKey.create('ES256'));
}

/** One refresh with the cached challenge, as Chrome sends it first. */
async function refresh(device: Device): Promise<BrowserReply> {
  const reply = await device.client.post(REFRESH, {
    headers: {
      'sec-secure-session-id': device.sessionId,
      'secure-session-response': await device.key.refreshProof(device.challenge),
    },
  });
  if (reply.headers.has('secure-session-challenge')) {
    device.challenge = parseChallenge(reply.headers.get('secure-session-challenge')).challenge;
  }
  return reply;
}

const userOf = async (client: Client): Promise<unknown> =>
  ((await client.get('/me')).body as { userId: unknown }).userId;

let app: TestApp | undefined;
let layer: LayerApp | undefined;
afterEach(async () => {
  await app?.close();
  await layer?.close();
  app = layer = undefined;
});

describe('device-bound sessions (Express)', () => {
  it('rotation and re-authentication drop the key and offer registration again', async () => {
    app = await startApp({ deviceBound: {} });
    for (const route of ['/rotate', '/reauthenticate']) {
      const device = await signInBound(app, 'alice');
      const rotated = await device.client.post(route);
      expect(rotated.status).toBe(200);
      const offer = parseRegistration(rotated.headers.get('secure-session-registration'));
      expect(offer.challenge).not.toBe(device.challenge);
      // The new token is not bound: it works without a bound cookie until the browser registers.
      device.client.jar.delete(BOUND);
      expect(await userOf(device.client), `${route}: unbound until registered`).toBe('alice');
      const sessions = (await device.client.get('/sessions')).body as SessionInfo[];
      expect(sessions.find((s) => s.current)?.deviceBound).toBe(false);
      // The old DBSC session is told to end; the new registration binds the new token.
      expect((await refresh(device)).body).toEqual({ session_identifier: device.sessionId, continue: false });
      const again = await register(device.client, rotated, await DeviceKey.create('RS256'));
      expect(again.sessionId).not.toBe(device.sessionId);
      app.clock.advance(LIFETIME_MS);
      expect(await userOf(device.client), `${route}: bound again`).toBeNull();
      expect((await refresh(again)).status).toBe(200);
      expect(await userOf(device.client)).toBe('alice');
    }
  });

  it('the session list marks bound sessions; revoke and sign-out of others end the binding', async () => {
    app = await startApp({ deviceBound: {} });
    const laptop = await signInBound(app, 'alice');
    const phone = new Client(app.url);
    await phone.post('/login', { json: { user: 'alice' } });
    const list = (await laptop.client.get('/sessions')).body as SessionInfo[];
    expect(list.map((s) => [s.current, s.deviceBound]).sort()).toEqual([
      [false, false],
      [true, true],
    ]);

    const tablet = await signInBound(app, 'alice');
    const target = ((await laptop.client.get('/sessions')).body as SessionInfo[]).find(
      (s) => !s.current && s.deviceBound,
    );
    expect((await laptop.client.post('/revoke', { json: { handle: target?.handle } })).body).toEqual({
      revoked: true,
    });
    expect((await refresh(tablet)).body).toEqual({ session_identifier: tablet.sessionId, continue: false });

    const other = await signInBound(app, 'alice');
    await laptop.client.post('/logout-others');
    expect((await refresh(other)).body).toEqual({ session_identifier: other.sessionId, continue: false });
    expect((await refresh(laptop)).status, 'the session that stayed').toBe(200);
  });

  it('a request without the bound cookie is refused and reported, and the session is left alone', async () => {
    app = await startApp({ deviceBound: {} });
    const device = await signInBound(app, 'alice');
    const stolen = device.client.cookieHeader
      ?.split('; ')
      .filter((pair) => !pair.startsWith(`${BOUND}=`))
      .join('; ');
    const reply = await new Client(app.url).get('/me', { cookie: stolen ?? null });
    expect(reply.body).toMatchObject({ userId: null, ended: 'unproven', stored: false });
    expect(reply.setCookies, 'no cookie cleared').toEqual([]);
    // A signed-in user's page may still be in flight to the real browser: never cached.
    expect(reply.headers.get('cache-control')).toBe('no-store');
    expect(app.events.filter((e) => e.type === 'rejected').map((e) => e.reason)).toEqual(['device-unproven']);
    expect(await userOf(device.client), 'the real browser').toBe('alice');
    // A render reading it (readSession, which cannot answer with headers) sees no one, and throws nothing.
    const read = await readSession(app.sessions, new Headers({ cookie: stolen ?? '' }));
    expect([read.userId, read.endedReason]).toEqual([null, 'unproven']);
    expect(
      (await readSession(app.sessions, new Headers({ cookie: device.client.cookieHeader ?? '' }))).userId,
    ).toBe('alice');
  });

  it('offers nothing when the option is off, and serves no endpoint', async () => {
    app = await startApp();
    const client = new Client(app.url);
    const login = await client.post('/login', { json: { user: 'alice' } });
    expect(login.headers.get('secure-session-registration')).toBeNull();
    expect((await client.post(REFRESH, { headers: { 'sec-secure-session-id': 'x' } })).status).toBe(404);
    expect(((await client.get('/sessions')).body as SessionInfo[])[0]?.deviceBound).toBe(false);
  });
});

describe('device-bound sessions (express-session layer)', () => {
  it('a Passport-style sign-in offers registration, and the layer answers registration and refresh', async () => {
    layer = await startLayerApp({
      deviceBound: {},
      routes: (express) => {
        express.post('/login', (req, res) => {
          (req.session as unknown as { passport: { user: string } }).passport = { user: 'alice' };
          res.json({ ok: true });
        });
        express.get('/me', (req, res) => res.json({ userId: req.sesame.userId }));
      },
    });
    const client = new Client(layer.url);
    const login = await client.post('/login');
    expect(login.status).toBe(200);
    const device = await register(client, login, await DeviceKey.create('ES256'));
    layer.clock.advance(LIFETIME_MS);
    expect(((await client.get('/me')).body as { userId: unknown }).userId).toBeNull();
    const asked = await client.post(REFRESH, { headers: { 'sec-secure-session-id': device.sessionId } });
    expect(asked.status).toBe(403);
    device.challenge = parseChallenge(asked.headers.get('secure-session-challenge')).challenge;
    expect((await refresh(device)).status).toBe(200);
    expect(((await client.get('/me')).body as { userId: unknown }).userId).toBe('alice');
  });
});
