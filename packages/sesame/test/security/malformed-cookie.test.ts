/**
 * Hostile Cookie headers (docs/architecture.md §1.8): garbage, duplicates, oversized values and prototype keys
 * are "no session", never an exception or a 500. Property-based with fast-check.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readCookie } from '../../src/cookie/parse.js';
import { parseToken } from '../../src/token/format.js';
import { Client, COOKIE, startApp, type TestApp } from '../support/app.js';

describe('malformed cookie headers', () => {
  let app: TestApp;
  let valid: string;
  beforeEach(async () => {
    app = await startApp();
    const client = new Client(app.url);
    await client.post('/login', { json: { user: 'alice' } });
    valid = client.jar.get(COOKIE) ?? '';
  });
  afterEach(() => app.close());

  it('never throws while parsing arbitrary headers, and finds no token in them', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (header) => {
        const value = readCookie(header, COOKIE);
        expect(parseToken(value)).toBeNull();
      }),
      { numRuns: 2000 },
    );
  });

  it('answers arbitrary printable headers with 200 and no session', async () => {
    const printable = fc.string({
      unit: fc.constantFrom(...'abc=; ,."\\%_-__Host-sid\t'.split('')),
      maxLength: 120,
    });
    await fc.assert(
      fc.asyncProperty(printable, async (garbage) => {
        const reply = await new Client(app.url).get('/me', { cookie: `${garbage}; ${COOKIE}=${garbage}` });
        expect(reply.status).toBe(200);
        expect(reply.body).toMatchObject({ userId: null });
      }),
      { numRuns: 60 },
    );
  });

  it.each([
    ['duplicate: a forged cookie first', () => `${COOKIE}=forged; ${COOKIE}=${valid}`, null],
    ['duplicate: the real cookie first', () => `${COOKIE}=${valid}; ${COOKIE}=forged`, 'alice'],
    ['percent-encoded token', () => `${COOKIE}=${encodeURIComponent(valid).replace('.', '%2E')}`, null],
    ['quoted token', () => `${COOKIE}="${valid}"`, null],
    ['__proto__ pair', () => `__proto__=1; constructor=2; ${COOKIE}=${valid}`, 'alice'],
    ['large but legal header (many cookies)', () => `pad=${'x'.repeat(15_000)}; ${COOKIE}=${valid}`, 'alice'],
    ['header past what Node accepts', () => `pad=${'x'.repeat(20_000)}; ${COOKIE}=${valid}`, 'status:431'],
  ])('%s', async (_name, header, expected) => {
    const reply = await new Client(app.url).get('/me', { cookie: header() });
    if (expected === 'status:431') {
      expect(reply.status).toBe(431); // Node's own limit answers first: never a 500
      return;
    }
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ userId: expected });
  });

  it('does not look into a Cookie header past 16 KiB', () => {
    expect(readCookie(`pad=${'x'.repeat(17_000)}; ${COOKIE}=${valid}`, COOKIE)).toBeNull();
    expect(readCookie(`${COOKIE}=${valid}`, COOKIE)).toBe(valid);
    const exactly = (size: number) => {
      const tail = `; ${COOKIE}=${valid}`;
      return `pad=${'x'.repeat(size - 4 - tail.length)}${tail}`;
    };
    expect(exactly(16 * 1024)).toHaveLength(16 * 1024);
    expect(readCookie(exactly(16 * 1024), COOKIE)).toBe(valid);
    expect(readCookie(exactly(16 * 1024 + 1), COOKIE)).toBeNull();
  });

  it('finds no session cookie where its name is only part of another cookie', () => {
    expect(readCookie(`x${COOKIE}=${valid}`, COOKIE)).toBeNull();
    expect(readCookie(`a=${COOKIE}`, COOKIE)).toBeNull();
    expect(readCookie('', COOKIE)).toBeNull();
  });

  it('clears a malformed cookie with a no-store response and says why', async () => {
    const reply = await new Client(app.url).get('/me', { cookie: `${COOKIE}=garbage` });
    expect(reply.body).toMatchObject({ userId: null, ended: 'malformed' });
    expect(reply.setCookies.some((c) => c.startsWith(`${COOKIE}=;`))).toBe(true);
    expect(reply.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses __proto__ and friends as data keys', async () => {
    const client = new Client(app.url);
    const reply = await client.post('/set', {
      json: JSON.parse('{"__proto__": {"polluted": true}}') as object,
    });
    expect(reply.status).toBe(500);
    expect(reply.body).toEqual({ error: 'ERR_SESSION_DATA_INVALID' });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
