/**
 * Observable lifecycle (docs/architecture.md §1.10): every event reaches onEvent with a keyed hash of the
 * session id — never the token, never the id — so audit logs cannot be replayed into a session.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, COOKIE, startApp, type TestApp } from '../support/app.js';

describe('events', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startApp();
  });
  afterEach(() => app.close());

  it('reports the lifecycle with hashed ids only', async () => {
    const probe = await startApp({ clock: app.clock, store: app.store });
    try {
      const client = new Client(probe.url);
      await client.post('/set', { json: { a: '1' } });
      const anonymous = client.jar.get(COOKIE) ?? '';
      await client.post('/login', { json: { user: 'alice' } });
      const signedIn = client.jar.get(COOKIE) ?? '';
      await client.post('/rotate');
      app.clock.advance(61_000);
      await client.get('/me');
      await client.post('/logout');

      expect(probe.events.map((e) => e.type)).toEqual(['created', 'login', 'rotated', 'touched', 'logout']);
      const log = JSON.stringify(probe.events);
      for (const token of [anonymous, signedIn]) {
        const [id = '', secret = ''] = token.split('.');
        expect(log).not.toContain(id);
        expect(log).not.toContain(secret);
      }
      for (const event of probe.events) {
        expect(event.sessionHash).toMatch(/^[A-Za-z0-9_-]{22}$/);
        expect(event.ip).toBe('127.0.0.1');
      }
      expect(probe.events.find((e) => e.type === 'login')?.userId).toBe('alice');
    } finally {
      await probe.close();
    }
  });

  it('survives a throwing handler', async () => {
    const probe = await startApp({
      clock: app.clock,
      store: app.store,
      onEvent: () => {
        throw new Error('log sink down');
      },
    });
    try {
      const client = new Client(probe.url);
      expect((await client.post('/login', { json: { user: 'alice' } })).status).toBe(200);
      expect((await client.get('/me')).body).toMatchObject({ userId: 'alice' });
      expect(probe.errors.some((line) => line.includes('onEvent handler threw'))).toBe(true);
    } finally {
      await probe.close();
    }
  });
});
