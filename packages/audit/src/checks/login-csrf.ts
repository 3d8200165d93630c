/**
 * Login CSRF (WSTG-SESS-05; ASVS 5.0 3.5.1; OWASP CSRF Prevention Cheat Sheet, "Login CSRF"):
 * the attacker's page posts the sign-in form with the attacker's own credentials (and the
 * attacker's own CSRF token, taken from their copy of the form), and the victim's browser ends up
 * signed in as the attacker: what the victim then types (card numbers, searches, documents) lands
 * in the attacker's account. Tried on a browser that never visited the site and on one that had
 * opened the sign-in page (so holds its pre-login cookies), with a foreign `Origin` and with
 * `Origin: null`. Redirects are followed as a browser follows them (issue 14).
 *
 * @module
 */
import type { AuditContext } from '../context.js';
import type { HeaderInit } from '../http/client.js';
import { describeAnswer } from '../site/endpoint-call.js';
import { findLoginForm, formValues, parseForms } from '../site/forms.js';
import type { Check } from './check.js';
import { judge, skip } from './check.js';
import { CROSS_SITE_POST } from './csrf.js';

const VARIANTS: readonly [string, HeaderInit][] = [
  ['foreign Origin', CROSS_SITE_POST],
  ['Origin: null', { ...CROSS_SITE_POST, origin: 'null', referer: null }],
];

/** The sign-in form as the attacker fills it in their own browser: their token, their account. */
async function attackerForm(ctx: AuditContext): Promise<Record<string, string>> {
  const attacker = ctx.newAgent();
  const page = await attacker.navigate('GET', ctx.options.loginPath, {
    headers: { 'sec-fetch-site': 'none' },
  });
  const form = findLoginForm(parseForms(page.final.body, page.final.url));
  const { usernameField, passwordField } = ctx.site.loginForm;
  return {
    ...(form === null ? {} : formValues(form)),
    ...ctx.options.extraFields,
    [usernameField]: ctx.options.username,
    [passwordField]: ctx.options.password,
  };
}

/** A cross-site post of the sign-in form must not sign the victim's browser in. */
export const loginCsrf: Check = {
  id: 'login-csrf',
  title: 'Login CSRF',
  wstg: ['WSTG-SESS-05'],
  asvs: ['3.5.1'],
  fix: 'Protect the sign-in form like any other form: refuse a cross-site Sec-Fetch-Site/Origin and require a token bound to the pre-login session.',
  severity: 'medium',
  async run(ctx) {
    if (ctx.options.loginEncoding === 'json') {
      return skip('the sign-in posts JSON, which a cross-site form cannot send without a CORS preflight');
    }
    const fields = await attackerForm(ctx);
    const action = ctx.site.loginForm.action;
    const findings: string[] = [];
    const notes: string[] = [];
    for (const visited of [false, true]) {
      const browser = visited ? 'a browser that had opened the sign-in page' : 'a fresh browser';
      for (const [label, headers] of VARIANTS) {
        const victim = ctx.newAgent();
        if (visited)
          await victim.navigate('GET', ctx.options.loginPath, { headers: { 'sec-fetch-site': 'none' } });
        const chain = await victim.navigate('POST', action, { form: fields, headers, crossSite: true });
        const signedIn = await ctx.isSignedIn(victim);
        const line = `${browser}, ${label}: ${signedIn ? 'signed in as the attacker' : 'refused'} (${describeAnswer(chain)})`;
        (signedIn ? findings : notes).push(line);
      }
    }
    return judge(
      findings.length > 0 ? [...findings, ...notes] : [],
      `cross-site sign-in posts: ${notes.join('; ')}`,
    );
  },
};
