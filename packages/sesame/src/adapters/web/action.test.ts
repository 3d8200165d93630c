/**
 * `actionSession`: a Next.js Server Action's session, with cookie changes set through a cookie
 * store by parts (what `cookies()` from 'next/headers' offers) rather than `Set-Cookie` lines.
 * The jar below is such a store: it keeps what it is given, as a browser would, and the tests
 * check each change has exactly the attributes of the line a route handler sends.
 */
import { serialize } from 'cookie';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../clock.js';
import { createSessions, isSesameError } from '../../index.js';
import type { PlannedCookieOptions, SessionEvent } from '../../index.js';
import { memoryStore } from '../../stores/memory/index.js';
import { failingStore } from '../../testing/failing-store.js';
import type { ActionCookies } from './action.js';
import { actionError, actionSession, loadSession } from './index.js';

const SECRET = 'web-test-secret-0123456789-abcdefghijklmnopqrstu';
const quiet = { warn: () => undefined, error: () => undefined };
const SID = '__Host-sid';
const CSRF_COOKIE = '__Host-sid-csrf';
const SESSION_ATTRIBUTES = { httpOnly: true, secure: true, sameSite: 'lax', path: '/' } as const;

interface SetCall {
  name: string;
  value: string;
  options: PlannedCookieOptions;
}

/** A browser's cookie jar behind Next.js's `cookies().set`: records each call, keeps live cookies. */
class CookieJar implements ActionCookies {
  readonly calls: SetCall[] = [];
  readonly #live = new Map<string, string>();

  set(name: string, value: string, options: PlannedCookieOptions): void {
    this.calls.push({ name, value, options });
    if (options.maxAge === 0) this.#live.delete(name);
    else this.#live.set(name, value);
  }

  /** The `Cookie` header the browser sends next. */
  header(): string {
    return [...this.#live].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  get(name: string): string | undefined {
    return this.#live.get(name);
  }

  /** The calls so far, then forget them. */
  take(): SetCall[] {
    return this.calls.splice(0);
  }
}

function setup(options: { renewAfter?: string } = {}) {
  const clock = manualClock();
  const memory = memoryStore({ clock });
  const { store, setMode } = failingStore(memory);
  const events: SessionEvent[] = [];
  const sessions = createSessions({
    store,
    clock,
    secrets: SECRET,
    production: false,
    logger: quiet,
    onEvent: (event) => void events.push(event),
    ...options,
  });
  const jar = new CookieJar();
  /** The headers of an action the jar's browser posts; `null` leaves a header out. */
  const headers = (extra: Record<string, string | null> = {}): Headers => {
    const all: Record<string, string | null> = {
      host: '127.0.0.1:3000',
      origin: 'http://127.0.0.1:3000',
      'sec-fetch-site': 'same-origin',
      'user-agent': 'test-browser',
      cookie: jar.header() || null,
      ...extra,
    };
    return new Headers(Object.entries(all).filter((entry): entry is [string, string] => entry[1] !== null));
  };
  const action = (extra: Record<string, string | null> = {}, csrfToken?: unknown) =>
    actionSession(
      sessions,
      { headers: headers(extra), cookies: jar },
      csrfToken === undefined ? {} : { csrfToken },
    );
  return { clock, memory, setMode, events, sessions, jar, headers, action };
}

/** The error `promise` rejects with. */
const rejection = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => expect.unreachable('resolved'),
    (error: unknown) => error,
  );

