import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveConfig } from './config.js';
import type { SessionOptions } from './config.js';
import { isSesameError } from './errors.js';
import type { SessionStore } from './store.js';
import { memoryStore } from './stores/memory/index.js';

const quiet = { warn: () => undefined, error: () => undefined };
const secret = 'abcdefghijklmnopqrstuvwxyz0123456789';

function codeOf(options: Partial<SessionOptions>): string | null {
  try {
    resolveConfig({
      store: memoryStore(),
      logger: quiet,
      production: false,
      secrets: secret,
      ...options,
    });
    return null;
  } catch (error) {
    return isSesameError(error) ? error.code : 'not a SesameError';
  }
}

describe('resolveConfig', () => {
  it('names the device-bound cookie after the session cookie, with its prefix only while Secure', () => {
    const secure = resolveConfig({
      store: memoryStore(),
      secrets: secret,
      production: false,
      logger: quiet,
      deviceBound: {},
    });
    expect(secure.deviceBound?.cookieName).toBe('__Host-sid-bound');
    const insecure = resolveConfig({
      store: memoryStore(),
      secrets: secret,
      production: false,
      logger: quiet,
      cookie: { name: 'app', dangerouslyAllowInsecureCookie: true },
      deviceBound: {},
    });
    expect(insecure.deviceBound?.cookieName).toBe('app-bound');
  });

  it('defaults to the secure settings', () => {
    const config = resolveConfig({ store: memoryStore(), secrets: secret, production: false, logger: quiet });
    expect(config.cookie).toEqual({ name: '__Host-sid', secure: true, sameSite: 'lax' });
    expect(config.idleTimeoutMs).toBe(30 * 60_000);
    expect(config.absoluteTimeoutMs).toBe(12 * 3_600_000);
    expect(config.touchIntervalMs).toBe(60_000);
    expect(config.maxSessionsPerUser).toBe(20);
    expect(config.csrf.enabled).toBe(true);
  });

  it('applies presets and lets explicit timeouts override them', () => {
    const aal3 = resolveConfig({
      store: memoryStore(),
      secrets: secret,
      production: false,
      logger: quiet,
      preset: 'aal3',
    });
    expect([aal3.idleTimeoutMs, aal3.absoluteTimeoutMs]).toEqual([15 * 60_000, 12 * 3_600_000]);
    const custom = resolveConfig({
      store: memoryStore(),
      secrets: secret,
      production: false,
      logger: quiet,
      preset: 'aal2',
      idleTimeout: '10m',
    });
    expect([custom.idleTimeoutMs, custom.absoluteTimeoutMs]).toEqual([10 * 60_000, 24 * 3_600_000]);
  });

  it.each([
    ['a malformed duration', { idleTimeout: '30 minutes' }, 'ERR_CONFIG_INVALID'],
    ['idle longer than absolute', { idleTimeout: '2h', absoluteTimeout: '1h' }, 'ERR_CONFIG_INVALID'],
    ['an unknown preset', { preset: 'paranoid' }, 'ERR_CONFIG_INVALID'],
    ['a cookie name with a prefix', { cookie: { name: '__Host-x' } }, 'ERR_CONFIG_INVALID'],
    ['a cookie name with a space', { cookie: { name: 'a b' } }, 'ERR_CONFIG_INVALID'],
    ['maxSessionsPerUser 0', { maxSessionsPerUser: 0 }, 'ERR_CONFIG_INVALID'],
    ['a store timeout past 60 s', { storeTimeout: '30d' }, 'ERR_CONFIG_INVALID'],
    [
      'an allowed origin with a path',
      { csrf: { allowedOrigins: ['https://a.example/x'] } },
      'ERR_CONFIG_INVALID',
    ],
    ['a public origin with a path', { origin: 'https://a.example/app' }, 'ERR_CONFIG_INVALID'],
    ['a public origin that is not http(s)', { origin: ['ftp://a.example'] }, 'ERR_CONFIG_INVALID'],
    ['a public origin that is not a string', { origin: [42] }, 'ERR_CONFIG_INVALID'],
    // A URL object parses as an origin, but only a string is compared as written (a typed error,
    // not a TypeError from deep inside the check).
    [
      'a public origin given as a URL object',
      { origin: [new URL('https://a.example')] },
      'ERR_CONFIG_INVALID',
    ],
    ['a short secret even in development', { secrets: 'short' }, 'ERR_CONFIG_INSECURE'],
    [
      'SameSite=None without Secure',
      { cookie: { sameSite: 'none', dangerouslyAllowInsecureCookie: true } },
      'ERR_CONFIG_INVALID',
    ],
    ['no store', { store: undefined }, 'ERR_CONFIG_INVALID'],
  ])('refuses %s', (_name, options, code) => {
    expect(codeOf(options as Partial<SessionOptions>)).toBe(code);
  });

  it('names the option and the value it refuses, so the message says what to change', () => {
    expect(() =>
      resolveConfig({
        store: memoryStore(),
        logger: quiet,
        secrets: secret,
        origin: 'https://a.example/app',
      }),
    ).toThrow(
      'origin: "https://a.example/app" must be a bare origin like https://app.example.com (no path).',
    );
  });

  it('accepts several secrets, newest first, and a random one only in development', () => {
    const warnings: string[] = [];
    const rotated = resolveConfig({
      store: memoryStore(),
      secrets: [secret, `${secret}-old`],
      production: false,
      logger: quiet,
    });
    expect(rotated.secrets.map((s) => s.toString())).toEqual([secret, `${secret}-old`]);
    const dev = resolveConfig({
      store: memoryStore(),
      production: false,
      logger: { ...quiet, warn: (m) => warnings.push(m) },
    });
    expect(dev.secrets[0]).toHaveLength(32);
    expect(warnings).toHaveLength(1);
  });

  it('resolves the public origins, and in development leaves them to the Host header', () => {
    const config = resolveConfig({
      store: memoryStore(),
      secrets: secret,
      production: false,
      logger: quiet,
      origin: ['https://App.example.com/', 'http://localhost:3000'],
    });
    expect([...(config.csrf.publicOrigins ?? [])]).toEqual([
      'https://app.example.com',
      'http://localhost:3000',
    ]);
    expect(
      resolveConfig({ store: memoryStore(), secrets: secret, production: false, logger: quiet }).csrf,
    ).toMatchObject({ publicOrigins: null, cookieName: '__Host-sid-csrf' });
  });

  it('requires the public origin in production, with a message that says what to set', () => {
    const durable = Object.assign(Object.create(memoryStore()) as SessionStore, { processLocal: false });
    expect(() => resolveConfig({ store: durable, production: true, logger: quiet, secrets: secret })).toThrow(
      expect.objectContaining({
        code: 'ERR_CONFIG_INSECURE',
        message: expect.stringMatching(/^Option origin is required in production/) as string,
      }) as Error,
    );
    const config = resolveConfig({
      store: durable,
      production: true,
      logger: quiet,
      secrets: secret,
      origin: 'https://app.example.com',
    });
    expect(config.csrf.publicOrigins).toEqual(new Set(['https://app.example.com']));
  });

  it('refuses a plain-HTTP public origin in production, where the Secure cookie would never stick, but not on loopback', () => {
    const durable = Object.assign(Object.create(memoryStore()) as SessionStore, { processLocal: false });
    const resolve = (origin: string | string[], production = true) =>
      resolveConfig({ store: durable, production, logger: quiet, secrets: secret, origin });
    for (const plain of [
      'http://app.example.com',
      ['https://app.example.com', 'http://www.example.com'],
      'http://localhost.evil.example',
      'http://notlocalhost',
      'http://127.0.0.1.evil.example',
      'http://[::2]',
    ]) {
      expect(() => resolve(plain)).toThrow(
        expect.objectContaining({
          code: 'ERR_CONFIG_INSECURE',
          message: expect.stringMatching(/^Option origin http:\/\/\S+ is plain HTTP: .*https:\/\//) as string,
        }) as Error,
      );
    }
    for (const fine of [
      'https://app.example.com',
      'http://localhost:3000',
      'http://127.10.200.1:8080',
      'http://[::1]:3000',
    ]) {
      expect(resolve(fine).csrf.publicOrigins).toEqual(new Set([fine]));
    }
    // Development may serve plain HTTP anywhere (with dangerouslyAllowInsecureCookie where needed).
    expect(resolve('http://app.example.com', false).csrf.publicOrigins).toEqual(
      new Set(['http://app.example.com']),
    );
  });

  it('names the option and the fix in its messages', () => {
    const durable = Object.assign(Object.create(memoryStore()) as SessionStore, { processLocal: false });
    expect(() =>
      resolveConfig({ store: durable, production: true, logger: quiet, secrets: 'short' }),
    ).toThrow(/secrets\[0\].*randomBytes/s);
  });
});

/** A store that does not mark itself process-local, so production accepts it. */
function durableStore(): SessionStore {
  return Object.assign(Object.create(memoryStore()) as SessionStore, { processLocal: false });
}

function productionCodeOf(options: Partial<SessionOptions>): string | null {
  return codeOf({ store: durableStore(), production: true, origin: 'https://app.example', ...options });
}

// SECURITY.md promises that production refuses every weakening option (issue 17: deleting any of
// these refusals passed every test).
describe('production refuses insecure setups', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('starts with a durable store and a real secret', () => {
    expect(productionCodeOf({})).toBeNull();
  });

  it('does not start with an insecure cookie', () => {
    expect(productionCodeOf({ cookie: { dangerouslyAllowInsecureCookie: true } })).toBe(
      'ERR_CONFIG_INSECURE',
    );
  });

  it('does not start with CSRF protection disabled', () => {
    expect(productionCodeOf({ csrf: { dangerouslyDisable: true } })).toBe('ERR_CONFIG_INSECURE');
  });

  it('does not start with the process-local memory store', () => {
    expect(productionCodeOf({ store: memoryStore() })).toBe('ERR_CONFIG_INSECURE');
  });

  it.each([
    ['no secrets option', undefined],
    ['an empty secret', ''],
    ['an empty list', []],
    ['a list of empty secrets', ['', '']],
  ])('does not start with %s', (_name, secrets) => {
    expect(productionCodeOf({ secrets })).toBe('ERR_CONFIG_INSECURE');
  });

  it('tells how to make the missing secret', () => {
    expect(() => resolveConfig({ store: durableStore(), production: true, logger: quiet })).toThrow(
      /secrets is required in production.*SESSION_SECRET.*randomBytes\(32\)/s,
    );
  });

  it('is what NODE_ENV=production alone turns on', () => {
    vi.stubEnv('NODE_ENV', 'production');
    const options = { logger: quiet, secrets: secret, origin: 'https://app.example' };
    expect(resolveConfig({ ...options, store: durableStore() }).production).toBe(true);
    const refusal = (more: Partial<SessionOptions>) => () =>
      resolveConfig({ ...options, ...more } as SessionOptions);
    expect(refusal({ store: memoryStore() })).toThrow(/memory store/);
    expect(refusal({ store: durableStore(), cookie: { dangerouslyAllowInsecureCookie: true } })).toThrow(
      /dangerouslyAllowInsecureCookie is refused in production/,
    );
    // An explicit choice wins over the environment.
    expect(resolveConfig({ ...options, store: memoryStore(), production: false }).production).toBe(false);
  });

  it.each(['development', 'test', 'Production', ''])('stays off for NODE_ENV=%j', (env) => {
    vi.stubEnv('NODE_ENV', env);
    const config = resolveConfig({ store: memoryStore(), logger: quiet, secrets: secret });
    expect(config.production).toBe(false);
  });
});

