/**
 * What the Web entry must get right beyond the adapter contract (web.test.ts under test/adapters):
 * immutable responses, other cookies, a change after the response is built, and a form body the
 * CSRF check reads without taking it from the handler. Runs on Node's own `Response` (the Hono
 * Node server swaps in its own).
 */
import { describe, expect, it, vi } from 'vitest';
import { manualClock } from '../../clock.js';
import { countingStore } from '../../../test/support/counting-store.js';
import { createSessions } from '../../index.js';
import { memoryStore } from '../../stores/memory/index.js';
import { loadSession, withSession } from './index.js';

describe('web entry', () => {
  const sessions = createSessions({
    store: memoryStore(),
    secrets: 'web-test-secret-0123456789-abcdefghijklmnopqrstu',
    production: false,
    logger: { warn: () => undefined, error: () => undefined },
  });
  const post = (init: RequestInit = {}) =>
    new Request('http://127.0.0.1:3000/login', {
      method: 'POST',
      headers: { 'sec-fetch-site': 'same-origin' },
      ...init,
    });

  it('adds the cookie to an immutable response (Response.redirect) by copying it', async () => {
    const { session, apply } = await loadSession(sessions, post());
    await session.login('alice');
    const redirect = Response.redirect('http://127.0.0.1:3000/account', 303);
    const sent = apply(redirect);
    expect(sent).not.toBe(redirect);
    expect(sent.status).toBe(303);
    expect(sent.headers.get('location')).toBe('http://127.0.0.1:3000/account');
    expect(sent.headers.getSetCookie()).toHaveLength(1);
    expect(sent.headers.get('cache-control')).toBe('no-store');
  });

  it('keeps the app’s other cookies, sends only the last session cookie, and refuses a change after apply', async () => {
    const { session, apply, headers } = await loadSession(sessions, post());
    await session.login('alice');
    await session.logout();
    expect(headers().getSetCookie()).toHaveLength(1);
    const response = new Response('ok', { headers: [['set-cookie', 'theme=dark; Path=/']] });
    const sent = apply(response);
    expect(sent.headers.getSetCookie()).toEqual([
      'theme=dark; Path=/',
      expect.stringMatching(/^__Host-sid=; .*Max-Age=0/),
    ]);
    await expect(session.set('late', 1)).rejects.toThrow(/after the response was built/);
  });

  it('reads _csrf from a form body without consuming it for the handler', async () => {
    const handler = withSession(sessions, async (request) =>
      Response.json({ a: (await request.formData()).get('a') }),
    );
    const reply = await handler(
      post({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1&_csrf=x' }),
    );
    expect(reply.status).toBe(403);
    const allowed = await handler(
      post({
        headers: { 'sec-fetch-site': 'same-origin', 'content-type': 'application/x-www-form-urlencoded' },
        body: 'a=1',
      }),
    );
    expect(await allowed.json()).toEqual({ a: '1' });
  });

  describe('a due touch', () => {
    const clock = manualClock();
    const memory = memoryStore({ clock });
    const { store: counted, calls } = countingStore(memory);
    const timed = createSessions({
      store: counted,
      clock,
      secrets: 'web-test-secret-0123456789-abcdefghijklmnopqrstu',
      production: false,
      logger: { warn: () => undefined, error: () => undefined },
    });
    const signedIn = async (): Promise<string> => {
      const { session, apply } = await loadSession(timed, post());
      await session.login('alice');
      const cookie = apply(new Response()).headers.getSetCookie()[0] ?? '';
      clock.advance(2 * 60_000);
      calls.length = 0;
      return cookie.split(';')[0] ?? '';
    };
    const get = (cookie: string) => new Request('http://127.0.0.1:3000/me', { headers: { cookie } });

    it('is written while loading by loadSession, which cannot know that apply will be called', async () => {
      const cookie = await signedIn();
      const { session } = await loadSession(timed, get(cookie));
      expect(session.userId).toBe('alice');
      expect(calls).toEqual(['get', 'touch']);
    });

    it('waits in withSession for the handler: carried by its write, else written as the response is applied', async () => {
      const cookie = await signedIn();
      let seenByHandler: string[] = [];
      const reader = withSession(timed, (_request, session) => {
        seenByHandler = [...calls];
        return Response.json({ userId: session.userId });
      });
      expect(await (await reader(get(cookie))).json()).toEqual({ userId: 'alice' });
      expect(seenByHandler).toEqual(['get']);
      await vi.waitFor(() => expect(calls).toEqual(['get', 'touch']));

      clock.advance(2 * 60_000);
      calls.length = 0;
      const writer = withSession(timed, async (_request, session) => {
        await session.set('theme', 'dark');
        return new Response('ok');
      });
      const writeRequest = new Request('http://127.0.0.1:3000/theme', {
        method: 'POST',
        headers: { cookie, 'sec-fetch-site': 'same-origin' },
      });
      expect((await writer(writeRequest)).status).toBe(200);
      // The write carried the touch: no touch of its own follows, and lastSeen moved.
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(calls).toEqual(['get', 'applyDelta']);
      const id = cookie.split('=')[1]?.split('.')[0] ?? '';
      expect((await memory.get(id))?.lastSeenMs).toBe(clock.now());
    });
  });
});
