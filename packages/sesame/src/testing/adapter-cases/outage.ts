/**
 * Fail closed (docs/architecture.md §1.8): a store that fails or hangs gives a 503 through the
 * framework's error handling — never a crash, never an anonymous or signed-in request by
 * mistake — and the server serves again once the store is back. A write to a session ended
 * meanwhile answers 401. The store is wrapped to fail on demand: the adapter is under test here.
 *
 * @module
 */
import { expect } from '../vitest.js';
import type { AdapterCase } from '../adapter-case.js';
import { me, sessionCookies, signIn } from './support.js';

/** Run `work`, then fail if the process saw an unhandled rejection meanwhile (Express 4's crash). */
async function withoutUnhandledRejections(work: () => Promise<void>): Promise<void> {
  const seen: unknown[] = [];
  const listener = (reason: unknown): void => void seen.push(reason);
  process.on('unhandledRejection', listener);
  try {
    await work();
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off('unhandledRejection', listener);
  }
  expect(seen, 'unhandled rejections').toEqual([]);
}

export const outageCases: AdapterCase[] = [
  {
    name: 'a store that is down answers 503 to a request with a session, and serves again when back',
    async run({ browser, setStoreMode, logged }) {
      const client = browser();
      await signIn(client, 'alice');
      setStoreMode('down');
      const read = await client.get('/me');
      expect(read.status).toBe(503);
      const write = await client.post('/set?a=1');
      expect(write.status).toBe(503);
      expect(sessionCookies(write)).toEqual([]);
      // The driver's error (here "connect ECONNREFUSED 127.0.0.1:6379") is logged, never answered:
      // even a framework's default error handler, which sends the message, names no host or port.
      expect(logged.some((line) => line.startsWith('error: sesame:') && line.includes('ECONNREFUSED'))).toBe(
        true,
      );
      for (const reply of [read, write]) expect(reply.text).not.toMatch(/ECONNREFUSED|6379/);
      setStoreMode('up');
      expect(await me(client)).toMatchObject({ userId: 'alice' });
    },
  },
  {
    name: 'a store that hangs answers 503 once the store timeout passes',
    async run({ browser, setStoreMode }) {
      const client = browser();
      await signIn(client, 'alice');
      setStoreMode('hang');
      const started = Date.now();
      expect((await client.get('/me')).status).toBe(503);
      expect(Date.now() - started).toBeLessThan(5_000);
    },
  },
  {
    name: 'a store failure inside a route answers 503 and the server keeps serving',
    async run({ browser, setStoreMode }) {
      await withoutUnhandledRejections(async () => {
        const client = browser();
        await signIn(client, 'alice');
        setStoreMode('writes-down');
        expect((await client.post('/set?a=1')).status).toBe(503);
        expect((await browser().post('/set?a=1')).status).toBe(503);
        expect((await client.post('/logout')).status).toBe(503);
        setStoreMode('up');
        expect(await me(client)).toMatchObject({ userId: 'alice', data: {} });
      });
    },
  },
  {
    name: 'a write to a session ended meanwhile answers 401 and never revives it',
    async run({ browser, setStoreMode }) {
      await withoutUnhandledRejections(async () => {
        const client = browser();
        await signIn(client, 'alice');
        setStoreMode('ended');
        expect((await client.post('/set?late=1')).status).toBe(401);
      });
    },
  },
  {
    name: 'sign-in while the store is down is a 503, not a session',
    async run({ browser, setStoreMode }) {
      setStoreMode('down');
      const client = browser();
      expect((await client.post('/login?user=alice')).status).toBe(503);
      expect(client.jar.size).toBe(0);
    },
  },
  {
    name: 'a visitor without a cookie is served while the store is down',
    async run({ browser, setStoreMode }) {
      setStoreMode('down');
      expect(await me(browser())).toMatchObject({ userId: null });
    },
  },
];
