/**
 * Session fixation (WSTG-SESS-03, ASVS 5.0 V7.2.4): a token known before sign-in is worthless
 * after it; the class of bug behind passport CVE-2022-25896.
 *
 * @module
 */
import { expect } from '../vitest.js';
import type { AdapterCase } from '../adapter-case.js';
import { SESSION_COOKIE } from '../adapter-case.js';
import { cookieOf, me, signIn } from './support.js';

export const fixationCases: AdapterCase[] = [
  {
    name: 'sign-in issues a new token and the pre-login token is dead',
    async run({ browser }) {
      const victim = browser();
      expect((await victim.post('/set?theme=dark')).status).toBe(200);
      const before = victim.jar.get(SESSION_COOKIE) ?? '';
      expect(before).not.toBe('');
      const after = await signIn(victim, 'alice');
      expect(after.split('.')[0]).not.toBe(before.split('.')[0]);
      expect(await me(victim)).toMatchObject({ userId: 'alice', data: { theme: 'dark' } });
      expect(await me(browser(), cookieOf(before))).toMatchObject({ userId: null, stored: false });
    },
  },
  {
    name: 'sign-in never adopts a token the client chose',
    async run({ browser, store }) {
      const chosen = 'AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
      const victim = browser();
      victim.jar.set(SESSION_COOKIE, chosen);
      const issued = await signIn(victim, 'alice');
      expect(issued).not.toBe(chosen);
      expect(await me(browser(), cookieOf(chosen))).toMatchObject({ userId: null });
      expect(await store.get(chosen.split('.')[0] ?? '')).toBeNull();
    },
  },
];
