/**
 * Issue 12: a write left unawaited when the response is sent (`req.session.set(…)` then
 * `res.redirect(…)`) logs one warning naming the method and path, instead of a silently missing
 * cookie.
 */
import { afterEach, describe, expect, it } from 'vitest';
import express from 'express';
import { createSessions } from '../../index.js';
import { memoryStore } from '../../stores/memory/index.js';
import { Client, TEST_SECRET } from '../../../test/support/app.js';
import { listen } from '../../../test/support/layer-app.js';
import { sesame } from './index.js';

let server: { url: string; close(): Promise<void> } | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('an unawaited session write', () => {
  it('logs one warning naming the method and path (not its query)', async () => {
    const warnings: string[] = [];
    const sessions = createSessions({
      store: memoryStore(),
      secrets: TEST_SECRET,
      production: false,
      logger: { warn: (m) => warnings.push(m), error: () => {} },
    });
    const app = express();
    app.use(sesame(sessions));
    app.get('/cart/add', (req, res) => {
      void req.session.set('cart', ['book']);
      void req.session.set('seen', true);
      res.redirect(303, '/cart');
    });
    server = await listen(app, {});
    const reply = await new Client(server.url).get('/cart/add?token=secret-value');
    expect(reply.status).toBe(303);
    expect(reply.setCookies).toEqual([]);
    for (let i = 0; i < 100 && warnings.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('GET /cart/add:');
    expect(warnings[0]).toContain('await');
    expect(warnings[0]).not.toContain('secret-value');
  });
  it('logs once per response, however many late writes it had', async () => {
    const warnings: string[] = [];
    const failures: unknown[] = [];
    let done: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const sessions = createSessions({
      store: memoryStore(),
      secrets: TEST_SECRET,
      production: false,
      logger: { warn: (m) => warnings.push(m), error: () => {} },
    });
    const app = express();
    app.use(sesame(sessions));
    app.post('/sign-in', (req, res) => {
      res.json({ ok: true });
      // Both change the cookie after the response left: each fails, one warning says why.
      void (async () => {
        await req.session.login('u1').catch((err: unknown) => failures.push(err));
        await req.session.logout().catch((err: unknown) => failures.push(err));
        done();
      })();
    });
    server = await listen(app, {});
    const reply = await new Client(server.url).post('/sign-in');
    expect(reply.status).toBe(200);
    await finished;
    expect(failures).toHaveLength(2);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('POST /sign-in:');
  });
});
