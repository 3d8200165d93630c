import { describe, expect, it } from 'vitest';
import { isSesameError } from '../errors.js';
import type { DeviceBoundOptions } from './options.js';
import { resolveDeviceBound } from './options.js';

/** The message of the ERR_CONFIG_INVALID that `options` is refused with. */
function refusal(options: unknown): string {
  try {
    resolveDeviceBound(options as DeviceBoundOptions, '__Host-', 'sid');
  } catch (err) {
    if (isSesameError(err) && err.code === 'ERR_CONFIG_INVALID') return err.message;
    throw err;
  }
  throw new Error(`accepted: ${JSON.stringify(options)}`);
}

describe('the deviceBound option', () => {
  it('is off when absent, and {} turns it on with the documented defaults', () => {
    expect(resolveDeviceBound(undefined, '__Host-', 'sid')).toBeNull();
    expect(resolveDeviceBound({}, '__Host-', 'sid')).toEqual({
      registrationPath: '/.sesame/dbsc/register',
      refreshPath: '/.sesame/dbsc/refresh',
      cookieLifetimeMs: 600_000,
      cookieName: '__Host-sid-bound',
      challengeLifetimeMs: 300_000,
    });
  });

  it('takes paths, a cookie name and durations, with the session cookie prefix', () => {
    expect(
      resolveDeviceBound(
        {
          registrationPath: '/auth/dbsc/start',
          refreshPath: '/auth/dbsc/refresh',
          cookieName: 'proof',
          cookieLifetime: '1m',
          challengeLifetime: '10s',
        },
        '',
        'sid',
      ),
    ).toEqual({
      registrationPath: '/auth/dbsc/start',
      refreshPath: '/auth/dbsc/refresh',
      cookieLifetimeMs: 60_000,
      cookieName: 'proof',
      challengeLifetimeMs: 10_000,
    });
    expect(
      resolveDeviceBound({ cookieLifetime: '1d', challengeLifetime: '1h' }, '__Host-', 'sid'),
    ).toMatchObject({
      cookieLifetimeMs: 86_400_000,
      challengeLifetimeMs: 3_600_000,
    });
  });

  it('refuses what is not an object', () => {
    expect(refusal(null)).toContain('must be an object');
    expect(refusal('on')).toContain('must be an object');
  });

  it('refuses paths that are not absolute paths, and one path for both endpoints', () => {
    expect(refusal({ registrationPath: 'dbsc' })).toContain('deviceBound.registrationPath');
    expect(refusal({ refreshPath: '/dbsc?x=1' })).toContain('deviceBound.refreshPath');
    expect(refusal({ refreshPath: 42 })).toContain('deviceBound.refreshPath');
    expect(refusal({ registrationPath: '/dbsc', refreshPath: '/dbsc' })).toContain('must differ');
  });

  it("refuses a cookie name that is not a token, carries a prefix, or is the session cookie's", () => {
    expect(refusal({ cookieName: 'a b' })).toContain('deviceBound.cookieName');
    expect(refusal({ cookieName: '__Host-proof' })).toContain('deviceBound.cookieName');
    expect(refusal({ cookieName: '__secure-proof' })).toContain('deviceBound.cookieName');
    expect(refusal({ cookieName: 'sid' })).toContain('deviceBound.cookieName');
    expect(refusal({ cookieName: 7 })).toContain('deviceBound.cookieName');
  });

  it('refuses lifetimes outside their bounds or not durations', () => {
    expect(refusal({ cookieLifetime: '59s' })).toContain('deviceBound.cookieLifetime');
    expect(refusal({ cookieLifetime: '25h' })).toContain('deviceBound.cookieLifetime');
    expect(refusal({ cookieLifetime: 'soon' })).toContain('deviceBound.cookieLifetime');
    expect(refusal({ challengeLifetime: '9s' })).toContain('deviceBound.challengeLifetime');
    expect(refusal({ challengeLifetime: '61m' })).toContain('deviceBound.challengeLifetime');
  });
});
