/**
 * Tampered, truncated and forged tokens (docs/architecture.md §1.1, WSTG-SESS-01): rejected as "no session",
 * before any store call when malformed, without harming the real session, and logged as an
 * event that carries a keyed hash, never the id or token.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, COOKIE, startApp, type TestApp } from '../support/app.js';
import type { SessionStore } from '../../src/index.js';
import { countingStore } from '../support/counting-store.js';

function flip(char: string): string {
  return char === 'A' ? 'B' : 'A';
}

describe('tampered token', () => {
  let app: TestApp;
  let token: string;
  beforeEach(async () => {
    app = await startApp();
    const client = new Client(app.url);
    await client.post('/login', { json: { user: 'alice' } });
    token = client.jar.get(COOKIE) ?? '';
  });
  afterEach(() => app.close());

  it('rejects a secret with one character changed, and the real session survives', async () => {
    const [id = '', secret = ''] = token.split('.');
    const forged = `${id}.${flip(secret[0] ?? '')}${secret.slice(1)}`;
    const reply = await new Client(app.url).get('/me', { cookie: `${COOKIE}=${forged}` });
    // The same reason as an unknown id (issue 10; see session-probing.test.ts).
    expect(reply.body).toMatchObject({ userId: null, stored: false, ended: 'ended' });
    expect(reply.setCookies.some((c) => c.startsWith(`${COOKIE}=;`))).toBe(true);
    expect((await new Client(app.url).get('/me', { cookie: `${COOKIE}=${token}` })).body).toMatchObject({
      userId: 'alice',
    });

    const rejected = app.events.filter((e) => e.type === 'rejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.reason).toBe('secret-mismatch');
    expect(JSON.stringify(app.events)).not.toContain(id);
    expect(JSON.stringify(app.events)).not.toContain(secret);
  });

  it('rejects malformed tokens before any store call', async () => {
    const { store, calls } = countingStore(app.store);
    const probe = await startApp({ store, clock: app.clock });
    try {
      const [id = '', secret = ''] = token.split('.');
      const malformed = [
        token.slice(0, -1), // truncated
        `${token}A`, // extended
        `${id}`, // id only
        `${id}.${secret}.x`,
        `${id}=.${secret}`, // padding
        `${id.slice(0, -1)}B.${secret}`.replace(/B\./, '\u00e9.'), // non-ASCII
        `${id.slice(0, -1)}_.${secret}`, // non-canonical final character
        `${id}.${secret.replace(/-/g, '+').replace(/_/g, '/')}x`, // base64, not base64url
        '',
        '.',
        'null',
      ];
      for (const value of malformed) {
        const reply = await new Client(probe.url).get('/me', { cookie: `${COOKIE}=${value}` });
        expect(reply.status, value).toBe(200);
        expect(reply.body, value).toMatchObject({ userId: null, stored: false });
      }
      expect(calls).toEqual([]);
    } finally {
      await probe.close();
    }
  });

  it('rejects a real id paired with another session’s secret', async () => {
    const other = new Client(app.url);
    await other.post('/login', { json: { user: 'bob' } });
    const [aliceId] = token.split('.');
    const [, bobSecret] = (other.jar.get(COOKIE) ?? '').split('.');
    const reply = await new Client(app.url).get('/me', { cookie: `${COOKIE}=${aliceId}.${bobSecret}` });
    expect(reply.body).toMatchObject({ userId: null });
  });

  it('accepts only the record stored under the id the cookie names', async () => {
    // A store that matched ids loosely (a case-insensitive collation, a prefix scan) could hand
    // back another session's record: the engine checks the id as well as the secret.
    const loose: SessionStore = new Proxy(app.store, {
      get(target, key, receiver) {
        const value: unknown = Reflect.get(target, key, receiver);
        if (key === 'get') {
          return async (id: string) => {
            const record = await target.get(id);
            return record && { ...record, id: id.toLowerCase() === id ? id.toUpperCase() : id.toLowerCase() };
          };
        }
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const probe = await startApp({ store: loose, clock: app.clock });
    try {
      const reply = await new Client(probe.url).get('/me', { cookie: `${COOKIE}=${token}` });
      expect(reply.body).toMatchObject({ userId: null, ended: 'ended' });
    } finally {
      await probe.close();
    }
  });

  it('keeps only the SHA-256 of the secret in the store', async () => {
    const [id = '', secret = ''] = token.split('.');
    const record = await app.store.get(id);
    expect(JSON.stringify(record)).not.toContain(secret);
    const { createHash } = await import('node:crypto');
    expect(record?.secretHash).toBe(createHash('sha256').update(secret).digest('base64url'));
  });
});
