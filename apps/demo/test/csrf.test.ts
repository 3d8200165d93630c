/**
 * CSRF (docs/architecture.md §1.9) as the demo answers it: unsafe requests need Fetch Metadata / Origin that
 * vouch for them or, from clients that send neither, the session's token; a refusal is a 403
 * page and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOD_PASSWORD, Visitor, uniqueUsername } from './support/http-client.js';
import type { RunningDemo } from './support/start-demo.js';
import { startDemo } from './support/start-demo.js';

let demo: RunningDemo;
beforeAll(async () => {
  demo = await startDemo();
});
afterAll(() => demo.close());

async function signedIn(): Promise<Visitor> {
  const visitor = new Visitor(demo.url);
  await visitor.register(uniqueUsername(), GOOD_PASSWORD);
  return visitor;
}

async function stillSignedIn(visitor: Visitor): Promise<boolean> {
  return (await visitor.get('/api/me')).status === 200;
}

describe('CSRF', () => {
  it('refuses a sign-out without token and without Fetch Metadata / Origin: 403 page, still signed in', async () => {
    const visitor = await signedIn();
    const response = await visitor.post('/logout', {});
    expect(response.status).toBe(403);
    const html = await response.text();
    expect(html).toContain('Request refused');
    expect(html).toContain('sent from another site');
    expect(await stillSignedIn(visitor)).toBe(true);
  });

  it('refuses a token from another session', async () => {
    const visitor = await signedIn();
    const other = await signedIn();
    const foreignToken = await other.csrfFrom('/account');
    expect((await visitor.post('/logout', { _csrf: foreignToken })).status).toBe(403);
    expect(await stillSignedIn(visitor)).toBe(true);
  });

  it('refuses a foreign Origin even with a valid token', async () => {
    const visitor = await signedIn();
    const token = await visitor.csrfFrom('/account');
    const response = await visitor.post('/logout', { _csrf: token }, { origin: 'http://evil.example' });
    expect(response.status).toBe(403);
    expect(await stillSignedIn(visitor)).toBe(true);
  });

  it.each(['cross-site', 'same-site'])('refuses Sec-Fetch-Site: %s even with a valid token', async (site) => {
    const visitor = await signedIn();
    const token = await visitor.csrfFrom('/account');
    const response = await visitor.post('/logout', { _csrf: token }, { 'sec-fetch-site': site });
    expect(response.status).toBe(403);
    expect(await stillSignedIn(visitor)).toBe(true);
  });

  it('accepts a same-origin browser request by its headers', async () => {
    const visitor = await signedIn();
    const response = await visitor.post('/logout', {}, { 'sec-fetch-site': 'same-origin', origin: demo.url });
    expect(response.status).toBe(303);
    expect(await stillSignedIn(visitor)).toBe(false);
  });

  it('refuses a cross-site sign-in attempt (login CSRF) before any password check', async () => {
    const username = uniqueUsername();
    await new Visitor(demo.url).register(username, GOOD_PASSWORD);
    const attacker = new Visitor(demo.url);
    const token = await attacker.csrfFrom('/login');
    const response = await attacker.post(
      '/login',
      { username, password: GOOD_PASSWORD, _csrf: token },
      { 'sec-fetch-site': 'cross-site' },
    );
    expect(response.status).toBe(403);
    // The token was a valid one (its nonce cookie is in the jar): only the header refused it.
    expect(attacker.cookies.has('__Host-sid-csrf')).toBe(true);
    expect(attacker.sessionCookie).toBeUndefined();
    expect((await attacker.get('/api/me')).status).toBe(401);
  });

  it('answers JSON under /api', async () => {
    const visitor = await signedIn();
    const response = await visitor.post('/api/me', {});
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: 'Request refused' });
  });
});
