import { describe, expect, it } from 'vitest';
import type { RequestFacts } from '../http.js';
import { checkOrigin, isSafeMethod } from './origin-check.js';
import { csrfTokenFor, verifyCsrfToken } from './token.js';

const base: RequestFacts = {
  method: 'POST',
  host: 'app.example',
  isSecure: true,
  cookieHeader: null,
  origin: null,
  secFetchSite: null,
  ip: null,
  userAgent: null,
};
const none = { allowedOrigins: new Set<string>(), publicOrigins: null };

describe('checkOrigin', () => {
  it.each([
    [{ secFetchSite: 'same-origin' }, 'allow'],
    [{ secFetchSite: 'SAME-ORIGIN' }, 'allow'],
    [{ secFetchSite: 'none' }, 'allow'],
    [{ secFetchSite: 'same-site' }, 'deny'],
    [{ secFetchSite: 'cross-site', origin: 'https://app.example' }, 'deny'],
    [{ origin: 'https://app.example' }, 'allow'],
    [{ origin: 'https://APP.example' }, 'allow'],
    [{ origin: 'http://app.example' }, 'deny'],
    [{ origin: 'https://app.example.evil' }, 'deny'],
    [{ origin: 'null' }, 'deny'],
    [{}, 'unknown'],
  ])('%j → %s', (facts, verdict) => {
    expect(checkOrigin({ ...base, ...facts }, none)).toBe(verdict);
  });

  it('allows listed origins even cross-site', () => {
    expect(
      checkOrigin(
        { ...base, secFetchSite: 'cross-site', origin: 'https://partner.example' },
        { allowedOrigins: new Set(['https://partner.example']), publicOrigins: null },
      ),
    ).toBe('allow');
  });

  it('never allows Origin: null, even when someone lists it', () => {
    // Sandboxed frames and data: URLs of any site send "null" (RFC 6454 §7.3): it names no one.
    expect(checkOrigin({ ...base, origin: 'null' }, { ...none, allowedOrigins: new Set(['null']) })).toBe(
      'deny',
    );
  });

  // issue 10: a proxy that forwards Host unchecked must not let a forged Host vouch for Origin.
  it('judges Origin against the configured public origins, never the Host header, when they are set', () => {
    const policy = { allowedOrigins: new Set<string>(), publicOrigins: new Set(['https://app.example']) };
    const forged = { ...base, host: 'evil.example', isSecure: false, origin: 'http://evil.example' };
    expect(checkOrigin(forged, none)).toBe('allow'); // the development fallback this replaces
    expect(checkOrigin(forged, policy)).toBe('deny');
    expect(checkOrigin({ ...forged, origin: 'https://APP.example' }, policy)).toBe('allow');
    expect(checkOrigin({ ...base, origin: 'https://app.example.evil' }, policy)).toBe('deny');
  });

  it('knows the safe methods', () => {
    expect(['GET', 'head', 'OPTIONS', 'TRACE'].every(isSafeMethod)).toBe(true);
    expect(['POST', 'PUT', 'PATCH', 'DELETE'].some(isSafeMethod)).toBe(false);
  });
});

describe('csrf token', () => {
  const current = Buffer.from('current-secret-current-secret-0123');
  const previous = Buffer.from('previous-secret-previous-secret-45');

  it('binds to the session and survives secret rotation', () => {
    const token = csrfTokenFor([previous], 'session-a');
    expect(verifyCsrfToken([previous], 'session-a', token)).toBe(true);
    expect(verifyCsrfToken([current, previous], 'session-a', token)).toBe(true);
    expect(verifyCsrfToken([current], 'session-a', token)).toBe(false);
    expect(verifyCsrfToken([previous], 'session-b', token)).toBe(false);
    expect(verifyCsrfToken([previous], 'session-a', 42)).toBe(false);
    expect(verifyCsrfToken([previous], 'session-a', `${token}=`)).toBe(false);
  });
});

describe('csrf token format', () => {
  const key = Buffer.from('current-secret-current-secret-0123');

  it('is HMAC-SHA256(secret, "sesame-csrf-v1" NUL session id), base64url (known answer)', () => {
    // Pinned: a change to the context string or the encoding invalidates every open form, and the
    // context keeps these MACs apart from the session handles made under the same secret.
    expect(csrfTokenFor([key], 'session-a')).toBe('zit9kZO_NzSrLsYshnz3qxGwBSo5rZ38bBvC3XKKru0');
    expect(verifyCsrfToken([key], 'session-a', 'zit9kZO_NzSrLsYshnz3qxGwBSo5rZ38bBvC3XKKru0')).toBe(true);
  });

  it('signs with the newest secret only', () => {
    const older = Buffer.from('previous-secret-previous-secret-45');
    expect(csrfTokenFor([key, older], 'session-a')).toBe(csrfTokenFor([key], 'session-a'));
    expect(() => csrfTokenFor([], 'session-a')).toThrow(new TypeError('csrf: no secret configured'));
  });

  it.each([
    ['invalid characters', '!'.repeat(43)],
    ['one invalid character at the end', `${'A'.repeat(42)}*`],
    ['base64 instead of base64url', `${'+/'.repeat(21)}A`],
    ['padding inside', `${'A'.repeat(21)}=${'A'.repeat(21)}`],
    ['whitespace', `${'A'.repeat(21)} ${'A'.repeat(21)}`],
  ])('refuses a 43-character token with %s, without throwing', (_name, token) => {
    expect(token).toHaveLength(43);
    expect(() => verifyCsrfToken([key], 'session-a', token)).not.toThrow();
    expect(verifyCsrfToken([key], 'session-a', token)).toBe(false);
  });

  it('refuses everything when no secret is configured', () => {
    expect(verifyCsrfToken([], 'session-a', csrfTokenFor([key], 'session-a'))).toBe(false);
  });
});
