/**
 * A request the CSRF check refuses still carries what its loading planned (docs/architecture.md
 * §1.13). Loading renews a token that is due before the check can run (the token check needs the
 * session), and the store keeps the old secret for the grace only. Were the 403 to drop the new
 * cookie, the browser would keep the old secret and its next request after the grace would be
 * judged token reuse, ending the session: any page that can make the browser send a cross-site
 * POST (a same-site sibling origin, a `SameSite=None` cookie) could so sign users out and raise
 * false theft alarms. Every adapter, under its framework's own error handling and the handlers
 * apps commonly write, must send the renewed cookie with the 403.
 *
 * A WebSocket handshake stays read-only when refused: nothing renewed, nothing set.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createSessions, manualClock } from '../../src/index.js';
import type { ManualClock, SessionEvent } from '../../src/index.js';
import { memoryStore } from '../../src/stores/memory/index.js';
import type { AdapterServer } from '../../src/testing/index.js';
import { Client, COOKIE, TEST_SECRET } from '../support/app.js';
import { REFUSAL_APPS, serveRefusalApp } from '../support/refusal-apps.js';
import type { RefusalApp } from '../support/refusal-apps.js';
import { MINUTE, RENEWAL, SECOND, idOf, sessionCookie, tokenIn } from '../support/renewal.js';
import { connect, serveSocketApp, SOCKET_ADAPTERS } from '../support/websocket-apps.js';
import type { SocketAdapter } from '../support/websocket-apps.js';

const EVIL = 'https://evil.example';

/** Refusals by each part of the check: Fetch Metadata, Origin, and the synchronizer token. */
const REFUSALS: readonly [string, Record<string, string>][] = [
  ['a cross-site POST (Sec-Fetch-Site)', { 'sec-fetch-site': 'cross-site', origin: EVIL }],
  ['a POST from a same-site sibling', { 'sec-fetch-site': 'same-site', origin: 'http://evil.127.0.0.1' }],
  ['a POST from a foreign Origin', { 'sec-fetch-site': '', origin: EVIL }],
  ['a POST with neither header and no token', { 'sec-fetch-site': '' }],
];

interface Fixture {
  clock: ManualClock;
  events: SessionEvent[];
  /** The browser that signed in as `alice`. */
  client: Client;
}

let served: AdapterServer | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

function sessionsFor(clock: ManualClock, events: SessionEvent[]) {
  return createSessions({
    secrets: TEST_SECRET,
    production: false,
    logger: { warn: () => undefined, error: () => undefined },
    store: memoryStore({ clock }),
    clock,
    onEvent: (event) => void events.push(event),
    ...RENEWAL,
  });
}

async function signedIn(app: RefusalApp): Promise<Fixture> {
  const clock = manualClock();
  const events: SessionEvent[] = [];
  served = await serveRefusalApp(app, sessionsFor(clock, events));
  const client = new Client(served.url);
  expect((await client.post('/login')).status).toBe(200);
  return { clock, events, client };
}

const types = (events: readonly SessionEvent[]): string[] => events.map((event) => event.type);

describe.each(REFUSAL_APPS)('%s: a refused request', (app) => {
  it.each(REFUSALS)(
    '%s, with a renewal due, gets its 403 and the user stays signed in past the grace',
    async (_name, headers) => {
      const { clock, events, client } = await signedIn(app);
      const first = tokenIn(client);
      clock.advance(15 * MINUTE);

      const refused = await client.post('/action', { headers });
      expect(refused.status).toBe(403);
      clock.advance(30 * SECOND); // the old secret's grace is over
      expect((await client.get('/me')).body).toEqual({ userId: 'alice' });
      expect(types(events)).not.toContain('token-reuse');
      // Because the renewal the load stored left with the 403: the browser holds the new secret.
      expect(types(events).filter((type) => type === 'renewed')).toHaveLength(1);
      expect(refused.setCookies.filter((line) => line.startsWith(`${COOKIE}=`))).toHaveLength(1);
      const renewed = sessionCookie(refused);
      expect(renewed).not.toBeNull();
      expect(renewed).not.toBe(first);
      expect(idOf(renewed ?? '')).toBe(idOf(first));
      expect(refused.headers.get('cache-control')).toBe('no-store');
    },
  );

  it('sets no session cookie when loading planned none (no renewal due)', async () => {
    const { clock, client } = await signedIn(app);
    clock.advance(15 * MINUTE - 1);
    const refused = await client.post('/action', { headers: { 'sec-fetch-site': 'cross-site' } });
    expect(refused.status).toBe(403);
    expect(sessionCookie(refused)).toBeNull();
    expect((await client.get('/me')).body).toEqual({ userId: 'alice' });
  });

  it('clears a cookie that names no session, as an accepted request would', async () => {
    const { client } = await signedIn(app);
    const forged = `${COOKIE}=forged.cookie`;
    const refused = await client.post('/action', {
      cookie: forged,
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(refused.status).toBe(403);
    expect(sessionCookie(refused)).toBe('');
  });
});

describe.each(SOCKET_ADAPTERS)('%s: a refused WebSocket handshake', (adapter: SocketAdapter) => {
  it('renews nothing and sets nothing: the old cookie works past the grace', async () => {
    const clock = manualClock();
    const events: SessionEvent[] = [];
    served = await serveSocketApp(adapter, sessionsFor(clock, events));
    const client = new Client(served.url);
    expect((await client.post('/login')).status).toBe(200);
    const cookie = client.cookieHeader ?? '';
    clock.advance(15 * MINUTE);
    expect(await connect(served.url, { cookie, origin: EVIL })).toEqual({ status: 403 });
    expect(types(events)).not.toContain('renewed');
    clock.advance(30 * SECOND);
    const me = await client.get('/me');
    expect(me.body).toEqual({ userId: 'alice' });
    // The page's own request is the one that renews.
    expect(sessionCookie(me)).not.toBeNull();
  });
});
