/**
 * CSRF on by default for unsafe methods (docs/architecture.md §1.9, WSTG-SESS-05, ASVS 5.0 V3.5.1): Fetch
 * Metadata first, Origin second, and a session-bound synchronizer token only when a request
 * carries neither header. A token never overrides a failed header check.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { csrfTokenFor } from '../../src/csrf/token.js';
import type { RequestFacts } from '../../src/index.js';
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

// Behind a TLS-terminating proxy the Origin check must compare against the host and scheme the
// browser used, which only the proxy's X-Forwarded-* headers carry, and only when Express trusts
// the proxy (issue 17: this branch of the adapter was untested).
describe('csrf behind a proxy', () => {
  const forwarded = { 'x-forwarded-host': 'app.example', 'x-forwarded-proto': 'https', 'sec-fetch-site': '' };

  it('accepts a same-origin POST through a trusted proxy', async () => {
    const app = await startApp({ trustProxy: true });
    try {
      const reply = await new Client(app.url).post('/action', {
        headers: { ...forwarded, origin: 'https://app.example' },
      });
      expect(reply.status).toBe(200);
    } finally {
      await app.close();
    }
  });

  // RFC 7239 §7.4 / de-facto X-Forwarded-Host: each proxy appends; the first entry is what the
  // browser addressed, spaces around the comma included.
  it('takes the first host of a forwarded list, port kept', async () => {
    const app = await startApp({ trustProxy: true });
    try {
      const client = new Client(app.url);
      const list = { ...forwarded, 'x-forwarded-host': 'app.example:8443 , edge.internal' };
      expect(
        (await client.post('/action', { headers: { ...list, origin: 'https://app.example:8443' } })).status,
      ).toBe(200);
      const reply = await client.post('/action', { headers: { ...list, origin: 'https://edge.internal' } });
      expect(reply.status).toBe(403);
    } finally {
      await app.close();
    }
  });

  it.each([
    ['a foreign origin', 'https://evil.example'],
    ['the right host over plain HTTP', 'http://app.example'],
    ['the proxy’s own address', 'SELF'],
  ])('refuses %s through a trusted proxy', async (_name, origin) => {
    const app = await startApp({ trustProxy: true });
    try {
      const reply = await new Client(app.url).post('/action', {
        headers: { ...forwarded, origin: origin === 'SELF' ? app.url : origin },
      });
      expect(reply.status).toBe(403);
      expect(reply.body).toEqual({ error: 'ERR_CSRF_ORIGIN' });
    } finally {
      await app.close();
    }
  });

  it('ignores X-Forwarded-Host from a proxy Express does not trust', async () => {
    const app = await startApp();
    try {
      const client = new Client(app.url);
      const spoofed = await client.post('/action', {
        headers: { ...forwarded, origin: 'https://app.example' },
      });
      expect(spoofed.status).toBe(403);
      const direct = await client.post('/action', { headers: { ...forwarded, origin: app.url } });
      expect(direct.status).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe('csrf exemptions', () => {
  it('skips the check only for the routes skipCsrf names', async () => {
    const app = await startApp({ adapter: { skipCsrf: (req) => req.path === '/action' } });
    try {
      const client = new Client(app.url);
      const crossSite = { headers: { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' } };
      expect((await client.post('/action', crossSite)).status).toBe(200);
      const other = await client.post('/set', { ...crossSite, json: { a: '1' } });
      expect(other.status).toBe(403);
      expect(other.body).toEqual({ error: 'ERR_CSRF_ORIGIN' });
      const noHeaders = await client.post('/set', { headers: { 'sec-fetch-site': '' }, json: { a: '1' } });
      expect(noHeaders.body).toEqual({ error: 'ERR_CSRF_TOKEN' });
    } finally {
      await app.close();
    }
  });
});

describe('csrf hooks that throw', () => {
  it.each([
    ['csrfToken', { csrfToken: () => JSON.parse('{') as unknown }],
    ['skipCsrf', { skipCsrf: () => JSON.parse('{') as boolean }],
  ])('answer with an error when %s throws, instead of hanging the request', async (_name, adapter) => {
    const app = await startApp({ adapter });
    try {
      const client = new Client(app.url);
      await client.post('/login', { json: { user: 'alice' } });
      const reply = await client.post('/action', { headers: { 'sec-fetch-site': '' } });
      expect(reply.status).toBe(500);
      expect(app.errors.some((e) => e.includes('SyntaxError'))).toBe(true);
    } finally {
      await app.close();
    }
  });
});

describe('csrf refusals', () => {
  const facts = (headers: Partial<RequestFacts>): RequestFacts => ({
    method: 'POST',
    host: 'app.example',
    isSecure: true,
    cookieHeader: null,
    origin: null,
    secFetchSite: null,
    ip: null,
    userAgent: null,
    ...headers,
  });

  it('tell the developer what was refused and what would pass', async () => {
    const app = await startApp();
    try {
      const check = async (headers: Partial<RequestFacts>) => {
        const request = facts(headers);
        const session = await app.sessions.load(request, () => undefined);
        return app.sessions.checkCsrf(request, session, () => undefined)?.message;
      };
      expect(await check({ secFetchSite: 'cross-site' })).toBe(
        'Cross-site POST refused (Sec-Fetch-Site: cross-site, Origin: -).',
      );
      expect(await check({ origin: 'https://evil.example' })).toBe(
        'Cross-site POST refused (Sec-Fetch-Site: -, Origin: https://evil.example).',
      );
      expect(await check({ method: 'DELETE' })).toBe(
        'DELETE without Sec-Fetch-Site or Origin needs a valid CSRF token (x-csrf-token header or _csrf field).',
      );
    } finally {
      await app.close();
    }
  });

  it('makes a new error for every refused request, since adapters key what the 403 carries by it', async () => {
    const app = await startApp();
    try {
      const refusal = async (headers: Partial<RequestFacts>) => {
        const request = facts(headers);
        return app.sessions.checkCsrf(request, await app.sessions.load(request, () => undefined), () => 'x');
      };
      const byOrigin = [
        await refusal({ secFetchSite: 'cross-site' }),
        await refusal({ secFetchSite: 'cross-site' }),
      ];
      const byToken = [await refusal({}), await refusal({})];
      for (const [first, second] of [byOrigin, byToken]) {
        expect(first).toBeInstanceOf(Error);
        expect(second).toBeInstanceOf(Error);
        expect(first).not.toBe(second);
      }
    } finally {
      await app.close();
    }
  });

  it('refuse a visitor with no stored session whatever token it sends', async () => {
    const app = await startApp();
    try {
      const request = facts({});
      const session = await app.sessions.load(request, () => undefined);
      const secrets = app.sessions.config.secrets;
      for (const forged of ['null', 'undefined', '', 'A'.repeat(22)]) {
        const token = csrfTokenFor(secrets, forged);
        expect(app.sessions.checkCsrf(request, session, () => token)?.code).toBe('ERR_CSRF_TOKEN');
      }
    } finally {
      await app.close();
    }
  });
});
