/**
 * The one origin an audit may talk to (issue 6: "it only targets the URL it is given").
 *
 * @module
 */
import { AuditAbort } from '../errors.js';

/**
 * Validate the target URL: http or https, no credentials in it, no fragment.
 *
 * @example
 * parseTarget('http://localhost:3000'); // URL { origin: 'http://localhost:3000' }
 */
export function parseTarget(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AuditAbort('bad-usage', `not a URL: ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AuditAbort('bad-usage', `only http and https targets can be audited, not ${url.protocol}`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new AuditAbort('bad-usage', 'put credentials in --username/--password, not in the URL');
  }
  url.hash = '';
  return url;
}

/**
 * The path the target URL names, as a directory: the base every path option is resolved against.
 *
 * @example
 * basePath(new URL('https://shop.example/app')); // '/app/'
 */
export function basePath(target: URL): string {
  return target.pathname.endsWith('/') ? target.pathname : `${target.pathname}/`;
}

/**
 * A path option (`--login-path` …) resolved against the target URL as a base, the way a link is
 * (RFC 3986 §5.2): `login` is under the target's path, `/login` is from the host's root, and a URL
 * of the target's origin is taken as its path. Throws `AuditAbort('bad-usage')` for another origin.
 *
 * @example
 * sitePath(new URL('https://shop.example/app/'), 'login'); // '/app/login'
 * sitePath(new URL('https://shop.example/app/'), '/login'); // '/login'
 */
export function sitePath(target: URL, path: string, flag = 'a path'): string {
  const url = new URL(path, new URL(basePath(target), target));
  if (!isSameOrigin(target, url)) {
    throw new AuditAbort(
      'bad-usage',
      `${flag}: ${url.origin} is another origin; only ${target.origin} is audited (give a path)`,
    );
  }
  return shortUrl(url);
}

/** A default path (`/login`) under the target's path: `/app/login` for `https://shop.example/app/`. */
export function defaultPath(target: URL, path: string): string {
  return basePath(target) + path.replace(/^\//, '');
}

/** True when `url` has exactly the target's scheme, host and port. */
export function isSameOrigin(target: URL, url: URL): boolean {
  return url.origin === target.origin;
}

/**
 * Loopback hosts count as secure contexts in browsers (W3C Secure Contexts §3.2, "potentially
 * trustworthy"), so they keep and send `Secure` and `__Host-` cookies over plain HTTP.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '[::1]' || host === '::1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** The path part of a URL as shown in evidence: `/account?x=1`. */
export function shortUrl(url: URL): string {
  return url.pathname + url.search;
}
