/**
 * Bad input is a 4xx with a page, never a 500 or a crash; a failing session store is a 503 page
 * (docs/architecture.md §1.8, issue 3 "Bad input").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionStore } from 'sesame-session';
import { memoryStore } from 'sesame-session/stores/memory';
import { GOOD_PASSWORD, Visitor, uniqueUsername } from './support/http-client.js';
import type { RunningDemo } from './support/start-demo.js';
import { startDemo } from './support/start-demo.js';

/** A real memory store whose every call can be made to fail, as an unreachable server would. */
function switchableStore(): { store: SessionStore; fail: (on: boolean) => void } {
  const inner = memoryStore();
  let failing = false;
  const store = new Proxy(inner, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      if (property === 'close') return () => inner.close();
      return (...args: unknown[]) =>
        failing
          ? Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379'))
          : (value as (...a: unknown[]) => unknown).apply(target, args);
    },
  });
  return { store, fail: (on) => void (failing = on) };
}

let demo: RunningDemo;
const outage = switchableStore();
beforeAll(async () => {
  demo = await startDemo({ store: outage.store });
});
afterAll(() => demo.close());

async function csrfVisitor(): Promise<{ visitor: Visitor; token: string }> {
  const visitor = new Visitor(demo.url);
  return { visitor, token: await visitor.csrfFrom('/login') };
}

describe('bad bodies', () => {
  it('answers an oversized form with 413', async () => {
    const { visitor, token } = await csrfVisitor();
    const response = await visitor.post('/login', {
      username: 'x',
      password: 'p'.repeat(20_000),
      _csrf: token,
    });
    expect(response.status).toBe(413);
    expect(await response.text()).toContain('Form too large');
  });

  it('answers a form with too many fields with 413', async () => {
    const { visitor, token } = await csrfVisitor();
    const fields = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`f${i}`, 'x']));
    expect((await visitor.post('/login', { ...fields, _csrf: token })).status).toBe(413);
  });

  it('answers an unsupported charset with 415', async () => {
    const { visitor, token } = await csrfVisitor();
    const response = await visitor.post('/login', `_csrf=${token}&username=a&password=b`, {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-7',
    });
    expect(response.status).toBe(415);
  });

  it('answers repeated or missing fields with 400', async () => {
    const { visitor, token } = await csrfVisitor();
    const repeated = `_csrf=${token}&username=a&username=b&password=${encodeURIComponent(GOOD_PASSWORD)}`;
    expect((await visitor.post('/login', repeated)).status).toBe(400);
    expect((await visitor.post('/login', { _csrf: token })).status).toBe(400);
    expect((await visitor.post('/register', { _csrf: token })).status).toBe(400);
  });

  it('answers a JSON body to a form route with 400 (with the token in the header)', async () => {
    const { visitor, token } = await csrfVisitor();
    const response = await visitor.request('/login', {
      method: 'POST',
      body: JSON.stringify({ username: 'a', password: 'b' }),
      headers: { 'content-type': 'application/json', 'x-csrf-token': token },
    });
    expect(response.status).toBe(400);
  });

  it('treats garbage, duplicate and oversized session cookies as no session', async () => {
    for (const cookie of [
      '__Host-sid=garbage',
      '__Host-sid=a.b; __Host-sid=c.d',
      `__Host-sid=${'A'.repeat(4000)}`,
      '__Host-sid=%E0%A4%A',
    ]) {
      const response = await fetch(`${demo.url}/account`, { headers: { cookie }, redirect: 'manual' });
      expect(response.status, cookie).toBe(303);
    }
  });

  it('never shows a stack trace', async () => {
    const { visitor, token } = await csrfVisitor();
    const html = await (
      await visitor.post('/login', { username: 'x', password: 'p'.repeat(20_000), _csrf: token })
    ).text();
    expect(html).not.toMatch(/at .+\.(ts|js):\d+/);
    expect(html).not.toContain('PayloadTooLargeError');
  });
});

describe('session store outage', () => {
  it('answers 503 with a page and Retry-After, then recovers', async () => {
    const visitor = new Visitor(demo.url);
    await visitor.register(uniqueUsername(), GOOD_PASSWORD);
    outage.fail(true);
    try {
      const response = await visitor.get('/account');
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('30');
      const html = await response.text();
      expect(html).toContain('Service unavailable');
      expect(html).not.toContain('ECONNREFUSED');
      expect((await visitor.get('/api/me')).status).toBe(503);
      expect(demo.logger.lines.some((line) => line.includes('ECONNREFUSED'))).toBe(true);
    } finally {
      outage.fail(false);
    }
    expect((await visitor.get('/account')).status).toBe(200);
  });
});
