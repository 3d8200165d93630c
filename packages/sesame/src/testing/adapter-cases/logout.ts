/**
 * Logout means logout (docs/architecture.md §1.5, WSTG-SESS-06, ASVS 5.0 V7.4.1, V7.4.5): the
 * record is deleted server-side, a copy of the cookie is refused afterwards, and the cookie is
 * expired with the attributes it was set with.
 *
 * @module
 */
import { expect } from '../vitest.js';
import type { AdapterCase } from '../adapter-case.js';
import { SESSION_COOKIE } from '../adapter-case.js';
import { cookieOf, me, sessionCookies, signIn } from './support.js';

export const logoutCases: AdapterCase[] = [
  {
    name: 'logout deletes the session and expires the cookie with the same attributes',
    async run({ browser, store }) {
      const client = browser();
      const stolen = await signIn(client, 'alice');
      const reply = await client.post('/logout');
      expect(reply.status).toBe(200);
      const cleared = sessionCookies(reply);
      expect(cleared).toHaveLength(1);
      expect(cleared[0]?.value).toBe('');
      expect(cleared[0]?.attributes).toEqual(
        expect.arrayContaining(['max-age=0', 'path=/', 'httponly', 'secure', 'samesite=lax']),
      );
      expect(cleared[0]?.attributes.some((a) => a.startsWith('domain'))).toBe(false);
      expect(client.jar.has(SESSION_COOKIE)).toBe(false);
      expect(await store.get(stolen.split('.')[0] ?? '')).toBeNull();
      expect(await me(browser(), cookieOf(stolen))).toMatchObject({ userId: null, stored: false });
    },
  },
  {
    name: "logout everywhere ends every session of the user and no one else's",
    async run({ browser }) {
      const laptop = browser();
      const phone = browser();
      const other = browser();
      await signIn(laptop, 'alice');
      const phoneToken = await signIn(phone, 'alice');
      await signIn(other, 'bob');
      const reply = await laptop.post('/logout-everywhere');
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({ count: 2 });
      expect(sessionCookies(reply)[0]?.attributes).toContain('max-age=0');
      expect(await me(laptop)).toMatchObject({ userId: null });
      expect(await me(browser(), cookieOf(phoneToken))).toMatchObject({ userId: null });
      expect(await me(other)).toMatchObject({ userId: 'bob' });
    },
  },
];
