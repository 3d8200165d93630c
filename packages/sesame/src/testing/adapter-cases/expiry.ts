/**
 * Idle and absolute timeouts (docs/architecture.md §1.4, ASVS 5.0 V7.3.1, V7.3.2, WSTG-SESS-07),
 * enforced server-side whatever the cookie says; the clock moves, nobody sleeps.
 *
 * @module
 */
import { expect } from '../vitest.js';
import type { AdapterCase } from '../adapter-case.js';
import { cookieOf, me, sessionCookies, signIn } from './support.js';

const MINUTE = 60_000;

export const expiryCases: AdapterCase[] = [
  {
    name: 'ends the session after the idle timeout and clears the cookie',
    async run({ browser, clock }) {
      const client = browser();
      const token = await signIn(client, 'alice');
      clock.advance(29 * MINUTE);
      expect(await me(client)).toMatchObject({ userId: 'alice' });
      clock.advance(30 * MINUTE + 1);
      const expired = await client.get('/me');
      expect(expired.body).toMatchObject({ userId: null });
      expect(sessionCookies(expired)[0]?.attributes).toContain('max-age=0');
      expect(await me(browser(), cookieOf(token))).toMatchObject({ userId: null });
    },
  },
  {
    name: 'ends an active session at the absolute limit',
    async run({ browser, clock, settle }) {
      const client = browser();
      await signIn(client, 'alice');
      const start = clock.now();
      for (let elapsed = 25 * MINUTE; elapsed < 12 * 60 * MINUTE; elapsed += 25 * MINUTE) {
        clock.set(start + elapsed);
        expect(await me(client), `after ${elapsed / MINUTE} min`).toMatchObject({ userId: 'alice' });
        // 25 minutes pass before the next visit: the touch this one left for after its response lands.
        await settle();
      }
      clock.set(start + 12 * 60 * MINUTE);
      expect(await me(client)).toMatchObject({ userId: null });
    },
  },
];
