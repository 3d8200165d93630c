import { describe, expect, it } from 'vitest';
import type { RequestFacts } from '../session/facts.js';
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
    expect(['GET', 'head', 'OPTIONS'].every(isSafeMethod)).toBe(true);
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
