/**
 * Session fixation (WSTG-SESS-03; ASVS 5.0 7.2.4; the class of passport CVE-2022-25896). Two
 * attacks: the attacker plants the token the site gave them before sign-in, or a token they made
 * up, in the victim's browser; the victim signs in. The site passes when neither token is signed
 * in afterwards.
 *
 * @module
 */
import type { AuditContext, Token } from '../context.js';
import { sameToken } from '../context.js';
import { forgeToken } from '../site/forge-token.js';
import type { Check } from './check.js';
import { judge } from './check.js';

async function plantAndSignIn(
  ctx: AuditContext,
  planted: Token,
  label: string,
  findings: string[],
): Promise<string> {
  const victim = await ctx.signIn(ctx.agentWithToken(planted));
  const kept = sameToken(ctx.tokenOf(victim), planted);
  if (await ctx.isSignedIn(ctx.agentWithToken(planted))) {
    findings.push(
      `${label} is signed in as the victim after they sign in (${kept ? 'the site kept it' : 'a new token was issued but the old one was not ended'})`,
    );
    return `${label}: still valid after sign-in`;
  }
  return `${label}: ${kept ? 'kept in the browser but' : 'replaced and'} refused afterwards`;
}

/** A pre-login token, and a token the attacker chose, must not survive sign-in. */
export const fixation: Check = {
  id: 'fixation',
  title: 'Session fixation at sign-in',
  wstg: ['WSTG-SESS-03'],
  asvs: ['7.2.4'],
  fix: 'Issue a new session token at sign-in and end the old one (e.g. req.session.regenerate() before setting the user).',
  severity: 'high',
  async run(ctx) {
    const findings: string[] = [];
    const notes: string[] = [];
    const attacker = ctx.newAgent();
    await attacker.navigate('GET', ctx.options.loginPath, { headers: { 'sec-fetch-site': 'none' } });
    const preLogin = ctx.tokenOf(attacker);
    if (preLogin === null) notes.push('no session cookie is issued before sign-in');
    else notes.push(await plantAndSignIn(ctx, preLogin, "the attacker's pre-login token", findings));
    notes.push(
      await plantAndSignIn(ctx, forgeToken(ctx.site.sampleToken), 'a token the attacker made up', findings),
    );
    return judge(findings, notes.join('; '));
  },
};
