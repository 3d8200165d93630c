/**
 * The origins the same-origin check trusts, resolved once at startup (docs/architecture.md §1.9).
 * In production they come from configuration only: the `Host` header is written by the client,
 * and a proxy that forwards it unchecked would let `Host: evil.example` with
 * `Origin: http://evil.example` pass a Host-based check (issue 10).
 *
 * @module
 */
import { SesameError } from '../errors.js';

/** `https://app.example.com` as `URL.origin` spells it; throws for anything else (a path, a scheme). */
export function normalizeOrigin(option: string, origin: unknown): string {
  let url: URL;
  try {
    url = new URL(String(origin));
  } catch (cause) {
    throw new SesameError(
      'ERR_CONFIG_INVALID',
      `${option}: ${JSON.stringify(origin)} is not an origin like https://app.example.com.`,
      { cause },
    );
  }
  if (
    typeof origin !== 'string' ||
    (url.protocol !== 'https:' && url.protocol !== 'http:') ||
    url.origin !== origin.replace(/\/$/, '').toLowerCase()
  ) {
    throw new SesameError(
      'ERR_CONFIG_INVALID',
      `${option}: ${JSON.stringify(origin)} must be a bare origin like https://app.example.com (no path).`,
    );
  }
  return url.origin;
}

/** The configured public origins; refused when missing in production (see SessionOptions.origin). */
export function resolvePublicOrigins(
  given: string | readonly string[] | undefined,
  production: boolean,
): ReadonlySet<string> | null {
  const list = given === undefined ? [] : typeof given === 'string' ? [given] : [...given];
  if (list.length === 0) {
    if (!production) return null;
    throw new SesameError(
      'ERR_CONFIG_INSECURE',
      "Option origin is required in production: set it to the public origin users open, e.g. origin: 'https://app.example.com' (a list if there are several). Sesame judges cross-site requests against it, because the Host header is chosen by the client.",
    );
  }
  const origins = list.map((origin) => normalizeOrigin('origin', origin));
  const plain = production ? origins.find((origin) => !servesSecureCookies(origin)) : undefined;
  if (plain !== undefined) {
    throw new SesameError(
      'ERR_CONFIG_INSECURE',
      `Option origin ${plain} is plain HTTP: the session cookie is Secure, so browsers would not keep it there and no one could stay signed in. Set the https:// origin users open (behind a TLS proxy too).`,
    );
  }
  return new Set(origins);
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

/** Whether browsers keep a `Secure` cookie for pages of `origin`: HTTPS, or plain HTTP on loopback. */
function servesSecureCookies(origin: string): boolean {
  const { protocol, hostname } = new URL(origin);
  return protocol === 'https:' || LOOPBACK.test(hostname);
}
