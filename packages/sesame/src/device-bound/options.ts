/**
 * The `deviceBound` option: where the Device Bound Session Credentials endpoints live, how long
 * the bound cookie and a challenge last, and the bound cookie's name. Parsed once at startup
 * (CONTRIBUTING.md §6); the request path reads the resolved numbers.
 *
 * @module
 */
import type { Duration } from '../duration.js';
import { parseDuration } from '../duration.js';
import { SesameError } from '../errors.js';

/**
 * Turns on Device Bound Session Credentials (DBSC, a W3C WebAppSec draft; Chrome 145 and later
 * on Windows): a browser that speaks it keeps a private key it cannot export, and a signed-in
 * session then needs a short-lived cookie that only a signature with that key renews. A copied
 * cookie jar stops working within `cookieLifetime`. Browsers without DBSC keep working exactly as
 * before. See docs/device-bound-sessions.md in the repository.
 *
 * @example
 * createSessions({ store, secrets, origin, deviceBound: { cookieLifetime: '10m' } });
 */
export interface DeviceBoundOptions {
  /** Path of the registration endpoint the browser posts its public key to. Default `/.sesame/dbsc/register`. */
  registrationPath?: string;
  /** Path of the refresh endpoint. Default `/.sesame/dbsc/refresh`. */
  refreshPath?: string;
  /**
   * How long a bound cookie proves the device: a stolen cookie jar works at most this long. Each
   * expiry costs the browser one signature and one request. Default 10 minutes; 1 minute to 1 day.
   */
  cookieLifetime?: Duration;
  /** Name of the bound cookie, without prefix (`__Host-` is added while Secure). Default `sid-bound`. */
  cookieName?: string;
  /** How long a challenge may be answered. Default 5 minutes. */
  challengeLifetime?: Duration;
}

/** The resolved `deviceBound` option. */
export interface ResolvedDeviceBound {
  /** Registration endpoint path. */
  registrationPath: string;
  /** Refresh endpoint path. */
  refreshPath: string;
  /** Bound cookie lifetime. */
  cookieLifetimeMs: number;
  /** Full bound cookie name, prefix included. */
  cookieName: string;
  /** Challenge lifetime. */
  challengeLifetimeMs: number;
}

const PATH = /^\/[A-Za-z0-9._~!$&'()*+,;=:@/%-]*$/; // RFC 3986 path-absolute, no query or fragment
const COOKIE_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/; // RFC 6265 §4.1.1 cookie-name
const MINUTE = 60_000;

function invalid(message: string): SesameError {
  return new SesameError('ERR_CONFIG_INVALID', message);
}

function path(name: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !PATH.test(value))
    throw invalid(`deviceBound.${name} must be a path such as "/auth/dbsc"; got ${JSON.stringify(value)}.`);
  return value;
}

function duration(
  name: string,
  value: Duration | undefined,
  fallbackMs: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallbackMs;
  const ms = parseDuration(value);
  if (ms === null || ms < min || ms > max) {
    throw invalid(
      `deviceBound.${name} must be a duration from ${min / 1000} s to ${max / 1000} s (e.g. "10m"); got ${JSON.stringify(value)}.`,
    );
  }
  return ms;
}

/**
 * Validate `deviceBound`; `null` when it is off. `prefix` is the session cookie's prefix (`__Host-`
 * while Secure), `baseName` its name without it.
 */
export function resolveDeviceBound(
  options: DeviceBoundOptions | undefined,
  prefix: string,
  baseName: string,
): ResolvedDeviceBound | null {
  if (options === undefined) return null;
  if (typeof options !== 'object' || options === null)
    throw invalid('Option deviceBound must be an object such as { cookieLifetime: "10m" }.');
  const registrationPath = path('registrationPath', options.registrationPath, '/.sesame/dbsc/register');
  const refreshPath = path('refreshPath', options.refreshPath, '/.sesame/dbsc/refresh');
  if (registrationPath === refreshPath)
    throw invalid('deviceBound.registrationPath and deviceBound.refreshPath must differ.');
  const name = options.cookieName ?? `${baseName}-bound`;
  if (
    typeof name !== 'string' ||
    !COOKIE_NAME.test(name) ||
    /^__(host|secure)-/i.test(name) ||
    name === baseName
  ) {
    throw invalid(
      `deviceBound.cookieName ${JSON.stringify(name)} must be an RFC 6265 token, not the session cookie's name, without a __Host-/__Secure- prefix.`,
    );
  }
  return {
    registrationPath,
    refreshPath,
    cookieLifetimeMs: duration(
      'cookieLifetime',
      options.cookieLifetime,
      10 * MINUTE,
      MINUTE,
      24 * 60 * MINUTE,
    ),
    cookieName: `${prefix}${name}`,
    challengeLifetimeMs: duration(
      'challengeLifetime',
      options.challengeLifetime,
      5 * MINUTE,
      MINUTE / 6,
      60 * MINUTE,
    ),
  };
}
