/**
 * No lost updates (docs/architecture.md §1.6): data changes are deltas applied atomically by the store, so
 * parallel requests that change different keys all persist — where a whole-session rewrite
 * (express-session's model) keeps only the last writer's copy.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, startApp, type TestApp } from '../support/app.js';

describe('lost update', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startApp();
  });
  afterEach(() => app.close());

  it('keeps every key when 40 parallel requests each set a different one', async () => {
    const client = new Client(app.url);
    await client.post('/login', { json: { user: 'alice' } });
    const keys = Array.from({ length: 40 }, (_, i) => `k${i}`);
    const replies = await Promise.all(keys.map((key) => client.post('/set', { json: { [key]: key } })));
    expect(replies.map((r) => r.status)).toEqual(keys.map(() => 200));
    const data = ((await client.get('/me')).body as { data: Record<string, string> }).data;
    for (const key of keys) expect(data[key], key).toBe(key);
  });

  it('parallel set and unset of different keys both apply', async () => {
    const client = new Client(app.url);
    await client.post('/login', { json: { user: 'alice' } });
    await client.post('/set', { json: { keep: '1', drop: '1' } });
    await Promise.all([
      client.post('/unset', { json: { keys: ['drop'] } }),
      client.post('/set', { json: { added: '1' } }),
    ]);
    expect(((await client.get('/me')).body as { data: unknown }).data).toEqual({ keep: '1', added: '1' });
  });
});
