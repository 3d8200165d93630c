/**
 * CSRF on by default for unsafe methods (docs/architecture.md §1.9, WSTG-SESS-05, ASVS 5.0 V3.5.1): Fetch
 * Metadata first, Origin second, and a session-bound synchronizer token only when a request
 * carries neither header. A token never overrides a failed header check.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, startApp, type TestApp } from '../support/app.js';

describe('csrf', () => {
  let app: TestApp;
  let client: Client;
  let token: string;
  beforeEach(async () => {
    app = await startApp({ csrf: { allowedOrigins: ['https://partner.example'] } });
    client = new Client(app.url);
    await client.post('/login', { json: { user: 'alice' } });
    token = ((await client.get('/csrf')).body as { token: string }).token;
  });
  afterEach(() => app.close());

  const refused = { status: 403 };

  it.each([
    ['cross-site fetch metadata', { 'sec-fetch-site': 'cross-site' }, 'ERR_CSRF_ORIGIN'],
    ['same-site (sibling subdomain)', { 'sec-fetch-site': 'same-site' }, 'ERR_CSRF_ORIGIN'],
    [
      'cross-site even with a valid token',
      { 'sec-fetch-site': 'cross-site', 'x-csrf-token': 'TOKEN' },
      'ERR_CSRF_ORIGIN',
    ],
    [
      'foreign Origin without fetch metadata',
      { 'sec-fetch-site': '', origin: 'https://evil.example' },
      'ERR_CSRF_ORIGIN',
    ],
    [
      'foreign Origin with a valid token',
      { 'sec-fetch-site': '', origin: 'https://evil.example', 'x-csrf-token': 'TOKEN' },
      'ERR_CSRF_ORIGIN',
    ],
    [
      'Origin: null (sandboxed frame, data: URL)',
      { 'sec-fetch-site': '', origin: 'null' },
      'ERR_CSRF_ORIGIN',
    ],
    ['Origin with another port', { 'sec-fetch-site': '', origin: 'http://127.0.0.1:1' }, 'ERR_CSRF_ORIGIN'],
    ['Origin with another scheme', { 'sec-fetch-site': '', origin: 'https://127.0.0.1' }, 'ERR_CSRF_ORIGIN'],
    ['no headers and no token', { 'sec-fetch-site': '' }, 'ERR_CSRF_TOKEN'],
    [
      'no headers and a garbage token',
      { 'sec-fetch-site': '', 'x-csrf-token': 'x'.repeat(43) },
      'ERR_CSRF_TOKEN',
    ],
  ])('refuses %s', async (_name, headers: Record<string, string>, code) => {
    const withToken = Object.fromEntries(
      Object.entries(headers).map(([k, v]) => [k, v === 'TOKEN' ? token : v]),
    );
    const reply = await client.post('/action', { headers: withToken });
    expect(reply).toMatchObject(refused);
    expect(reply.body).toEqual({ error: code });
  });

  it('refuses a text/plain form post from another site (the classic CSRF body)', async () => {
    const reply = await client.post('/action', {
      headers: {
        'sec-fetch-site': 'cross-site',
        origin: 'https://evil.example',
        'content-type': 'text/plain',
      },
    });
    expect(reply.status).toBe(403);
    // And the session is untouched: still signed in.
    expect((await client.get('/me')).body).toMatchObject({ userId: 'alice' });
  });

  it('refuses another session’s token when no header vouches', async () => {
    const other = new Client(app.url);
    await other.post('/login', { json: { user: 'bob' } });
    const bobToken = ((await other.get('/csrf')).body as { token: string }).token;
    const reply = await client.post('/action', {
      headers: { 'sec-fetch-site': '', 'x-csrf-token': bobToken },
    });
    expect(reply.status).toBe(403);
  });

  it.each([
    ['same-origin fetch metadata', { 'sec-fetch-site': 'same-origin' }],
    ['user-initiated navigation', { 'sec-fetch-site': 'none' }],
    ['allow-listed partner origin', { 'sec-fetch-site': 'cross-site', origin: 'https://partner.example' }],
    ['matching Origin without fetch metadata', { 'sec-fetch-site': '', origin: 'SELF' }],
    ['no headers but the session’s token', { 'sec-fetch-site': '', 'x-csrf-token': 'TOKEN' }],
  ])('allows %s', async (_name, headers: Record<string, string>) => {
    const resolved = Object.fromEntries(
      Object.entries(headers).map(([k, v]) => [k, v === 'TOKEN' ? token : v === 'SELF' ? app.url : v]),
    );
    const reply = await client.post('/action', { headers: resolved });
    expect(reply.status).toBe(200);
  });

  it('accepts the token in a form field', async () => {
    const reply = await client.post('/action', { headers: { 'sec-fetch-site': '' }, form: { _csrf: token } });
    expect(reply.status).toBe(200);
  });

  it('does not check safe methods', async () => {
    expect((await client.get('/me', { headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(200);
  });
});
