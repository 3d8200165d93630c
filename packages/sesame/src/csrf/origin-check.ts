/**
 * The header half of CSRF protection (docs/architecture.md §1.9). Browsers send `Sec-Fetch-Site` on every
 * request (Fetch Metadata, W3C) and `Origin` on every unsafe one; a forged cross-site request can
 * set neither. Hono's csrf middleware and the OWASP CSRF cheat sheet ("Fetch Metadata headers")
 * use the same order: Sec-Fetch-Site first, Origin second.
 *
 * @module
 */
import type { RequestFacts } from '../http.js';

/** RFC 9110 §9.2.1 safe methods: they must not change state, so they are not checked. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

/**
 * `allow`: the headers vouch for the request. `deny`: they say it came from elsewhere, and no
 * token may override that. `unknown`: neither header is present (old browser or non-browser
 * client): the synchronizer token decides.
 */
export type OriginVerdict = 'allow' | 'deny' | 'unknown';

/** The origin the client addressed: what a same-origin page's `Origin` header would say. */
export function requestOrigin(facts: Pick<RequestFacts, 'host' | 'isSecure'>): string | null {
  return facts.host ? `${facts.isSecure ? 'https' : 'http'}://${facts.host.toLowerCase()}` : null;
}

/** The origins a request may come from: the configured ones (`origin`, `csrf.allowedOrigins`). */
export interface OriginPolicy {
  allowedOrigins: ReadonlySet<string>;
  /** The app's own public origins; `null` (development only) falls back to the request's host. */
  publicOrigins: ReadonlySet<string> | null;
}

/** Whether `origin` (lower-cased) is the app's own: configured, or in development the addressed host. */
function isOwnOrigin(origin: string, facts: RequestFacts, policy: OriginPolicy): boolean {
  return policy.publicOrigins === null ? origin === requestOrigin(facts) : policy.publicOrigins.has(origin);
}

/** Judge an unsafe request by its Fetch Metadata and Origin headers. */
export function checkOrigin(facts: RequestFacts, policy: OriginPolicy): OriginVerdict {
  const site = facts.secFetchSite?.toLowerCase() ?? null;
  const origin = facts.origin?.toLowerCase() ?? null;
  const allowListed = origin !== null && policy.allowedOrigins.has(origin);
  if (site !== null) {
    // "none": navigation the user started (address bar, bookmark); no page could have forged it.
    if (site === 'same-origin' || site === 'none') return 'allow';
    return allowListed ? 'allow' : 'deny';
  }
  if (origin !== null) {
    // "null" comes from sandboxed frames, data: URLs and some redirects: never ours.
    if (origin === 'null') return 'deny';
    return allowListed || isOwnOrigin(origin, facts, policy) ? 'allow' : 'deny';
  }
  return 'unknown';
}
