import { describe, expect, it } from 'vitest';
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

  it('names the option and the fix in its messages', () => {
    const durable = Object.assign(Object.create(memoryStore()) as SessionStore, { processLocal: false });
    expect(() =>
      resolveConfig({ store: durable, production: true, logger: quiet, secrets: 'short' }),
    ).toThrow(/secrets\[0\].*randomBytes/s);
  });
});
