/**
 * The sessions page and everything that ends sessions: revoke one, sign out all others, password
 * change, and the timeouts (a manual clock moves time; nothing sleeps). Also: every signed-in
 * response is `Cache-Control: no-store`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from 'sesame-session';
import {
  GOOD_PASSWORD,
  Visitor,
  errorMessage,
  noticeMessage,
  uniqueUsername,
} from './support/http-client.js';
import type { RunningDemo } from './support/start-demo.js';
import { startDemo } from './support/start-demo.js';

const FIREFOX_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0';
const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1';

const clock = manualClock();
let demo: RunningDemo;
beforeAll(async () => {
  demo = await startDemo({ clock, throttleLimits: { accountFailures: 100, clientFailures: 1000 } });
});
afterAll(() => demo.close());

async function signIn(username: string, userAgent?: string): Promise<Visitor> {
  const visitor = new Visitor(demo.url);
  if (userAgent) visitor.userAgent = userAgent;
  expect((await visitor.login(username, GOOD_PASSWORD)).status).toBe(303);
  return visitor;
}

async function newUser(): Promise<{ username: string; visitor: Visitor }> {
  const username = uniqueUsername();
  const visitor = new Visitor(demo.url);
  expect((await visitor.register(username, GOOD_PASSWORD)).status).toBe(303);
  return { username, visitor };
}

function handles(html: string): { handle: string; current: boolean }[] {
  return [
    ...html.matchAll(/<li class="(session[^"]*)"[\s\S]*?action="\/account\/sessions\/([^/"]+)\/revoke"/g),
  ].map((m) => ({
    handle: decodeURIComponent(m[2] as string),
    current: (m[1] as string).includes('session-current'),
  }));
}

async function isSignedIn(visitor: Visitor): Promise<boolean> {
  return (await visitor.get('/api/me')).status === 200;
}

describe('sessions page', () => {
  it('lists every session with device, IP, created and last-seen times, and marks this one', async () => {
    const { username, visitor } = await newUser();
    clock.advance(5 * 60_000);
    await signIn(username, FIREFOX_WINDOWS);
    await signIn(username, SAFARI_IPHONE);
    const response = await visitor.get('/account/sessions');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Chrome 156 on Linux');
    expect(html).toContain('Firefox 140 on Windows');
    expect(html).toContain('Mobile Safari 18 on iOS');
    expect(html).toContain('device-mobile');
    expect(html.match(/IP 127\.0\.0\.1/g)).toHaveLength(3);
    expect(html.match(/This device/g)).toHaveLength(1);
    expect(html).toMatch(/Signed in <time datetime="[^"]+" title="[^"]+">5 minutes ago<\/time>/);
    expect(html).toContain('2 other sessions.');
    const rows = handles(html);
    expect(rows).toHaveLength(3);
    expect(rows.filter((r) => r.current)).toHaveLength(1);
    for (const row of rows) expect(row.handle).toMatch(/^[\w-]{22}$/);
    // The page must not carry anything that works as a cookie.
    expect(html).not.toContain(visitor.sessionCookie as string);
  });

  it('ends one chosen session; the other device is signed out at its next request', async () => {
    const { username, visitor } = await newUser();
    const phone = await signIn(username, SAFARI_IPHONE);
    const other = handles(await (await visitor.get('/account/sessions')).text()).find((r) => !r.current);
    const response = await visitor.post(`/account/sessions/${other?.handle}/revoke`, {
      _csrf: await visitor.csrfFrom('/account/sessions'),
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/account/sessions?notice=session-ended');
    expect(noticeMessage(await (await visitor.get('/account/sessions?notice=session-ended')).text())).toBe(
      'That session was signed out.',
    );
    const kicked = await phone.get('/account');
    expect(kicked.status).toBe(303);
    expect(kicked.headers.get('location')).toBe('/login?ended=ended');
    expect(await isSignedIn(visitor)).toBe(true);
  });

  it('ending this session signs out here', async () => {
    const { visitor } = await newUser();
    const mine = handles(await (await visitor.get('/account/sessions')).text()).find((r) => r.current);
    const response = await visitor.post(`/account/sessions/${mine?.handle}/revoke`, {
      _csrf: await visitor.csrfFrom('/account/sessions'),
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/');
    expect(await isSignedIn(visitor)).toBe(false);
  });

  it("cannot end another user's session, and says so", async () => {
    const alice = await newUser();
    const bob = await newUser();
    const bobsHandle = handles(await (await bob.visitor.get('/account/sessions')).text())[0]?.handle;
    const response = await alice.visitor.post(`/account/sessions/${bobsHandle}/revoke`, {
      _csrf: await alice.visitor.csrfFrom('/account/sessions'),
    });
    expect(response.headers.get('location')).toBe('/account/sessions?notice=session-not-found');
    expect(await isSignedIn(bob.visitor)).toBe(true);
  });

  it('"sign out all other sessions" ends every other session and keeps this one', async () => {
    const { username, visitor } = await newUser();
    const others = [await signIn(username, FIREFOX_WINDOWS), await signIn(username, SAFARI_IPHONE)];
    const response = await visitor.post('/account/sessions/revoke-others', {
      _csrf: await visitor.csrfFrom('/account/sessions'),
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/account/sessions?notice=others-ended');
    for (const other of others) expect(await isSignedIn(other)).toBe(false);
    expect(await isSignedIn(visitor)).toBe(true);
    const html = await (await visitor.get('/account/sessions')).text();
    expect(handles(html)).toHaveLength(1);
    expect(html).toContain('No other sessions.');
  });
});

describe('password change', () => {
  it('needs the current password, ends every other session, and keeps this one on a new token', async () => {
    const { username, visitor } = await newUser();
    const laptop = await signIn(username, FIREFOX_WINDOWS);
    const wrong = await visitor.submit('/account', '/account/password', {
      current_password: 'not my password at all',
      new_password: 'maple orbit candle seventeen',
    });
    expect(wrong.status).toBe(401);
    expect(errorMessage(await wrong.text())).toBe('Your current password is not right.');
    const weak = await visitor.submit('/account', '/account/password', {
      current_password: GOOD_PASSWORD,
      new_password: 'passwordpassword',
    });
    expect(weak.status).toBe(400);
    expect(await isSignedIn(laptop)).toBe(true);

    const before = visitor.sessionCookie;
    const changed = await visitor.submit('/account', '/account/password', {
      current_password: GOOD_PASSWORD,
      new_password: 'maple orbit candle seventeen',
    });
    expect(changed.status).toBe(303);
    expect(changed.headers.get('location')).toBe('/account?notice=password-changed');
    expect(visitor.sessionCookie).not.toBe(before);
    expect(await isSignedIn(visitor)).toBe(true);
    expect(await isSignedIn(laptop)).toBe(false);
    expect(noticeMessage(await (await visitor.get('/account?notice=password-changed')).text())).toMatch(
      /other session/,
    );

    expect((await new Visitor(demo.url).login(username, GOOD_PASSWORD)).status).toBe(401);
    expect((await new Visitor(demo.url).login(username, 'maple orbit candle seventeen')).status).toBe(303);
  });
});

describe('timeouts', () => {
  it('signs out after 30 minutes of inactivity and says why on the sign-in page', async () => {
    const { visitor } = await newUser();
    clock.advance(31 * 60_000);
    const response = await visitor.get('/account');
    expect(response.status).toBe(303);
    const location = response.headers.get('location') as string;
    expect(location).toMatch(/^\/login\?ended=(idle|ended)$/);
    const page = await visitor.get(location);
    expect(noticeMessage(await page.text())).toMatch(/after 30 minutes of inactivity/);
    expect(await isSignedIn(visitor)).toBe(false);
  });

  it('keeps an active session past the idle timeout, up to the 12-hour limit', async () => {
    const { visitor } = await newUser();
    // A request every 20 minutes for 11 h 40 min: never idle for 30 minutes.
    for (let minutes = 20; minutes < 12 * 60; minutes += 20) {
      clock.advance(20 * 60_000);
      expect(await isSignedIn(visitor), `after ${minutes} minutes`).toBe(true);
    }
    clock.advance(20 * 60_000);
    expect(await isSignedIn(visitor)).toBe(false);
  });

  it('shows only fixed messages for ?ended= and ?notice=', async () => {
    const visitor = new Visitor(demo.url);
    const html = await (await visitor.get('/login?ended=%3Cb%3Ehi')).text();
    expect(noticeMessage(html)).toBeNull();
    expect(html).not.toContain('<b>hi');
  });
});

describe('caching', () => {
  it('marks every signed-in response Cache-Control: no-store', async () => {
    const { visitor } = await newUser();
    for (const path of [
      '/',
      '/account',
      '/account/sessions',
      '/api/me',
      '/api/csrf',
      '/login',
      '/no-such-page',
    ]) {
      const response = await visitor.get(path);
      expect(response.headers.get('cache-control'), path).toBe('no-store');
    }
    const post = await visitor.submit('/account/sessions', '/account/sessions/revoke-others', {});
    expect(post.headers.get('cache-control')).toBe('no-store');
  });
});