describe('secrets', () => {
  it.each([
    ['31 bytes', 'abcdefghijklmnopqrstuvwxyz01234', 'ERR_CONFIG_INSECURE'],
    ['32 bytes', 'abcdefghijklmnopqrstuvwxyz012345', null],
    // Counted in bytes, not characters: 16 two-byte characters are 32 bytes of key.
    ['16 two-byte characters', 'äöüßéèêëàâîïôûçñ', null],
    ['15 two-byte characters', 'äöüßéèêëàâîïôûç', 'ERR_CONFIG_INSECURE'],
    ['one character repeated', 'a'.repeat(64), 'ERR_CONFIG_INSECURE'],
    ['7 distinct characters', 'abcdefg'.repeat(6), 'ERR_CONFIG_INSECURE'],
    ['8 distinct characters', 'abcdefgh'.repeat(4), null],
  ])('a secret of %s: %s', (_name, value, code) => {
    expect(codeOf({ secrets: value })).toBe(code);
    expect(codeOf({ secrets: [secret, value] })).toBe(code);
  });

  it('names the secret, its size and the fix', () => {
    expect(() =>
      resolveConfig({ store: memoryStore(), logger: quiet, production: false, secrets: 'short' }),
    ).toThrow('Option secrets[0] has 5 bytes; at least 32 are needed. Make one with: node -e');
    expect(() =>
      resolveConfig({
        store: memoryStore(),
        logger: quiet,
        production: false,
        secrets: [secret, 'a'.repeat(40)],
      }),
    ).toThrow('Option secrets[1] repeats too few characters to be random.');
  });

  it('refuses a secret that is not a string', () => {
    expect(codeOf({ secrets: [secret, 42 as unknown as string] })).toBe('ERR_CONFIG_INVALID');
  });

  it('skips empty entries and keeps the order, newest first', () => {
    const config = resolveConfig({
      store: memoryStore(),
      logger: quiet,
      production: false,
      secrets: ['', secret, '', `${secret}-old`],
    });
    expect(config.secrets.map(String)).toEqual([secret, `${secret}-old`]);
  });

  it('makes up one random 32-byte secret per process in development, with a warning each time', () => {
    const warnings: string[] = [];
    const logger = { ...quiet, warn: (m: string) => warnings.push(m) };
    const a = resolveConfig({ store: memoryStore(), production: false, logger, secrets: '' });
    const b = resolveConfig({ store: memoryStore(), production: false, logger, secrets: [] });
    expect(a.secrets).toHaveLength(1);
    expect(a.secrets[0]).toHaveLength(32);
    // Shared by every instance, as Next.js makes one for its pages and one for its route handlers:
    // each accepts the other's CSRF tokens and session handles.
    expect(a.secrets[0]?.equals(b.secrets[0] ?? Buffer.alloc(0))).toBe(true);
    expect(a.secrets[0]?.equals(Buffer.alloc(32))).toBe(false);
    expect(warnings).toEqual([
      expect.stringMatching(/no secrets given; using a random one/),
      expect.stringMatching(/no secrets given; using a random one/),
    ]);
  });
});

