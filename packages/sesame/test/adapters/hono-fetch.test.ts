/**
 * Hono on a runtime whose responses are immutable (Workers, Deno, Bun: `app.fetch` with the
 * platform's own `Response`, not `@hono/node-server`, which swaps in a mutable one): a handler
 * that returns `Response.redirect()` after sign-in still sends the session cookie and
 * `Cache-Control: no-store`. This file must not import `@hono/node-server`.
 */
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { createSessions } from '../../src/index.js';
import type { Sessions } from '../../src/index.js';
import { sesame } from '../../src/adapters/hono/index.js';
import type { SesameEnv } from '../../src/adapters/hono/index.js';
import { memoryStore } from '../../src/stores/memory/index.js';
import { TEST_SECRET } from '../support/app.js';

let sessions: Sessions | undefined;
afterEach(async () => {
  await sessions?.close();
  sessions = undefined;
});

describe('hono on app.fetch', () => {
  it('a handler returning an immutable response (Response.redirect) still sends the session cookie', async () => {
    sessions = createSessions({
      store: memoryStore(),
      secrets: TEST_SECRET,
      production: false,
      logger: { warn: () => undefined, error: () => undefined },
    });
    const app = new Hono<SesameEnv>();
    app.use(sesame(sessions));
    app.post('/login', async (c) => {
      await c.get('session').login('alice');
      return Response.redirect('http://127.0.0.1/account', 303);
    });
    const reply = await app.request('http://127.0.0.1/login', {
      method: 'POST',
      headers: { 'sec-fetch-site': 'same-origin' },
    });
    expect(reply.status).toBe(303);
    expect(reply.headers.get('location')).toBe('http://127.0.0.1/account');
    expect(reply.headers.getSetCookie()).toEqual([expect.stringMatching(/^__Host-sid=[^;]+;/)]);
    expect(reply.headers.get('cache-control')).toBe('no-store');
  });
});
