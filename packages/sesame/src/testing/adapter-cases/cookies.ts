/**
 * Cookie attributes (docs/architecture.md §1.2, WSTG-SESS-02, ASVS 5.0 V3.3.1–V3.3.4) as the
 * adapter sends them: every attribute the core chose reaches the browser, and nothing is added.
 *
 * @module
 */
import { expect } from '../vitest.js';
import type { AdapterCase } from '../adapter-case.js';
import { sessionCookies } from './support.js';

export const cookieCases: AdapterCase[] = [
  {
    name: 'issues __Host-sid with HttpOnly, Secure, SameSite=Lax, Path=/ and no-store',
    async run({ browser }) {
      const reply = await browser().post('/login?user=alice');
      expect(reply.status).toBe(200);
      const cookies = sessionCookies(reply);
      expect(cookies).toHaveLength(1);
      expect(cookies[0]?.value).toMatch(/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
      expect(cookies[0]?.attributes.sort()).toEqual(['httponly', 'path=/', 'samesite=lax', 'secure']);
      expect(reply.headers.get('cache-control')).toBe('no-store');
    },
  },
  {
    name: 'marks signed-in responses no-store and sets no session cookie for a visitor who stores nothing',
    async run({ browser }) {
      const visitor = await browser().get('/me');
      expect(visitor.status).toBe(200);
      expect(sessionCookies(visitor)).toEqual([]);
      const client = browser();
      await client.post('/login?user=alice');
      const read = await client.get('/me');
      expect(read.headers.get('cache-control')).toBe('no-store');
      expect(sessionCookies(read)).toEqual([]);
    },
  },
  {
    name: 'a remember-me cookie lasts as long as the absolute lifetime, no longer',
    async run({ browser }) {
      const reply = await browser().post('/login?user=alice&remember=1');
      const attributes = sessionCookies(reply)[0]?.attributes ?? [];
      expect(attributes).toContain(`max-age=${12 * 3600}`);
    },
  },
];
