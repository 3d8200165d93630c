import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SesameError } from '../errors.js';
import type { Logger } from '../logger.js';
import { resolveSealKeys, sealKeyId } from './keys.js';

const warnings: string[] = [];
const logger: Logger = { warn: (message) => warnings.push(message), error: () => {} };
const SECRET = Buffer.from('test-secret-0123456789-abcdefghijklmnopqrstuvwxyz', 'utf8');
const resolve = (keys: unknown, production = false) =>
  resolveSealKeys({ keys: keys as string }, [SECRET], production, logger);
const codeOf = (keys: unknown, production = false): string | undefined => {
  try {
    resolve(keys, production);
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

describe('encryption.keys', () => {
  const bytes = randomBytes(32);

  it('is off without the option', () => {
    expect(resolveSealKeys(undefined, [SECRET], true, logger)).toBeNull();
  });

  it('reads the same 32 bytes from base64url, base64 (padded or not), hex and a Buffer', () => {
    const forms = [
      bytes.toString('base64url'),
      bytes.toString('base64'),
      bytes.toString('base64').replace(/=$/, ''),
      bytes.toString('hex'),
      bytes.toString('hex').toUpperCase(),
      bytes,
      new Uint8Array(bytes),
    ];
    for (const form of forms) {
      const [key] = resolve(form) ?? [];
      expect(key?.bytes.equals(bytes)).toBe(true);
      expect(key?.id).toBe(sealKeyId(bytes));
    }
  });

  it('keeps the order (newest first), skips empty and undefined entries, and copies buffers', () => {
    const older = randomBytes(32);
    const given = Buffer.from(older);
    const keys = resolve([bytes.toString('base64url'), undefined, '', given]);
    expect(keys?.map((k) => k.bytes.toString('hex'))).toEqual([bytes.toString('hex'), older.toString('hex')]);
    given.fill(0);
    expect(keys?.[1]?.bytes.equals(older)).toBe(true);
  });

  it('names each key by 8 base64url characters that differ between keys', () => {
    const ids = resolve([bytes, randomBytes(32), randomBytes(32)])?.map((k) => k.id) ?? [];
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{8}$/);
  });

  it.each([
    ['31 bytes', randomBytes(31).toString('base64url')],
    ['33 bytes', randomBytes(33).toString('base64url')],
    ['a 31-byte buffer', randomBytes(31)],
    ['63 hex digits', randomBytes(32).toString('hex').slice(1)],
    ['a base64 key with a stray character', `${randomBytes(32).toString('base64url').slice(1)}!`],
    ['a non-canonical final character', `${randomBytes(32).toString('base64url').slice(0, 42)}B`],
    ['a number', 42],
    ['a passphrase', 'correct horse battery staple and then some more words'],
  ])('refuses %s with ERR_CONFIG_INVALID and how to make one', (_name, key) => {
    expect(codeOf(key)).toBe('ERR_CONFIG_INVALID');
    if (typeof key === 'string' && key.length > 30) {
      expect(() => resolve(key)).toThrow(/randomBytes\(32\)/);
    }
  });

  it('never prints a key in its message', () => {
    const key = `${randomBytes(32).toString('base64url')}xx`;
    expect(() => resolve(key)).toThrow(SesameError);
    try {
      resolve(key);
    } catch (error) {
      expect((error as Error).message).not.toContain(key);
    }
  });

  it.each([
    ['32 zero bytes', Buffer.alloc(32)],
    ['a hex pattern', '0123456789abcdef'.repeat(4)],
    ['32 printable characters as bytes', Buffer.from('my-encryption-key-is-32-chars-ok', 'utf8')],
    [
      'a base64url string that decodes to text',
      Buffer.from('abcdefghijklmnopqrstuvwxyzABCDEF').toString('base64url'),
    ],
  ])('refuses %s with ERR_CONFIG_INSECURE', (_name, key) => {
    expect(codeOf(key)).toBe('ERR_CONFIG_INSECURE');
  });

  it('refuses a key that is also one of secrets', () => {
    const shared = randomBytes(32).toString('base64url');
    expect(() => resolveSealKeys({ keys: shared }, [Buffer.from(shared)], false, logger)).toThrow(
      expect.objectContaining({
        code: 'ERR_CONFIG_INSECURE',
        message: expect.stringContaining('secrets') as string,
      }) as Error,
    );
  });

  it('refuses the same key twice, in any spelling', () => {
    expect(() => resolve([bytes.toString('base64url'), bytes.toString('hex')])).toThrow(
      expect.objectContaining({
        code: 'ERR_CONFIG_INVALID',
        message: expect.stringContaining('keys[1]') as string,
      }) as Error,
    );
  });

  it('without any key: refused in production, a random key with a warning in development', () => {
    for (const keys of [undefined, '', [], [undefined, '']]) {
      expect(codeOf(keys, true)).toBe('ERR_CONFIG_INSECURE');
      warnings.length = 0;
      const dev = resolve(keys);
      expect(dev).toHaveLength(1);
      expect(dev?.[0]?.bytes).toHaveLength(32);
      expect(warnings).toEqual([expect.stringContaining('random key')]);
    }
    expect(resolve('')?.[0]?.bytes.equals(resolve('')?.[0]?.bytes ?? Buffer.alloc(0))).toBe(false);
  });

  it('refuses an option that is not an object', () => {
    expect(() => resolveSealKeys('key' as never, [], false, logger)).toThrow(
      expect.objectContaining({ code: 'ERR_CONFIG_INVALID' }) as Error,
    );
    expect(() => resolveSealKeys(null as never, [], false, logger)).toThrow(
      expect.objectContaining({ code: 'ERR_CONFIG_INVALID' }) as Error,
    );
  });
});
