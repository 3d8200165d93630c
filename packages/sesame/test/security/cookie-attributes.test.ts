/**
 * The session cookie's attributes (docs/architecture.md §1.2, WSTG-SESS-02, ASVS 5.0 V3.3.1–V3.3.4): `__Host-`
 * prefix, HttpOnly, Secure, SameSite=Lax, Path=/, no Domain, no Max-Age unless "remember me".
 * Weakening is an explicit option and is refused in production.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSessions, isSesameError } from '../../src/index.js';
import type { RequestFacts, SessionStore } from '../../src/index.js';
import { memoryStore } from '../../src/stores/memory/index.js';
import { Client, parseSetCookie, startApp, type TestApp } from '../support/app.js';

const quiet = { warn: () => undefined, error: () => undefined };

/** The memory store without its process-local mark, so production refuses only what a test names. */
function durableStore(): SessionStore {
  return Object.assign(Object.create(memoryStore()) as SessionStore, { processLocal: false });
}

describe('cookie attributes', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startApp();
  });
  afterEach(() => app.close());

  it('issues __Host-sid with HttpOnly, Secure, SameSite=Lax, Path=/ and nothing else', async () => {
    const reply = await new Client(app.url).post('/login', { json: { user: 'alice' } });
    expect(reply.setCookies).toHaveLength(1);
    const cookie = parseSetCookie(reply.setCookies[0] ?? '');
    expect(cookie.name).toBe('__Host-sid');
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    expect(cookie.attributes.sort()).toEqual(['httponly', 'path=/', 'samesite=lax', 'secure']);
    expect(reply.headers.get('cache-control')).toBe('no-store');
  });

  it('marks every signed-in response no-store', async () => {
    const client = new Client(app.url);
    await client.post('/login', { json: { user: 'alice' } });
    const read = await client.get('/me');
    expect(read.headers.get('cache-control')).toBe('no-store');
    // A signed-in read that is not due a touch changes no cookie: the token stays as it is.
    expect(read.setCookies).toEqual([]);
    expect((await new Client(app.url).get('/me')).headers.get('cache-control')).toBeNull();
    // An anonymous visitor's stored data (a cart) leaves caching to the app, as docs/architecture.md
    // §6 asks no-store of authenticated responses only; the response that set the cookie is no-store.
    const visitor = new Client(app.url);
    expect((await visitor.post('/set', { json: { cart: '1' } })).headers.get('cache-control')).toBe(
      'no-store',
    );
    expect((await visitor.get('/me')).headers.get('cache-control')).toBeNull();
  });

  it('sets no cookie for a visitor who stores nothing', async () => {
    const reply = await new Client(app.url).get('/me');
    expect(reply.setCookies).toEqual([]);
  });

  it('drops Secure and the prefix only through the loudly named option, and never in production', async () => {
    const dev = await startApp({ cookie: { dangerouslyAllowInsecureCookie: true } });
    try {
      const reply = await new Client(dev.url).post('/login', { json: { user: 'alice' } });
      const cookie = parseSetCookie(reply.setCookies[0] ?? '');
      expect(cookie.name).toBe('sid');
      expect(cookie.attributes).not.toContain('secure');
      expect(cookie.attributes).toContain('httponly');
    } finally {
      await dev.close();
    }
    const attempt = () =>
      createSessions({
        store: durableStore(),
        secrets: 'x'.repeat(16) + 'abcdefghijklmnopqrstuvwxyz',
        production: true,
        logger: quiet,
        cookie: { dangerouslyAllowInsecureCookie: true },
      });
    expect(attempt).toThrow(expect.objectContaining({ code: 'ERR_CONFIG_INSECURE' }));
  });

  it('warns once when a Secure cookie is issued over plain HTTP to a public host', async () => {
    const facts = {
      method: 'POST',
      host: 'shop.example',
      isSecure: false,
      cookieHeader: null,
      origin: null,
      secFetchSite: null,
      ip: '203.0.113.9',
      userAgent: null,
    };
    const warnings = () =>
      app.errors.filter((line) => line.startsWith('warn:') && line.includes('plain HTTP'));
    const issue = async (overrides: Partial<typeof facts>) =>
      (await app.sessions.load({ ...facts, ...overrides }, () => undefined)).set('a', '1');
    await issue({ isSecure: true });
    await issue({ host: 'localhost:3000' });
    await new Client(app.url).post('/login', { json: { user: 'alice' } }); // 127.0.0.1: local
    await app.sessions.load(facts, () => undefined); // nothing issued: nothing to warn about
    expect(warnings()).toHaveLength(0);
    await issue({});
    await issue({});
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toContain('shop.example');
    // What to do on a development machine, and the name the cookie then has.
    expect(warnings()[0]).toContain(
      'dangerouslyAllowInsecureCookie: true } sends it without Secure, named sid',
    );
  });
});

describe('the plain-HTTP warning', () => {
  const facts = (host: string | null): RequestFacts => ({
    method: 'POST',
    host,
    isSecure: false,
    cookieHeader: null,
    origin: null,
    secFetchSite: null,
    ip: null,
    userAgent: null,
  });

  async function warnsFor(host: string | null): Promise<boolean> {
    const warnings: string[] = [];
    const sessions = createSessions({
      store: memoryStore(),
      secrets: 'k'.repeat(8) + 'abcdefghijklmnopqrstuvwxyz0123456789',
      production: false,
      logger: { ...quiet, warn: (m) => warnings.push(m) },
    });
    await (await sessions.load(facts(host), () => undefined)).set('a', '1');
    return warnings.some((m) => m.includes('plain HTTP'));
  }

  // Browsers keep Secure cookies on http://localhost and loopback addresses, so those are fine.
  it.each(['localhost', 'LOCALHOST:3000', '127.0.0.1', '127.10.200.30:8080', '[::1]:3000'])(
    'stays quiet for the local host %s',
    async (host) => {
      expect(await warnsFor(host)).toBe(false);
    },
  );

  it.each(['shop.example', 'localhost.shop.example', 'mylocalhost', '127.0.0.1.nip.io', 'localhost:x'])(
    'warns for the public host %s',
    async (host) => {
      expect(await warnsFor(host)).toBe(true);
    },
  );

  it('stays quiet when the host is unknown (nothing useful to say)', async () => {
    expect(await warnsFor(null)).toBe(false);
  });
});

describe('production configuration', () => {
  const secret = 'k'.repeat(8) + 'abcdefghijklmnopqrstuvwxyz0123456789';
  const production =
    (extra: Record<string, unknown>, store: SessionStore = durableStore()) =>
    () =>
      createSessions({ store, production: true, origin: 'https://app.example', logger: quiet, ...extra });

  it('starts with a durable store and a real secret', () => {
    expect(production({ secrets: secret })).not.toThrow();
  });

  it.each([
    ['no secret', {}],
    ['an insecure cookie', { secrets: secret, cookie: { dangerouslyAllowInsecureCookie: true } }],
    ['a short secret', { secrets: 'too-short-secret' }],
    ['a repetitive secret', { secrets: 'a'.repeat(40) }],
    ['CSRF disabled', { secrets: secret, csrf: { dangerouslyDisable: true } }],
  ])('refuses %s', (_name, extra) => {
    let error: unknown;
    try {
      production(extra)();
    } catch (caught) {
      error = caught;
    }
    expect(isSesameError(error, 'ERR_CONFIG_INSECURE')).toBe(true);
  });

  it('refuses the process-local memory store', () => {
    expect(production({ secrets: secret }, memoryStore())).toThrow(/memory store/);
  });
});
