/**
 * Where an app stores anonymous data on purpose, it can bound how much (issue 10):
 * `beforeAnonymousCreate` is asked before a write stores a session for a visitor who is not
 * signed in, and a refusal is `ERR_SESSION_LIMITED` (429) with nothing stored. Sign-in is never
 * asked, so a limit on anonymous visitors can never lock a user out.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RequestFacts } from '../../src/index.js';
import { memoryStore } from '../../src/stores/memory/index.js';
import type { MemoryStore } from '../../src/stores/memory/index.js';
import { Client, manualClockFor, startApp, type TestApp } from '../support/app.js';

describe('beforeAnonymousCreate', () => {
  let app: TestApp;
  let store: MemoryStore;
  const asked: (string | null)[] = [];
  beforeEach(async () => {
    asked.length = 0;
    const clock = manualClockFor();
    store = memoryStore({ clock });
    app = await startApp({
      store,
      clock,
      // Async, as a rate limiter on a shared store would be.
      beforeAnonymousCreate: (facts: RequestFacts) => {
        asked.push(facts.ip);
        return Promise.resolve(asked.length <= 3);
      },
    });
  });
  afterEach(() => app.close());

  it('refuses past the limit with 429 and stores nothing more', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await new Client(app.url).post('/set', { json: { a: '1' } })).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(store.size).toBe(3);
    const refused = await new Client(app.url).post('/set', { json: { a: '1' } });
    expect(refused.body).toEqual({ error: 'ERR_SESSION_LIMITED' });
    expect(refused.setCookies).toEqual([]);
    expect(asked.every((ip) => ip === '127.0.0.1' || ip === '::ffff:127.0.0.1')).toBe(true);
  });

  it('is not asked for sign-in, for a form token, or for writes to a stored session', async () => {
    const client = new Client(app.url);
    await client.get('/csrf');
    await client.post('/login', { json: { user: 'alice' } });
    await client.post('/set', { json: { a: '1' } });
    expect(asked).toEqual([]);
  });
});