describe('actionSession', () => {
  it('signs in: the __Host- session cookie with the attributes of a route handler’s Set-Cookie line', async () => {
    const { jar, action, sessions } = setup();
    const session = await action();
    expect(jar.calls).toEqual([]); // a visitor without a cookie: nothing to set yet
    await session.login('alice');
    const [call, ...rest] = jar.take();
    expect(rest).toEqual([]);
    expect(call).toEqual({
      name: SID,
      value: expect.stringMatching(/^[\w-]+\.[\w-]+$/) as string,
      options: SESSION_ATTRIBUTES,
    });

    // The same sign-in in a route handler: its Set-Cookie line is this cookie, serialized.
    const { session: viaRoute, apply } = await loadSession(
      sessions,
      new Request('http://127.0.0.1:3000/login', {
        method: 'POST',
        headers: { 'sec-fetch-site': 'same-origin' },
      }),
    );
    await viaRoute.login('bob');
    const line = apply(new Response()).headers.getSetCookie()[0] ?? '';
    const token = line.slice(SID.length + 1, line.indexOf(';'));
    expect(serialize(SID, token, call?.options ?? {})).toBe(line);
  });

  it('sets a remembered sign-in with its Max-Age, and a later action with the cookie sees the user', async () => {
    const { jar, action, events } = setup();
    await (await action()).login('alice', { remember: true });
    const [call] = jar.take();
    expect(call?.options).toEqual({ ...SESSION_ATTRIBUTES, maxAge: expect.any(Number) as number });
    expect(call?.options.maxAge).toBeGreaterThan(3600);

    const later = await action();
    expect(later.userId).toBe('alice');
    expect(jar.take()).toEqual([]); // a read sets nothing
    // Without trustProxy no forwarded header counts, and an action has no address of its own.
    const login = events.find((event) => event.type === 'login');
    expect(login).toBeDefined();
    expect(login?.ip).toBeNull();
  });

  it('signs out: the cookie is set expired with the same attributes, and the old token is refused', async () => {
    const { jar, action } = setup();
    await (await action()).login('alice');
    const cookie = jar.header();
    jar.take();

    await (await action()).logout();
    expect(jar.take()).toEqual([
      { name: SID, value: '', options: { ...SESSION_ATTRIBUTES, maxAge: 0, expires: new Date(0) } },
    ]);
    expect(jar.get(SID)).toBeUndefined();

    // A copy of the old cookie is no session any more, and is cleared again.
    const replay = await action({ cookie });
    expect(replay.userId).toBeNull();
    expect(jar.take()).toEqual([
      expect.objectContaining({
        name: SID,
        value: '',
        options: expect.objectContaining({ maxAge: 0 }) as unknown,
      }),
    ]);
  });

  it('rotates and renews through the store, each new token as a cookie the next action presents', async () => {
    const { clock, jar, action, events } = setup({ renewAfter: '10m' });
    await (await action()).login('alice');
    const first = jar.get(SID);
    await (await action()).rotate();
    const rotated = jar.get(SID);
    expect(rotated).not.toBe(first);

    clock.advance(11 * 60_000);
    jar.take();
    const renewing = await action();
    expect(renewing.userId).toBe('alice');
    expect(events.map((event) => event.type)).toContain('renewed');
    expect(jar.take()).toEqual([
      { name: SID, value: expect.any(String) as string, options: SESSION_ATTRIBUTES },
    ]);
    expect(jar.get(SID)).not.toBe(rotated);
    expect((await action()).userId).toBe('alice');
  });

  it('reads a tampered or malformed cookie as no session, and clears it', async () => {
    const { jar, action } = setup();
    await (await action()).login('alice');
    const token = jar.get(SID) ?? '';
    jar.take();
    for (const forged of [`${token.slice(0, -2)}xx`, 'not-a-token', `${token}.extra`]) {
      const session = await action({ cookie: `${SID}=${forged}` });
      expect(session.userId, forged).toBeNull();
      expect(jar.take().map((call) => [call.name, call.value])).toEqual([[SID, '']]);
    }
  });

  it.each([
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }],
    ['Sec-Fetch-Site: same-site', { 'sec-fetch-site': 'same-site', origin: 'http://evil.127.0.0.1:3000' }],
    ['a foreign Origin', { 'sec-fetch-site': null, origin: 'https://evil.example' }],
    ['Origin: null', { 'sec-fetch-site': null, origin: 'null' }],
  ])(
    'refuses a cross-site action (%s) with 403, setting only what loading planned',
    async (_name, forged) => {
      const { jar, action, memory } = setup();
      await (await action()).login('alice');
      const before = jar.take();
      expect(before).toHaveLength(1);
      const stored = memory.size;
      /** Refuse an action carrying `cookie`; what it set. */
      const refuse = async (cookie: string) => {
        const error = await rejection(action({ ...forged, cookie }, 'any-token'));
        expect(isSesameError(error, 'ERR_CSRF_ORIGIN')).toBe(true);
        expect(actionError(error)).toEqual({ error: 'ERR_CSRF_ORIGIN', status: 403 });
        return jar.take().map((call) => [call.name, call.value]);
      };
      expect(await refuse(jar.header())).toEqual([]);
      // A bad cookie is cleared, as any request would have it (a renewal is set too:
      // test/security/renewal-on-refused-request.test.ts).
      expect(await refuse(`${SID}=forged.cookie`)).toEqual([[SID, '']]);
      expect(memory.size).toBe(stored);
    },
  );

  it('without Sec-Fetch-Site and Origin, lets the form’s token decide', async () => {
    const { jar, action } = setup();
    const noHeaders = { 'sec-fetch-site': null, origin: null };
    // A visitor: the sign-in form's token is bound to a nonce cookie, set by the page's action.
    const visitor = await action();
    const anonymousToken = await visitor.csrfToken();
    expect(jar.take()).toEqual([
      {
        name: CSRF_COOKIE,
        value: expect.any(String) as string,
        options: { ...SESSION_ATTRIBUTES, maxAge: 7200 },
      },
    ]);
    const refused = await rejection(action(noHeaders));
    expect(actionError(refused)).toEqual({ error: 'ERR_CSRF_TOKEN', status: 403 });
    expect(actionError(await rejection(action(noHeaders, 'forged')))).toMatchObject({ status: 403 });
    const signingIn = await action(noHeaders, anonymousToken);
    await signingIn.login('alice');
    // The session cookie, and the nonce cookie dropped: the session's own token counts now.
    expect(jar.take().map((call) => [call.name, call.options.maxAge])).toEqual([
      [SID, undefined],
      [CSRF_COOKIE, 0],
    ]);

    const token = await (await action()).csrfToken();
    expect((await action(noHeaders, token)).userId).toBe('alice');
    expect(actionError(await rejection(action(noHeaders, anonymousToken)))).toMatchObject({ status: 403 });
    expect(jar.calls).toEqual([]);
  });

  it('reads the forwarded host, scheme and address only with trustProxy', async () => {
    const { jar, sessions, events, headers } = setup();
    const proxied = headers({
      host: '10.0.0.5:3000',
      origin: 'https://app.example',
      'sec-fetch-site': null,
      'x-forwarded-host': 'app.example',
      'x-forwarded-proto': 'https',
      'x-forwarded-for': '6.6.6.6, 203.0.113.9',
    });
    const error = await rejection(actionSession(sessions, { headers: proxied, cookies: jar }));
    expect(isSesameError(error, 'ERR_CSRF_ORIGIN')).toBe(true);
    const session = await actionSession(sessions, { headers: proxied, cookies: jar }, { trustProxy: true });
    await session.login('alice');
    expect(events.find((event) => event.type === 'login')?.ip).toBe('203.0.113.9');
    // No Host header and no proxy to ask: no host to compare the Origin with.
    const hostless = headers({ host: null, 'sec-fetch-site': null });
    expect(isSesameError(await rejection(actionSession(sessions, { headers: hostless, cookies: jar })))).toBe(
      true,
    );
  });

  it('answers a store outage with 503 and a session ended meanwhile with 401 (its cookie cleared), never a 500', async () => {
    const { jar, action, setMode } = setup();
    await (await action()).login('alice');
    jar.take();

    setMode('down');
    const outage = await rejection(action());
    expect(actionError(outage)).toEqual({ error: 'ERR_STORE_UNAVAILABLE', status: 503 });
    expect(jar.calls).toEqual([]);

    setMode('up');
    const session = await action();
    setMode('ended');
    const ended = await rejection(session.set('theme', 'dark'));
    expect(actionError(ended)).toEqual({ error: 'ERR_SESSION_GONE', status: 401 });
    expect(jar.take().map((call) => [call.name, call.value])).toEqual([[SID, '']]);
  });
});
