/**
 * How a call to one of the site's endpoints went, in words for the evidence: the chain of
 * statuses a browser saw, whether the site refused it outright (a 4xx anywhere on the way), and
 * whether the logout the options name exists at all.
 *
 * @module
 */
import type { Navigation } from '../http/agent.js';
import { shortUrl } from '../http/target.js';

/** `POST /logout → 301, then GET /logout/ → 302`. */
export function describeChain(chain: Navigation): string {
  const first = chain.hops[0] ?? chain.final;
  return `${first.method} ${shortUrl(first.url)} → ${describeAnswer(chain)}`;
}

/**
 * The answer without the request: `403`, or `301, then GET /logout/ → 302`, naming a redirect to
 * another origin that was not followed.
 */
export function describeAnswer(chain: Navigation): string {
  const { hops, final } = chain;
  const first = hops[0] ?? final;
  const rest = hops.slice(1).map((hop) => `${hop.method} ${shortUrl(hop.url)} → ${hop.status}`);
  const answer = rest.length === 0 ? `${first.status}` : `${first.status}, then ${rest.join(', then ')}`;
  return answer + offTargetNote(chain);
}

/**
 * `` → https://idp.example: another origin, not followed `` when the chain ended on a redirect
 * off the audited origin (an identity provider, say), else `''`: the audit sends no request there,
 * so no cookie, token or password either.
 */
export function offTargetNote(chain: Navigation): string {
  return chain.offTarget === null
    ? ''
    : ` → ${chain.offTarget.origin}: another origin, not followed (nothing is sent there)`;
}

/** The first 4xx/5xx answer on the way, or `null` when the site accepted every request. */
export function refusal({ hops, final }: Navigation): number | null {
  return (hops.length > 0 ? hops : [final]).find((hop) => hop.status >= 400)?.status ?? null;
}

/**
 * The reason shown when the site refused its own logout as the audit called it: the logout never
 * ran, so nothing about the server's session handling can be concluded (issue 14).
 */
export function logoutRefused(chain: Navigation): string {
  return (
    `logout refused: ${describeChain(chain)}, so the site never ran its logout; ` +
    'set --logout-path and --logout-method to what your logout button sends (its form is looked ' +
    'for on --protected-path; --csrf-field names its token if the name is unusual)'
  );
}

/**
 * Why the logout the options name is not there, or `null`: a 404 or 405 on the logout request
 * itself means a wrong `--logout-path` or `--logout-method`, a mistake in the setup rather than a
 * site refusing to sign out (a CSRF check's 403 is that, see {@link logoutRefused}).
 */
export function missingLogout(chain: Navigation): string | null {
  const first = chain.hops[0] ?? chain.final;
  if (first.status !== 404 && first.status !== 405) return null;
  const allow = first.headers.get('allow');
  const answer =
    first.status === 404
      ? 'the site has no logout endpoint there'
      : `the site does not accept ${first.method} there${allow === null ? '' : ` (Allow: ${allow})`}`;
  return `${describeChain(chain)}: ${answer}; set --logout-path and --logout-method to what your logout button sends`;
}
