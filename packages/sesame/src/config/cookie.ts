/**
 * The `cookie` option: the name and SameSite of the session cookie; the secure attributes are
 * fixed, and dropping Secure is refused in production (docs/architecture.md §1.2).
 *
 * @module
 */
import { insecure, invalid } from './option-errors.js';

const COOKIE_NAME_PATTERN = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/; // RFC 6265 §4.1.1 cookie-name (token)

/** Cookie options. The defaults (`__Host-sid; HttpOnly; Secure; SameSite=Lax; Path=/`) are the secure ones. */
export interface CookieOptions {
  /** Name without prefix; `__Host-` is prepended while the cookie is Secure. Default `sid`. */
  name?: string;
  /** Default `lax`. `strict` breaks sign-in state on links from other sites; `none` allows cross-site use. */
  sameSite?: 'lax' | 'strict' | 'none';
  /**
   * Send the cookie without `Secure` (and so without the `__Host-` prefix). Browsers accept Secure
   * cookies on http://localhost, so development does not need this. Refused in production.
   */
  dangerouslyAllowInsecureCookie?: boolean;
}

/** The session cookie as issued, and the name of the anonymous CSRF nonce cookie beside it. */
export interface ResolvedCookie {
  /** Full name, prefix included (`__Host-sid`). */
  name: string;
  /** False only with `dangerouslyAllowInsecureCookie`. */
  secure: boolean;
  /** The SameSite attribute. */
  sameSite: 'lax' | 'strict' | 'none';
  /** `__Host-sid-csrf` by default. */
  csrfCookieName: string;
}

/** Validate the cookie options, or throw the error that names the bad one. */
export function resolveCookie(cookieOptions: CookieOptions, production: boolean): ResolvedCookie {
  const insecureCookie = cookieOptions.dangerouslyAllowInsecureCookie === true;
  if (insecureCookie && production) {
    throw insecure(
      'cookie.dangerouslyAllowInsecureCookie is refused in production: serve over HTTPS (and set trust proxy behind a TLS terminator).',
    );
  }
  const baseName = cookieOptions.name ?? 'sid';
  if (!COOKIE_NAME_PATTERN.test(baseName) || /^__(host|secure)-/i.test(baseName)) {
    throw invalid(
      `cookie.name ${JSON.stringify(baseName)} must be an RFC 6265 token without a __Host-/__Secure- prefix (Sesame adds __Host- itself).`,
    );
  }
  const sameSite = cookieOptions.sameSite ?? 'lax';
  if (sameSite !== 'lax' && sameSite !== 'strict' && sameSite !== 'none') {
    throw invalid(`cookie.sameSite must be "lax", "strict" or "none"; got ${JSON.stringify(sameSite)}.`);
  }
  if (sameSite === 'none' && insecureCookie)
    throw invalid('cookie.sameSite "none" requires a Secure cookie; browsers drop it otherwise.');
  const cookiePrefix = insecureCookie ? '' : '__Host-';
  return {
    name: `${cookiePrefix}${baseName}`,
    secure: !insecureCookie,
    sameSite,
    csrfCookieName: `${cookiePrefix}${baseName}-csrf`,
  };
}
