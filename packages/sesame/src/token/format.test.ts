import { describe, expect, it } from 'vitest';
import { generateToken } from './generate.js';
import { parseToken } from './format.js';
import { hashSecret, verifySecret } from './verify.js';

describe('token', () => {
  it('generates 16-byte ids and 32-byte secrets, base64url, unique', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const token = generateToken();
      expect(Buffer.from(token.id, 'base64url')).toHaveLength(16);
      expect(Buffer.from(token.secret, 'base64url')).toHaveLength(32);
      expect(token.value).toBe(`${token.id}.${token.secret}`);
      expect(parseToken(token.value)).toEqual({ id: token.id, secret: token.secret });
      seen.add(token.id);
    }
    expect(seen.size).toBe(1000);
  });

  it('never hands out the same entropy twice, across refills of its pool', () => {
    const halves = new Set<string>();
    const zeroId = Buffer.alloc(16).toString('base64url');
    for (let i = 0; i < 5_000; i++) {
      const { id, secret } = generateToken();
      expect(id).not.toBe(zeroId);
      halves.add(id).add(secret);
    }
    expect(halves.size).toBe(10_000);
  });

  it('verifies only the matching secret', () => {
    const token = generateToken();
    expect(verifySecret(token.secret, token.secretHash)).toBe(true);
    expect(verifySecret(generateToken().secret, token.secretHash)).toBe(false);
    expect(verifySecret(token.secret, 'short')).toBe(false);
    expect(token.secretHash).toBe(hashSecret(token.secret));
  });

  it.each([null, undefined, '', 'a.b', 'x'.repeat(66), `${'A'.repeat(22)}.${'A'.repeat(42)}=`])(
    'rejects %j',
    (value) => {
      expect(parseToken(value)).toBeNull();
    },
  );

  it('rejects non-canonical encodings of the same bytes', () => {
    const token = generateToken();
    // The last id character carries 4 spare bits: 'B' differs from 'A' only there.
    const id = `${token.id.slice(0, -1)}${token.id.endsWith('A') ? 'B' : 'A'}`;
    const canonical = Buffer.from(id, 'base64url').toString('base64url') === id;
    expect(parseToken(`${id}.${token.secret}`) === null).toBe(!canonical);
  });
});

describe('canonical encoding', () => {
  it('accepts exactly the final characters whose spare bits are zero', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const token = generateToken();
    const accepted = (id: string, secret: string) => parseToken(`${id}.${secret}`) !== null;
    for (const char of alphabet) {
      const id = `${token.id.slice(0, -1)}${char}`;
      const secret = `${token.secret.slice(0, -1)}${char}`;
      const idCanonical = Buffer.from(id, 'base64url').toString('base64url') === id;
      const secretCanonical = Buffer.from(secret, 'base64url').toString('base64url') === secret;
      expect(accepted(id, token.secret), `id ending ${char}`).toBe(idCanonical);
      expect(accepted(token.id, secret), `secret ending ${char}`).toBe(secretCanonical);
    }
  });
});
