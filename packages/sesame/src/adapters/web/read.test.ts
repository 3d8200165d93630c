/**
 * `readSession`: a render that cannot set cookies (a React Server Component) reads the session
 * without renewing its token, clears no cookie, and refuses before writing anything what would
 * need a cookie. Without it, a renewal during a render reached no browser, and the browser's next
 * request, after the grace, ended the session as a stolen token.
 */
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../clock.js';
import { createSessions, isSesameError } from '../../index.js';
import type { SessionEvent } from '../../index.js';
import { memoryStore } from '../../stores/memory/index.js';
import { loadSession, readSession } from './index.js';

const SECRET = 'web-test-secret-0123456789-abcdefghijklmnopqrstu';
const quiet = { warn: () => undefined, error: () => undefined };

function setup() {
  const clock = manualClock();
  const store = memoryStore({ clock });
  const events: SessionEvent[] = [];
  const sessions = createSessions({
    store,
    clock,
    secrets: SECRET,
    production: false,
    renewAfter: '10m',
    renewalGrace: '30s',
    logger: quiet,
    onEvent: (event) => void events.push(event),
  });
  const request = (cookie: string | null) =>
    new Request('http://127.0.0.1:3000/account', {
      method: 'POST',
      headers: { 'sec-fetch-site': 'same-origin', ...(cookie === null ? {} : { cookie }) },
    });
  /** Sign `user` in through a route handler; the `Cookie` header its browser then sends. */
  const signIn = async (user: string): Promise<string> => {
    const { session, apply } = await loadSession(sessions, request(null));
    await session.login(user);
    const line = apply(new Response('ok')).headers.getSetCookie()[0] ?? '';
    return line.slice(0, line.indexOf(';'));
  };
  return { clock, store, events, sessions, request, signIn };
}

const rendering = (cookie: string | null) => new Headers(cookie === null ? {} : { cookie });

describe('readSession', () => {
  it('reads a signed-in session without renewing it, so the browser’s cookie keeps working', async () => {
    const { clock, events, sessions, request, signIn } = setup();
    const cookie = await signIn('alice');
    clock.advance(11 * 60_000); // renewal is due
    const read = await readSession(sessions, rendering(cookie));
    expect(read.userId).toBe('alice');
    expect(events.map((event) => event.type)).not.toContain('renewed');
    clock.advance(60_000); // past the grace a renewed-away secret would have had
    const { session, apply } = await loadSession(sessions, request(cookie));
    expect(session.userId).toBe('alice');
    expect(events.map((event) => event.type)).not.toContain('token-reuse');
    // The route handler is where the renewal happens.
    expect(apply(new Response('ok')).headers.getSetCookie()).toEqual([
      expect.stringMatching(/^__Host-sid=[^;]/),
    ]);
    expect(events.map((event) => event.type)).toContain('renewed');
  });

  it('lets a render write the stored session’s data and read its CSRF token', async () => {
    const { sessions, request, signIn } = setup();
    const cookie = await signIn('alice');
    const read = await readSession(sessions, rendering(cookie));
    await read.set('theme', 'dark');
    const token = await read.csrfToken();
    const { session } = await loadSession(sessions, request(cookie));
    expect(session.get('theme')).toBe('dark');
    expect(await session.csrfToken()).toBe(token);
  });

  it('refuses before writing anything what needs a cookie: a sign-in, a first write, an anonymous CSRF token', async () => {
    const { store, sessions } = setup();
    const read = await readSession(sessions, rendering(null));
    for (const attempt of [() => read.login('mallory'), () => read.set('a', 1), () => read.csrfToken()]) {
      const error = await attempt().catch((err: unknown) => err);
      expect(isSesameError(error, 'ERR_RESPONSE_SENT')).toBe(true);
      expect(String(error)).toMatch(/route handler or a Server Action/);
    }
    expect(store.size).toBe(0);
  });

  it('reads a malformed or ended cookie as no session, without throwing for the cookie it cannot clear', async () => {
    const { sessions, signIn } = setup();
    const cookie = await signIn('alice');
    await sessions.config.store.deleteByUser('alice');
    for (const header of [cookie, '__Host-sid=not-a-token', '__Host-sid=']) {
      const read = await readSession(sessions, rendering(header));
      expect(read.userId).toBeNull();
    }
  });
});
