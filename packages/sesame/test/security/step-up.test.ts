/**
 * Step-up re-authentication (ASVS 5.0 V7.5.3, OWASP Session Management cheat sheet "Renew the
 * session ID after any privilege level change"): `isFresh(maxAge)` says whether the user signed in
 * within `maxAge`, from the record's sign-in time and the server clock, never from the client.
 * The window is inclusive: exactly `maxAge` after sign-in is still fresh.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, startApp, type TestApp } from '../support/app.js';

const MINUTE = 60_000;

describe('isFresh', () => {
  let app: TestApp;
  let client: Client;
  let signedInAt: number;
  beforeEach(async () => {
    app = await startApp();
    client = new Client(app.url);
    signedInAt = app.clock.now();
    await client.post('/login', { json: { user: 'alice' } });
  });
  afterEach(() => app.close());

  const fresh = async (c: Client, maxAge: string): Promise<unknown> =>
    ((await c.get(`/fresh?maxAge=${maxAge}`)).body as { fresh: boolean }).fresh;

  it.each([
    ['right after sign-in', 0, true],
    ['just inside the window', 5 * MINUTE - 1, true],
    ['at the end of the window', 5 * MINUTE, true],
    ['just past the window', 5 * MINUTE + 1, false],
  ])('%s (%i ms after sign-in): fresh is %s', async (_name, elapsed, expected) => {
    app.clock.set(signedInAt + elapsed);
    expect(await fresh(client, '5m')).toBe(expected);
  });

  it('counts from the last sign-in, not from activity', async () => {
    app.clock.set(signedInAt + 4 * MINUTE);
    expect(await fresh(client, '5m')).toBe(true);
    app.clock.set(signedInAt + 6 * MINUTE);
    expect(await fresh(client, '5m')).toBe(false);
    await client.post('/reauthenticate');
    expect(await fresh(client, '5m')).toBe(true);
    app.clock.set(signedInAt + 11 * MINUTE + 1);
    expect(await fresh(client, '5m')).toBe(false);
  });

  it('is never fresh without a sign-in', async () => {
    const anonymous = new Client(app.url);
    expect(await fresh(anonymous, '1h')).toBe(false);
    await anonymous.post('/set', { json: { theme: 'dark' } });
    expect(await fresh(anonymous, '1h')).toBe(false);
  });
});
