import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KNOWN_SECRETS } from './known-secrets.js';
import { cookieSignedValue, signedTokenOf } from './signed-formats.js';

const cookieSignature = (value: string, secret: string): string =>
  `s:${value}.${createHmac('sha256', secret).update(value).digest('base64').replace(/=+$/, '')}`;

const jwt = (secret: string, alg = 'HS256'): string => {
  const header = Buffer.from(JSON.stringify({ alg, typ: 'JWT' })).toString('base64url');
  const payload = Buffer.from(JSON.stringify({ sub: 'alice' })).toString('base64url');
  const hash = alg === 'HS512' ? 'sha512' : 'sha256';
  return `${header}.${payload}.${createHmac(hash, `${secret}`).update(`${header}.${payload}`).digest('base64url')}`;
};

describe('signedTokenOf', () => {
  it('verifies an express-session cookie signed with the README secret', () => {
    const signed = signedTokenOf(encodeURIComponent(cookieSignature('Zr7xN0pQ', 'keyboard cat')));
    expect(signed?.format).toContain('cookie-signature');
    expect(signed?.verify('keyboard cat')).toBe(true);
    expect(signed?.verify('keyboard dog')).toBe(false);
  });

  it('verifies HMAC JWTs', () => {
    expect(signedTokenOf(jwt('secret'))?.verify('secret')).toBe(true);
    expect(signedTokenOf(jwt('your-256-bit-secret', 'HS512'))?.verify('your-256-bit-secret')).toBe(true);
  });

  it('does not claim opaque tokens or unsigned JWTs', () => {
    expect(signedTokenOf('abc.def')).toBeNull();
    expect(signedTokenOf(jwt('x', 'none'))).toBeNull();
  });

  it('finds the value a cookie-signature cookie signs, up to the last dot', () => {
    expect(cookieSignedValue(encodeURIComponent(cookieSignature('0.5.x', 'secret')))).toBe('0.5.x');
    expect(cookieSignedValue(cookieSignature('abc', 'secret').slice(0, -1))).toBeNull();
    expect(cookieSignedValue(cookieSignature('abc', 'secret').slice(2))).toBeNull();
    expect(cookieSignedValue(jwt('secret'))).toBeNull();
  });

  it('knows the secret of the express-session README', () => {
    expect(KNOWN_SECRETS).toContain('keyboard cat');
  });
});
