/**
 * Several `Set-Cookie` lines in one response (RFC 6265 §3: one cookie per header field; a merged
 * line is read as one cookie with the rest as attributes). A sign-in that a form's anonymous token
 * protected issues the session cookie and clears the nonce cookie in the same response; both must
 * arrive, each as a header of its own, or the browser keeps a stale nonce or loses the session.
 *
 * @module
 */
import { expect } from '../vitest.js';
import type { AdapterCase } from '../adapter-case.js';
import { SESSION_COOKIE } from '../adapter-case.js';
import { parseSetCookie } from '../browser.js';
import { formToken, NONCE_COOKIE } from './anonymous-csrf.js';
import { me } from './support.js';

export const setCookieCases: AdapterCase[] = [
  {
    name: 'sends every Set-Cookie of one response as a header of its own (sign-in clears the nonce cookie)',
    async run({ browser }) {
      const client = browser();
      const token = await formToken(client);
      const reply = await client.post('/login?user=alice', {
        headers: { 'sec-fetch-site': '' },
        form: { _csrf: token },
      });
      expect(reply.status).toBe(200);
      const cookies = reply.setCookies.map(parseSetCookie);
      expect(cookies.map((c) => c.name).sort()).toEqual([SESSION_COOKIE, NONCE_COOKIE].sort());
      for (const line of reply.setCookies) {
        expect(line.match(/__Host-sid/g)?.length, `one cookie per line: ${line}`).toBe(1);
      }
      const session = cookies.find((c) => c.name === SESSION_COOKIE);
      expect(session?.value).not.toBe('');
      expect(session?.attributes).not.toContain('max-age=0');
      expect(cookies.find((c) => c.name === NONCE_COOKIE)?.attributes).toContain('max-age=0');
      expect(client.jar.has(NONCE_COOKIE)).toBe(false);
      expect((await me(client)).userId).toBe('alice');
    },
  },
];
