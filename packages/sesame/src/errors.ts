/**
 * One error class with a stable `code` from one union, so callers `switch (err.code)` and nobody
 * matches on messages (the panva/jose discipline). `message` is for developers; adapters answer
 * clients with generic text.
 *
 * @module
 */

/** Every code a {@link SesameError} can carry. */
export type SesameErrorCode =
  /** An option is missing, malformed or out of range. */
  | 'ERR_CONFIG_INVALID'
  /** An option would weaken security where that is refused (`NODE_ENV=production`). */
  | 'ERR_CONFIG_INSECURE'
  /**
   * A write reached a session that has ended: destroyed meanwhile (logout elsewhere, expiry,
   * revoke), or already ended when the request began (its cookie named a session that ended).
   */
  | 'ERR_SESSION_GONE'
  /** `beforeAnonymousCreate` refused to store a new anonymous session (a rate limit). */
  | 'ERR_SESSION_LIMITED'
  /** The operation needs a signed-in session. */
  | 'ERR_SESSION_ANONYMOUS'
  /** Session data rejected: a forbidden key or a value that is not JSON. */
  | 'ERR_SESSION_DATA_INVALID'
  /** The store threw or rejected. */
  | 'ERR_STORE_UNAVAILABLE'
  /** The store did not answer within `storeTimeout`. */
  | 'ERR_STORE_TIMEOUT'
  /** Unsafe request whose Sec-Fetch-Site / Origin say it came from another site. */
  | 'ERR_CSRF_ORIGIN'
  /** Unsafe request without either header and without a valid synchronizer token. */
  | 'ERR_CSRF_TOKEN'
  /** An optional peer dependency this feature runs on is not installed (the message names it). */
  | 'ERR_PEER_MISSING'
  /**
   * The session changed after the response was sent, so its cookie could not go with it (a write
   * left unawaited before `res.redirect()`, say). A new token is then never stored, or is deleted
   * again: no store holds a session that no browser can present.
   */
  | 'ERR_RESPONSE_SENT';

/** The HTTP status an adapter answers with for each code that reaches a response. */
export const statusForCode: Readonly<Record<SesameErrorCode, number>> = {
  ERR_CONFIG_INVALID: 500,
  ERR_CONFIG_INSECURE: 500,
  ERR_SESSION_GONE: 401,
  ERR_SESSION_LIMITED: 429,
  ERR_SESSION_ANONYMOUS: 401,
  ERR_SESSION_DATA_INVALID: 500,
  ERR_STORE_UNAVAILABLE: 503,
  ERR_STORE_TIMEOUT: 503,
  ERR_CSRF_ORIGIN: 403,
  ERR_CSRF_TOKEN: 403,
  ERR_PEER_MISSING: 500,
  ERR_RESPONSE_SENT: 500,
};

/**
 * Marks every SesameError, whichever copy of the package made it: an app that loads both the ESM
 * and the CommonJS build (the dual-package hazard) has two SesameError classes, and a plain
 * `instanceof` would miss errors from the other one. `Symbol.for` is shared across copies.
 */
const BRAND = Symbol.for('sesame-session.SesameError');

function isBranded(value: unknown): value is SesameError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { [BRAND]?: unknown })[BRAND] === true &&
    typeof (value as { code?: unknown }).code === 'string'
  );
}

/**
 * The error Sesame throws.
 *
 * @example
 * try {
 *   await req.session.set('cart', cart);
 * } catch (err) {
 *   if (isSesameError(err) && err.code === 'ERR_SESSION_GONE') return res.redirect(303, '/login');
 *   throw err;
 * }
 */
export class SesameError extends Error {
  /** Always `'SesameError'`. */
  override readonly name = 'SesameError';
  /** What went wrong, stable across versions: switch on this, never on `message`. */
  readonly code: SesameErrorCode;

  constructor(code: SesameErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** `err instanceof SesameError` holds for errors from the package's ESM and CommonJS copies alike. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // Compared through a module binding: a class body that names its own class is compiled by the
    // bundler into `class _SesameError`, and loggers print the class's name.
    return this === sesameErrorClass
      ? isBranded(value)
      : Function.prototype[Symbol.hasInstance].call(this, value);
  }

  /** The HTTP status an adapter should answer with. */
  get status(): number {
    return statusForCode[this.code];
  }
}

const sesameErrorClass: unknown = SesameError;

/**
 * Narrow an unknown thrown value to a {@link SesameError}, optionally of one code. Recognizes errors
 * from either build of the package (ESM or CommonJS) by their brand, not by class identity.
 */
export function isSesameError(err: unknown, code?: SesameErrorCode): err is SesameError {
  return isBranded(err) && (code === undefined || err.code === code);
}
