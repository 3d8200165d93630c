/**
 * Device Bound Session Credentials through the adapter (issue 16; docs/device-bound-sessions.md
 * in the repository), with a client that holds its own key: registration after sign-in, refresh,
 * a replayed proof and a proof from another key refused, an expired bound cookie refused, and the
 * attack itself: the session cookie and the bound cookie copied to a client without the key stop
 * working when the bound cookie expires, while the real client keeps going by refreshing. Every
 * other case of the contract runs with `deviceBound` on as well, with clients that never register:
 * for browsers without DBSC nothing changes.
 *
 * @module
 */
import { expect } from '../vitest.js';
import type { AdapterCase } from '../adapter-case.js';
import { SESSION_COOKIE } from '../adapter-case.js';
import type { Browser, BrowserReply } from '../browser.js';
import { DeviceKey, parseChallenge, parseRegistration } from '../device-key.js';
import { me } from './support.js';

/** The bound cookie's name under the contract's options. */
export const BOUND_COOKIE = '__Host-sid-bound';
/** The contract's `deviceBound.cookieLifetime`. */
export const BOUND_COOKIE_LIFETIME_MS = 10 * 60_000;
const REFRESH_PATH = '/.sesame/dbsc/refresh';

/** A browser that speaks DBSC: its own key, the DBSC session id, the cached challenge. */
interface DeviceBrowser {
  browser: Browser;
  key: DeviceKey;
  sessionId: string;
  challenge: string;
}

function challengeOf(reply: BrowserReply): { challenge: string; id: string } {
  return parseChallenge(reply.headers.get('secure-session-challenge'));
}

/** Sign in and register `key` as Chrome does after the sign-in response. */
async function signInBound(browser: Browser, user: string, key: DeviceKey): Promise<DeviceBrowser> {
  const login = await browser.post(`/login?user=${encodeURIComponent(user)}`);
  expect(login.status, 'POST /login').toBe(200);
  const offer = parseRegistration(login.headers.get('secure-session-registration'));
  expect(offer.algorithms).toEqual(['ES256', 'RS256']);
  const registered = await browser.post(offer.path, {
    headers: { 'secure-session-response': await key.registrationProof(offer.challenge) },
  });
  expect(registered.status, `POST ${offer.path}`).toBe(200);
  const instructions = registered.body as {
    session_identifier: string;
    refresh_url: string;
    credentials: unknown;
  };
  expect(instructions.refresh_url).toBe(REFRESH_PATH);
  expect(instructions.credentials).toEqual([
    { type: 'cookie', name: BOUND_COOKIE, attributes: 'Path=/; Secure; HttpOnly; SameSite=Lax' },
  ]);
  expect(browser.jar.get(BOUND_COOKIE), 'bound cookie after registration').toBeDefined();
  const next = challengeOf(registered);
  expect(next.id).toBe(instructions.session_identifier);
  return { browser, key, sessionId: next.id, challenge: next.challenge };
}

/** Refresh as Chrome does: sign the cached challenge; on a 403, sign the one it carries. */
async function refresh(device: DeviceBrowser): Promise<BrowserReply> {
  const post = async (): Promise<BrowserReply> =>
    device.browser.post(REFRESH_PATH, {
      headers: {
        'sec-secure-session-id': device.sessionId,
        'secure-session-response': await device.key.refreshProof(device.challenge),
      },
    });
  let reply = await post();
  if (reply.status === 403) {
    device.challenge = challengeOf(reply).challenge;
    reply = await post();
  }
  // A 200 that ends the DBSC session carries no next challenge.
  if (reply.status === 200 && reply.headers.has('secure-session-challenge')) {
    device.challenge = challengeOf(reply).challenge;
  }
  return reply;
}

