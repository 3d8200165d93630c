/**
 * Issue 12: a write left unawaited when the response is sent (`req.session.set(…)` then
 * `res.redirect(…)`) logs one warning naming the method and path, instead of a silently missing
 * cookie; it fails with `ERR_RESPONSE_SENT`, and no store keeps a session whose token never
 * reached a browser.
 */
import { afterEach, describe, expect, it } from 'vitest';
import express from 'express';
import { createSessions, isSesameError } from '../../index.js';
import type { SessionStore } from '../../index.js';
import { memoryStore } from '../../stores/memory/index.js';
import { boundStore, countingStore } from '../../../test/support/counting-store.js';
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
    const store = memoryStore();
    const sessions = createSessions({
      store,
      secrets: TEST_SECRET,
      production: false,
      logger: { warn: (m) => warnings.push(m), error: () => {} },
    });
    const app = express();
    app.use(sesame(sessions));
    const failures: unknown[] = [];
    app.get('/cart/add', (req, res) => {
      req.session.set('cart', ['book']).catch((err: unknown) => failures.push(err));
      req.session.set('seen', true).catch((err: unknown) => failures.push(err));
      res.redirect(303, '/cart');
    });
    server = await listen(app, {});
    const reply = await new Client(server.url).get('/cart/add?token=secret-value');
    expect(reply.status).toBe(303);
    expect(reply.setCookies).toEqual([]);
    for (let i = 0; i < 100 && failures.length < 2; i++) await new Promise((r) => setTimeout(r, 5));
    expect(failures.map((err) => isSesameError(err, 'ERR_RESPONSE_SENT'))).toEqual([true, true]);
    // The first write began before the redirect and is deleted again; the second never starts.
    for (let i = 0; i < 100 && store.size > 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(store.size).toBe(0);
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
    const counted = countingStore(memoryStore());
    const sessions = createSessions({
      store: counted.store,
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
    expect(failures.every((err) => isSesameError(err, 'ERR_RESPONSE_SENT'))).toBe(true);
    // The sign-in came after the response: refused before it wrote anything.
    expect(counted.calls).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('POST /sign-in:');
  });

  it('a sign-in whose response leaves while its record is being written deletes the record again', async () => {
    const backing = memoryStore();
    let created!: () => void;
    const writing = new Promise<void>((resolve) => (created = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    // The create is held until the response has left: the window of `login()` then `res.json()`.
    const store: SessionStore = {
      ...boundStore(backing),
      create: async (record) => {
        const result = await backing.create(record);
        created();
        await released;
        return result;
      },
    };
    const sessions = createSessions({
      store,
      secrets: TEST_SECRET,
      production: false,
      logger: { warn: () => {}, error: () => {} },
    });
    let failure: unknown;
    let settled!: () => void;
    const done = new Promise<void>((resolve) => (settled = resolve));
    const app = express();
    app.use(sesame(sessions));
    app.post('/sign-in', (req, res) => {
      req.session
        .login('u1')
        .catch((err: unknown) => (failure = err))
        .finally(settled);
      void writing.then(() => res.json({ ok: true }));
    });
    server = await listen(app, {});
    const reply = await new Client(server.url).post('/sign-in');
    expect(reply.status).toBe(200);
    expect(reply.setCookies).toEqual([]);
    release();
    await done;
    expect(isSesameError(failure, 'ERR_RESPONSE_SENT')).toBe(true);
    for (let i = 0; i < 100 && backing.size > 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(await backing.listByUser('u1')).toEqual([]);
    expect(backing.size).toBe(0);
  });
});