// Messages for developers say exactly what to change (CONTRIBUTING.md §5).
describe('refusal messages', () => {
  function messageOf(options: unknown): string {
    try {
      resolveConfig(options as SessionOptions);
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
    return 'accepted';
  }
  const valid = { store: memoryStore(), logger: quiet, production: false, secrets: secret };

  it.each([
    [null, 'createSessions() needs an options object with a store.'],
    ['sqlite', 'createSessions() needs an options object with a store.'],
    [
      { ...valid, store: {} },
      'Option store must be a SessionStore (for example sqliteStore() from "sesame-session/stores/sqlite").',
    ],
    [
      { ...valid, store: { get: () => null } },
      'Option store must be a SessionStore (for example sqliteStore() from "sesame-session/stores/sqlite").',
    ],
    [
      { ...valid, absoluteTimeout: 0 },
      'Option absoluteTimeout must be a positive number of milliseconds or a string like "30m"; got 0.',
    ],
    [
      { ...valid, touchInterval: '1 min' },
      'Option touchInterval must be a positive number of milliseconds or a string like "30m"; got "1 min".',
    ],
    [
      { ...valid, storeTimeout: -1 },
      'Option storeTimeout must be a positive number of milliseconds or a string like "30m"; got -1.',
    ],
    [
      { ...valid, idleTimeout: '30 minutes' },
      'Option idleTimeout must be a positive number of milliseconds or a string like "30m"; got "30 minutes".',
    ],
    [
      { ...valid, preset: 'paranoid' },
      'Option preset must be one of asvs-l1, asvs-l2, asvs-l3, aal1, aal2, aal3; got "paranoid".',
    ],
    [
      { ...valid, idleTimeout: '2h', absoluteTimeout: '1h' },
      'Option idleTimeout (7200000 ms) must not exceed absoluteTimeout (3600000 ms).',
    ],
    [{ ...valid, storeTimeout: '2m' }, 'Option storeTimeout must be at most 60s; got 120000 ms.'],
    [
      { ...valid, maxSessionsPerUser: 2.5 },
      'Option maxSessionsPerUser must be a whole number of at least 1, or Infinity; got 2.5.',
    ],
    [
      { ...valid, cookie: { name: '__Secure-x' } },
      'cookie.name "__Secure-x" must be an RFC 6265 token without a __Host-/__Secure- prefix (Sesame adds __Host- itself).',
    ],
    [
      { ...valid, cookie: { sameSite: 'None' } },
      'cookie.sameSite must be "lax", "strict" or "none"; got "None".',
    ],
    [
      { ...valid, cookie: { sameSite: 'none', dangerouslyAllowInsecureCookie: true } },
      'cookie.sameSite "none" requires a Secure cookie; browsers drop it otherwise.',
    ],
    [
      { ...valid, store: durableStore(), production: true, cookie: { dangerouslyAllowInsecureCookie: true } },
      'cookie.dangerouslyAllowInsecureCookie is refused in production: serve over HTTPS (and set trust proxy behind a TLS terminator).',
    ],
    [
      { ...valid, store: durableStore(), production: true, csrf: { dangerouslyDisable: true } },
      'csrf.dangerouslyDisable is refused in production.',
    ],
    [{ ...valid, secrets: [secret, 7] }, 'Option secrets[1] must be a string.'],
    [
      { ...valid, csrf: { allowedOrigins: ['app.example.com'] } },
      'csrf.allowedOrigins: "app.example.com" is not an origin like https://app.example.com.',
    ],
    [
      { ...valid, csrf: { allowedOrigins: ['https://a.example/x'] } },
      'csrf.allowedOrigins: "https://a.example/x" must be a bare origin like https://app.example.com (no path).',
    ],
  ])('%j: %s', (options, message) => {
    expect(messageOf(options)).toBe(message);
  });

  it('keeps the URL error as the cause of an unparseable origin', () => {
    expect(codeOf({ csrf: { allowedOrigins: ['not an origin'] } })).toBe('ERR_CONFIG_INVALID');
    try {
      resolveConfig({ ...valid, csrf: { allowedOrigins: ['not an origin'] } });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).cause).toBeInstanceOf(TypeError);
    }
  });
});