export const deviceBoundCases: AdapterCase[] = [
  {
    name: 'DBSC: sign-in offers registration; a registered ES256 or RS256 key renews the bound cookie',
    async run({ browser, clock }) {
      for (const alg of ['ES256', 'RS256'] as const) {
        const device = await signInBound(browser(), 'alice', await DeviceKey.create(alg));
        expect(await me(device.browser)).toMatchObject({ userId: 'alice' });
        clock.advance(BOUND_COOKIE_LIFETIME_MS);
        expect(await me(device.browser), `${alg}: bound cookie expired`).toMatchObject({ userId: null });
        const before = device.browser.jar.get(BOUND_COOKIE);
        expect((await refresh(device)).status, `${alg}: refresh`).toBe(200);
        expect(device.browser.jar.get(BOUND_COOKIE)).not.toBe(before);
        expect(await me(device.browser), `${alg}: after refresh`).toMatchObject({ userId: 'alice' });
      }
    },
  },
  {
    name: 'DBSC: a refresh without a proof gets a 403 and a challenge; a replayed or foreign proof is refused',
    async run({ browser }) {
      const device = await signInBound(browser(), 'alice', await DeviceKey.create('ES256'));
      const asked = await device.browser.post(REFRESH_PATH, {
        headers: { 'sec-secure-session-id': device.sessionId },
      });
      expect(asked.status).toBe(403);
      expect(challengeOf(asked).id).toBe(device.sessionId);
      expect(asked.setCookies).toEqual([]);

      const proof = await device.key.refreshProof(device.challenge);
      const headers = { 'sec-secure-session-id': device.sessionId, 'secure-session-response': proof };
      expect((await device.browser.post(REFRESH_PATH, { headers })).status).toBe(200);
      const replay = await device.browser.post(REFRESH_PATH, { headers });
      expect(replay.status, 'the same proof again').toBe(403);
      expect(replay.setCookies).toEqual([]);

      const thief = await DeviceKey.create('ES256');
      const foreign = await device.browser.post(REFRESH_PATH, {
        headers: {
          'sec-secure-session-id': device.sessionId,
          'secure-session-response': await thief.refreshProof(challengeOf(replay).challenge),
        },
      });
      expect(foreign.status, 'a proof from another key').toBe(403);
      expect(foreign.setCookies).toEqual([]);
    },
  },
  {
    name: 'DBSC: a copied cookie jar stops working when the bound cookie expires; the real browser keeps going',
    async run({ browser, clock }) {
      const device = await signInBound(browser(), 'alice', await DeviceKey.create('ES256'));
      // The infostealer's copy: both cookies, no key.
      const stolen = device.browser.cookieHeader;
      const thief = browser();
      expect(await me(thief, stolen), 'the copy works while the bound cookie lasts').toMatchObject({
        userId: 'alice',
      });
      expect((await thief.post('/set?via=thief', { cookie: stolen })).status).toBe(200);

      clock.advance(BOUND_COOKIE_LIFETIME_MS);
      expect(await me(thief, stolen), 'the copy after expiry').toMatchObject({ userId: null });
      expect(
        (await thief.post('/set?via=thief', { cookie: stolen })).status,
        'a write through the copy',
      ).toBe(401);
      const withoutBound =
        stolen
          ?.split('; ')
          .filter((pair) => pair.startsWith(`${SESSION_COOKIE}=`))
          .join('; ') ?? null;
      expect(await me(thief, withoutBound), 'the session cookie alone').toMatchObject({ userId: null });
      // The thief can ask for a challenge, but cannot answer it.
      const asked = await thief.post(REFRESH_PATH, {
        cookie: stolen,
        headers: { 'sec-secure-session-id': device.sessionId },
      });
      expect(asked.status).toBe(403);

      expect((await refresh(device)).status).toBe(200);
      expect(await me(device.browser), 'the real browser after its refresh').toMatchObject({
        userId: 'alice',
      });
      expect(await me(thief, stolen), 'the copy, still').toMatchObject({ userId: null });
      for (let round = 0; round < 3; round += 1) {
        clock.advance(BOUND_COOKIE_LIFETIME_MS);
        expect((await refresh(device)).status).toBe(200);
        expect(await me(device.browser)).toMatchObject({ userId: 'alice' });
      }
    },
  },
  {
    name: 'DBSC: logout ends the binding; the browser is told to end its DBSC session',
    async run({ browser }) {
      const device = await signInBound(browser(), 'alice', await DeviceKey.create('ES256'));
      expect((await device.browser.post('/logout')).status).toBe(200);
      const ended = await refresh(device);
      expect(ended.status).toBe(200);
      expect(ended.body).toEqual({ session_identifier: device.sessionId, continue: false });
      expect(ended.setCookies).toEqual([]);

      const again = await signInBound(browser(), 'bob', await DeviceKey.create('ES256'));
      expect((await again.browser.post('/logout-everywhere')).status).toBe(200);
      expect((await refresh(again)).body).toEqual({ session_identifier: again.sessionId, continue: false });
    },
  },
];
