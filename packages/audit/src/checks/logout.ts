/**
 * Logout (WSTG-SESS-06; ASVS 5.0 7.4.1): after signing out, the browser must lose the cookie and
 * the server must refuse the old token, so a copy taken earlier (shared computer, log file,
 * stolen cookie) is worth nothing. A logout that only deletes the cookie, or only forgets the
 * user but keeps the session, is the common failure. A logout the site refused (4xx, say its
 * CSRF check's 403) proves nothing either way and is reported as such, never as a kept session
 * (issue 14); a 404 or 405 is a wrong `--logout-path` or `--logout-method` and stops the audit.
 *
 * Severity follows what the old token still does. Signed in after logout is high: a copy replays
 * the user's session. Refused, but the server keeps the session anonymous, is medium: the id stays
 * live with whatever the session still holds. Refused and gone, with only the cookie left in the
 * browser, is low: the server's refusal already protects it.
 *
 * @module
 */
import { CheckError, sameToken } from '../context.js';
import { describeChain, logoutRefused, refusal } from '../site/endpoint-call.js';
import { forgeToken } from '../site/forge-token.js';
import { issuedNewToken, keptToken } from '../site/token-response.js';
import type { Check, Severity } from './check.js';
import { fail, pass, skip } from './check.js';

/** The old token is refused after logout, and the logout response expires the cookie. */
export const logout: Check = {
  id: 'logout',
  title: 'Logout ends the session',
  wstg: ['WSTG-SESS-06'],
  asvs: ['7.4.1'],
  fix: 'On logout, delete the session on the server (req.session.destroy()) and expire the cookie with the same Path/Domain.',
  severity: 'high',
  async run(ctx) {
    const victim = await ctx.signIn();
    const before = ctx.tokenOf(victim);
    if (before === null) throw new CheckError('signed in but holds no session cookie');
    const chain = await ctx.logout(victim);
    if (refusal(chain) !== null) return skip(logoutRefused(chain));
    const findings: string[] = [];
    let severity: Severity = 'low';
    const after = ctx.tokenOf(victim);
    const left = Object.keys(before).filter((name) => after?.[name] === before[name]);
    if (left.length > 0)
      findings.push(`the logout response did not expire ${left.join(', ')} in the browser`);
    if (sameToken(after, before) && (await ctx.isSignedIn(victim))) {
      findings.push('the browser is still signed in after logout');
      severity = 'high';
    }
    const replayed = await ctx.isSignedIn(ctx.agentWithToken(before));
    if (replayed) {
      findings.push(
        'the old token is still signed in when replayed after logout (the server kept the session)',
      );
      severity = 'high';
    } else {
      const forged = forgeToken(before);
      const oldAnswer = await ctx.agentWithToken(before).send('GET', ctx.options.loginPath);
      const forgedAnswer = await ctx.agentWithToken(forged).send('GET', ctx.options.loginPath);
      if (keptToken(oldAnswer, before) && issuedNewToken(forgedAnswer, forged)) {
        findings.push(
          'the server still holds a session for the old token (it is accepted without a new cookie, while a made-up token gets one): logout forgot the user but kept the session',
        );
        if (severity === 'low') severity = 'medium';
      }
      if (findings.length > 0) findings.push('the old token no longer signs anyone in');
    }
    const status = describeChain(chain);
    return findings.length > 0
      ? fail(`${status}: ${findings.join('; ')}`, severity)
      : pass(`${status}; the cookie was expired in the browser and the old token is refused when replayed`);
  },
};
