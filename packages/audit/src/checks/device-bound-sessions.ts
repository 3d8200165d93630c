/**
 * Device Bound Session Credentials (W3C WebAppSec draft; Chrome 145+ on Windows): whether the
 * sign-in response offers the browser a device-bound session (`Secure-Session-Registration`), so
 * that a copied cookie jar stops working once the short-lived bound cookie expires (issue 16).
 * Informational: DBSC is an optional defence that most browsers do not speak yet, so a site
 * without it is reported as a skip with the reason, never as a failure. The offer is reported as
 * seen; whether the registration endpoint answers correctly needs a key pair the audit does not
 * make.
 *
 * @module
 */
import { shortUrl } from '../http/target.js';
import { describeFailedLogin } from '../site/login.js';
import { CheckError } from '../context.js';
import type { Check } from './check.js';
import { pass, skip } from './check.js';

/** `(ES256 RS256);path="/x";challenge="…"` → the algorithms and path, the challenge left out. */
function describeOffer(value: string): string {
  const algorithms = /^\s*\(([^)]*)\)/.exec(value)?.[1]?.trim() ?? '?';
  const path = /;\s*path="([^"]*)"/.exec(value)?.[1] ?? '?';
  return `algorithms ${algorithms || '(none)'}, registration path ${path}`;
}

/** The sign-in response offers DBSC registration (informational). */
export const deviceBoundSessions: Check = {
  id: 'device-bound-sessions',
  title: 'Sign-in offers a device-bound session (DBSC, informational)',
  // Session hijacking with a stolen cookie is the threat DBSC answers; no ASVS 5.0 requirement asks
  // for it, so the check is informational and never a finding.
  wstg: ['WSTG-SESS-09'],
  asvs: [],
  fix: 'Optional: offer Device Bound Session Credentials at sign-in (sesame-session: the deviceBound option), so a stolen cookie stops working within minutes in browsers that support it.',
  severity: 'low',
  async run(ctx) {
    const { attempt, signedIn } = await ctx.login();
    if (!signedIn) throw new CheckError(`sign-in failed during the check: ${describeFailedLogin(attempt)}`);
    for (const hop of attempt.post.hops) {
      const offer = hop.headers.get('secure-session-registration');
      if (offer !== null)
        return pass(`${shortUrl(hop.url)} → ${hop.status} offers DBSC: ${describeOffer(offer)}`);
      if (hop.headers.get('sec-session-registration') !== null) {
        return pass(
          `${shortUrl(hop.url)} → ${hop.status} offers DBSC under the origin-trial name Sec-Session-Registration, which Chrome 145+ no longer reads`,
        );
      }
    }
    return skip(
      'informational: the sign-in response carries no Secure-Session-Registration header, so a copied session cookie keeps working in every browser (DBSC not offered)',
    );
  },
};
