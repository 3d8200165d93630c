/**
 * The anonymous CSRF token (docs/architecture.md §1.9, issue 10): a form shown to a visitor
 * without a session stores nothing; its token is bound to a nonce in a `__Host-sid-csrf` cookie of
 * its own (a signed double-submit cookie, OWASP CSRF cheat sheet). For a client that sends neither
 * Fetch Metadata nor `Origin` that token must pass, and a missing, wrong or unbound one must be
 * refused with 403, all without a session being stored. The adapter must deliver the nonce cookie
 * from `GET /csrf` and the token from the header or the form to the core.
 *
 * @module
 */
import { expect } from '../vitest.js';
import type { AdapterCase } from '../adapter-case.js';
import { SESSION_COOKIE } from '../adapter-case.js';
import type { Browser } from '../browser.js';
import { parseSetCookie } from '../browser.js';
import type { SessionStore } from '../../store.js';
import { me } from './support.js';

/** The anonymous CSRF nonce cookie under the contract's (default) cookie options. */
export const NONCE_COOKIE = `${SESSION_COOKIE}-csrf`;

/** No Fetch Metadata and no `Origin`: an old browser or a plain client; the token decides. */
const BARE = { 'sec-fetch-site': '' };

/** The visitor's form token from `GET /csrf`. */
export async function formToken(client: Browser): Promise<string> {
  const reply = await client.get('/csrf');
  expect(reply.status, 'GET /csrf').toBe(200);
  return (reply.body as { token: string }).token;
}

/** How many records the store holds (every one counts as expired at the end of time). */
async function storedCount(store: SessionStore): Promise<number> {
  return store.deleteExpired(Number.MAX_SAFE_INTEGER);
}

export const anonymousCsrfCases: AdapterCase[] = [
  {
    name: 'a form token for a visitor without a session sets only the nonce cookie and stores nothing',
    async run({ browser, store }) {
      const client = browser();
      const reply = await client.get('/csrf');
      expect(reply.status).toBe(200);
      const cookies = reply.setCookies.map(parseSetCookie);
      expect(cookies.map((c) => c.name)).toEqual([NONCE_COOKIE]);
      expect(cookies[0]?.attributes).toEqual(
        expect.arrayContaining(['httponly', 'secure', 'samesite=lax', 'path=/']),
      );
      expect(reply.headers.get('cache-control')).toBe('no-store');
      expect((await me(client)).stored).toBe(false);
      expect(await storedCount(store)).toBe(0);
    },
  },
  {
    name: 'without either header, the anonymous token passes with its nonce cookie and nothing else does',
    async run({ browser, store }) {
      const client = browser();
      const token = await formToken(client);
      const other = browser();
      const othersToken = await formToken(other);
      const attempt = async (request: Parameters<Browser['post']>[1]): Promise<number> =>
        (await client.post('/action', request)).status;
      expect(await attempt({ headers: { ...BARE, 'x-csrf-token': token } }), 'header').toBe(200);
      expect(await attempt({ headers: BARE, form: { _csrf: token } }), 'form').toBe(200);
      expect(await attempt({ headers: BARE }), 'no token').toBe(403);
      expect(await attempt({ headers: { ...BARE, 'x-csrf-token': 'x'.repeat(43) } }), 'garbage').toBe(403);
      expect(await attempt({ headers: { ...BARE, 'x-csrf-token': othersToken } }), "another's").toBe(403);
      const noNonce = await client.post('/action', {
        headers: { ...BARE, 'x-csrf-token': token },
        cookie: null,
      });
      expect(noNonce.status, 'token without its nonce cookie').toBe(403);
      expect((await me(client)).stored).toBe(false);
      expect(await storedCount(store)).toBe(0);
    },
  },
];
