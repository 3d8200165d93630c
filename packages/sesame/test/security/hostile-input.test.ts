/**
 * Attacker-controlled input never reaches a throw (docs/architecture.md §1.8, issue 17): token
 * parsing, cookie parsing, CSRF token verification and the engine's load of a Cookie header take
 * any string and answer with a value, and the Express adapter never answers 500 for any cookie,
 * `x-csrf-token` or `_csrf` value. Property-based with fast-check; malformed-cookie.test.ts holds
 * the hand-picked cases.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readCookie } from '../../src/cookie/parse.js';
import { csrfTokenFor, verifyCsrfToken } from '../../src/csrf/token.js';
import type { RequestFacts, ResponsePlan } from '../../src/index.js';
import { parseToken } from '../../src/token/format.js';
import { Client, COOKIE, startApp, TEST_SECRET, type TestApp } from '../support/app.js';

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Every UTF-16 code unit, lone surrogates included: what a JavaScript string can hold. */
const codeUnits = fc.string({ unit: fc.nat({ max: 0xffff }).map((n) => String.fromCharCode(n)) });
/** Raw bytes read as latin1: what Node hands over for a header it received. */
const bytes = fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1'));
/** Near misses: the token alphabet plus the characters a forger would try, at token-like lengths. */
const tokenish = (length: number) =>
  fc.string({
    unit: fc.constantFrom(...`${B64URL}.=+/ %"\\;,`),
    minLength: length - 2,
    maxLength: length + 2,
  });

const anyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  codeUnits,
  bytes,
  tokenish(65),
  tokenish(43),
);

/** Header values a client can put on the wire: tab, printable ASCII and obs-text (RFC 9110 §5.5). */
const headerValue = fc.string({
  unit: fc.oneof(
    fc.constant('\t'),
    fc.integer({ min: 0x20, max: 0x7e }).map((n) => String.fromCharCode(n)),
    fc.integer({ min: 0x80, max: 0xff }).map((n) => String.fromCharCode(n)),
    fc.constantFrom(...`${B64URL}.`),
  ),
  maxLength: 120,
});

describe('hostile input: parsing and verification never throw', () => {
  const secrets = [Buffer.from(TEST_SECRET)];

  it('token parsing answers null for anything it did not issue', () => {
    fc.assert(
      fc.property(anyString, (value) => {
        expect(parseToken(value)).toBeNull();
      }),
      { numRuns: 3000 },
    );
  });

  it('cookie parsing answers a string or null', () => {
    fc.assert(
      fc.property(anyString, anyString, (garbage, value) => {
        for (const header of [garbage, `${COOKIE}=${value}`, `${garbage}; ${COOKIE}=${value}`]) {
          const found = readCookie(header, COOKIE);
          expect(found === null || typeof found === 'string').toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('CSRF verification answers false for any submitted value', () => {
    const id = 'A'.repeat(22);
    fc.assert(
      fc.property(fc.oneof(anyString, fc.anything()), (token) => {
        expect(verifyCsrfToken(secrets, id, token)).toBe(false);
      }),
      { numRuns: 3000 },
    );
    // And the real token still verifies, so the property is not vacuous.
    expect(verifyCsrfToken(secrets, id, csrfTokenFor(secrets, id))).toBe(true);
  });
});

describe('hostile input through the engine and the Express adapter', () => {
  let app: TestApp;
  let signedIn: string;
  beforeEach(async () => {
    app = await startApp();
    const client = new Client(app.url);
    await client.post('/login', { json: { user: 'alice' } });
    signedIn = client.cookieHeader ?? '';
  });
  afterEach(() => app.close());

  const facts = (cookieHeader: string): RequestFacts => ({
    method: 'GET',
    host: 'app.example',
    isSecure: true,
    cookieHeader,
    origin: null,
    secFetchSite: null,
    ip: null,
    userAgent: null,
  });

  it('the engine loads any Cookie header as no session, without throwing', async () => {
    await fc.assert(
      fc.asyncProperty(anyString, anyString, async (garbage, value) => {
        for (const header of [garbage, `${COOKIE}=${value}`, `${garbage}; ${COOKIE}=${value}`]) {
          const plans: ResponsePlan[] = [];
          const session = await app.sessions.load(facts(header), (plan) => plans.push(plan));
          expect(session.userId).toBeNull();
          expect(session.isStored).toBe(false);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('never answers 500 for an arbitrary cookie or x-csrf-token', async () => {
    await fc.assert(
      fc.asyncProperty(headerValue, headerValue, async (cookie, token) => {
        const reply = await new Client(app.url).post('/action', {
          cookie: `${COOKIE}=${cookie}`,
          headers: { 'sec-fetch-site': '', 'x-csrf-token': token },
        });
        expect(reply.status).toBe(403);
        expect(reply.body).toEqual({ error: 'ERR_CSRF_TOKEN' });
      }),
      { numRuns: 60 },
    );
  });

  it('never answers 500 for an arbitrary token on a signed-in session', async () => {
    await fc.assert(
      fc.asyncProperty(
        headerValue,
        fc.string({ unit: 'binary' }),
        fc.jsonValue(),
        async (header, field, json) => {
          const client = new Client(app.url);
          const replies = [
            await client.post('/action', {
              cookie: signedIn,
              headers: { 'sec-fetch-site': '', 'x-csrf-token': header },
            }),
            await client.post('/action', {
              cookie: signedIn,
              headers: { 'sec-fetch-site': '' },
              form: { _csrf: field },
            }),
            await client.post('/action', {
              cookie: signedIn,
              headers: { 'sec-fetch-site': '' },
              json: { _csrf: json },
            }),
          ];
          for (const reply of replies) {
            expect(reply.status).toBe(403);
            expect(reply.body).toEqual({ error: 'ERR_CSRF_TOKEN' });
          }
        },
      ),
      { numRuns: 40 },
    );
    expect(app.errors.filter((e) => e.startsWith('unhandled'))).toEqual([]);
  });
});