describe('accepted options', () => {
  const valid = { store: memoryStore(), logger: quiet, production: false, secrets: secret };

  it.each(['lax', 'strict', 'none'] as const)('cookie.sameSite %s', (sameSite) => {
    expect(resolveConfig({ ...valid, cookie: { sameSite } }).cookie.sameSite).toBe(sameSite);
  });

  it('maxSessionsPerUser from 1 to Infinity (no limit)', () => {
    expect(resolveConfig({ ...valid, maxSessionsPerUser: Infinity }).maxSessionsPerUser).toBe(Infinity);
    expect(resolveConfig({ ...valid, maxSessionsPerUser: 1 }).maxSessionsPerUser).toBe(1);
  });

  it('an idle timeout as long as the absolute one', () => {
    const config = resolveConfig({ ...valid, idleTimeout: '1h', absoluteTimeout: '1h' });
    expect([config.idleTimeoutMs, config.absoluteTimeoutMs]).toEqual([3_600_000, 3_600_000]);
  });

  it('a store timeout of exactly 60 s', () => {
    expect(resolveConfig({ ...valid, storeTimeout: '60s' }).storeTimeoutMs).toBe(60_000);
  });

  it('a touch interval of at most a tenth of the idle timeout', () => {
    expect(resolveConfig({ ...valid, idleTimeout: '5m' }).touchIntervalMs).toBe(30_000);
    expect(resolveConfig({ ...valid, touchInterval: '10s' }).touchIntervalMs).toBe(10_000);
    expect(resolveConfig({ ...valid, idleTimeout: '5m', touchInterval: '10m' }).touchIntervalMs).toBe(30_000);
  });

  it('a cookie name that only contains a prefix-like part', () => {
    expect(resolveConfig({ ...valid, cookie: { name: 'app__host-id' } }).cookie.name).toBe(
      '__Host-app__host-id',
    );
  });

  it.each([
    ['https://partner.example', 'https://partner.example'],
    ['https://partner.example/', 'https://partner.example'],
    ['http://localhost:3000', 'http://localhost:3000'],
  ])('allowed origin %s as %s', (origin, normalized) => {
    const config = resolveConfig({ ...valid, csrf: { allowedOrigins: [origin] } });
    expect([...config.csrf.allowedOrigins]).toEqual([normalized]);
  });

  it.each(['ftp://partner.example', 'ws://partner.example', 'file:///etc'])(
    'but not the non-HTTP origin %s',
    (origin) => {
      expect(codeOf({ csrf: { allowedOrigins: [origin] } })).toBe('ERR_CONFIG_INVALID');
    },
  );
});

