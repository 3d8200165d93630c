/**
 * What the Web entry must get right beyond the adapter contract (web.test.ts under test/adapters):
 * immutable responses, other cookies, a change after the response is built, and a form body the
 * CSRF check reads without taking it from the handler. Runs on Node's own `Response` (the Hono
 * Node server swaps in its own).
 */
import { describe, expect, it } from 'vitest';
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
});