describe('encryption (issue 15)', () => {
  it('is off by default and resolves keys, newest first, when given', () => {
    const base = { store: memoryStore(), secrets: secret, production: false, logger: quiet };
    expect(resolveConfig(base).encryption).toBeNull();
    const newest = Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 37 + 11) & 0xff));
    const older = Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 53 + 200) & 0xff));
    const keys = resolveConfig({ ...base, encryption: { keys: [newest.toString('hex'), older] } }).encryption;
    expect(keys?.map((k) => k.bytes.toString('hex'))).toEqual([
      newest.toString('hex'),
      older.toString('hex'),
    ]);
  });

  it('refuses a key that is also a secret, and an empty list in production', () => {
    const shared = 'xX3UgtUzXP_KErrn40Ge40MKze35VqmVI1hIU6ZclKI';
    expect(codeOf({ secrets: shared, encryption: { keys: shared } })).toBe('ERR_CONFIG_INSECURE');
    expect(codeOf({ secrets: secret, encryption: { keys: shared } })).toBeNull();
    expect(() =>
      resolveConfig({
        store: Object.assign(Object.create(memoryStore()) as SessionStore, { processLocal: false }),
        secrets: secret,
        origin: 'https://app.example.com',
        production: true,
        logger: quiet,
        encryption: { keys: [] },
      }),
    ).toThrow(
      expect.objectContaining({
        code: 'ERR_CONFIG_INSECURE',
        message: expect.stringContaining('encryption.keys') as string,
      }) as Error,
    );
  });
});
