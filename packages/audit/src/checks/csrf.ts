/**
 * Cross-site request forgery (WSTG-SESS-05; ASVS 5.0 3.5.1). A signed-in victim's browser is made
 * to send a state-changing request the way an attacker's page would: with a foreign `Origin`,
 * with `Origin: null` (sandboxed frame), with neither `Origin` nor Fetch Metadata and no token
 * (old browser, stripping proxy), and with a token from another session. The target defaults to
 * the logout endpoint: safe to call, and its effect (the session ends) is observable from outside.
 * A control request, sent the way the site's own form sends it, proves the target does change
 * state; without that, a refusal could not be told from no effect.
 *
 * @module
 */
import type { AuditContext } from '../context.js';
import type { Agent } from '../http/agent.js';
import type { HeaderInit } from '../http/client.js';
import { shortUrl } from '../http/target.js';
import type { Endpoint } from '../options.js';
import { CSRF_FIELD_PATTERN, findLoginForm, parseForms } from '../site/forms.js';
import type { Check } from './check.js';
import { fail, pass, skip } from './check.js';

/** A made-up attacker origin: only ever sent as a header value, never contacted. */
const FOREIGN_ORIGIN = 'https://attacker.example';
const NO_BROWSER_HEADERS: HeaderInit = { origin: null, 'sec-fetch-site': null, referer: null };

interface Variant {
  label: string;
  headers: HeaderInit;
  otherSessionToken: boolean;
}

const VARIANTS: readonly Variant[] = [
  {
    label: 'foreign Origin',
    headers: { origin: FOREIGN_ORIGIN, 'sec-fetch-site': 'cross-site', referer: `${FOREIGN_ORIGIN}/` },
    otherSessionToken: false,
  },
  {
    label: 'Origin: null',
    headers: { origin: 'null', 'sec-fetch-site': 'cross-site', referer: null },
    otherSessionToken: false,
  },
  { label: 'no Origin, no Sec-Fetch-Site, no token', headers: NO_BROWSER_HEADERS, otherSessionToken: false },
  {
    label: "another session's token (no Origin, no Sec-Fetch-Site)",
    headers: NO_BROWSER_HEADERS,
    otherSessionToken: true,
  },
];

/** Did the request take effect? For logout: the session ended. Otherwise: a non-error status. */
async function tookEffect(
  ctx: AuditContext,
  agent: Agent,
  bySession: boolean,
  status: number,
): Promise<boolean> {
  return bySession ? !(await ctx.isSignedIn(agent)) : status < 400;
}

/**
 * The anti-forgery field the victim's own form for `endpoint` carries (else the login form's).
 */
async function tokenField(ctx: AuditContext, victim: Agent, endpoint: Endpoint): Promise<string | null> {
  if (ctx.options.csrfField !== undefined) return ctx.options.csrfField;
  const own = Object.keys(await ctx.formFieldsFor(victim, endpoint));
  return own.find((name) => CSRF_FIELD_PATTERN.test(name)) ?? ctx.site.loginForm.csrfField;
}

/** A valid token of the attacker's own session: from the login form when anonymous ones have it, else after signing in. */
async function attackerToken(ctx: AuditContext, endpoint: Endpoint, field: string): Promise<string | null> {
  const attacker = ctx.newAgent();
  const page = await attacker.navigate('GET', ctx.options.loginPath, {
    headers: { 'sec-fetch-site': 'none' },
  });
  const form = findLoginForm(parseForms(page.final.body, page.final.url));
  const anonymous = form?.fields.find((f) => f.name === field)?.value;
  if (anonymous !== undefined && anonymous !== '') return anonymous;
  const fields = await ctx.formFieldsFor(await ctx.signIn(attacker), endpoint);
  return fields[field] ?? null;
}

/** Forged state-changing requests are refused; the site's own request is not. */
export const csrf: Check = {
  id: 'csrf',
  title: 'Cross-site request forgery',
  wstg: ['WSTG-SESS-05'],
  asvs: ['3.5.1'],
  fix: 'Refuse unsafe requests whose Sec-Fetch-Site/Origin is not your own, and require a session-bound token when both are missing.',
  async run(ctx) {
    const endpoint = ctx.options.csrfTarget ?? ctx.options.logout;
    if (endpoint.method === 'GET')
      return skip(`the CSRF target ${endpoint.path} is a GET; set csrfTarget in --config`);
    // The logout endpoint is judged by its effect (the session ends); a configured target by its status.
    const bySession = ctx.options.csrfTarget === null;
    const where = `${endpoint.method} ${endpoint.path}`;
    let victim = await ctx.signIn();
    const field = await tokenField(ctx, victim, endpoint);
    const stolen = field === null ? null : await attackerToken(ctx, endpoint, field);
    const accepted: string[] = [];
    const refused: string[] = [];
    for (const variant of VARIANTS) {
      if (variant.otherSessionToken && stolen === null) {
        refused.push(`${variant.label}: not tried (no token field found)`);
        continue;
      }
      if (!(await ctx.isSignedIn(victim))) victim = await ctx.signIn();
      const form = {
        ...endpoint.fields,
        ...(variant.otherSessionToken && field !== null && stolen !== null ? { [field]: stolen } : {}),
      };
      const hop = await victim.send(endpoint.method, endpoint.path, { form, headers: variant.headers });
      const effect = await tookEffect(ctx, victim, bySession, hop.status);
      (effect ? accepted : refused).push(
        `${variant.label}: ${effect ? 'accepted' : 'refused'} (${hop.status})`,
      );
    }
    if (!(await ctx.isSignedIn(victim))) victim = await ctx.signIn();
    const control = await ctx.callEndpoint(victim, endpoint);
    const controlHop = control.hops[0] ?? control.final;
    const controlEffect = await tookEffect(ctx, victim, bySession, controlHop.status);
    if (accepted.length > 0) return fail(`${where}: ${accepted.join('; ')}`);
    if (!controlEffect) {
      return skip(
        `${where}: the site's own request (${shortUrl(controlHop.url)} → ${controlHop.status}) had no visible effect either, so refusals prove nothing; set csrfTarget in --config`,
      );
    }
    return pass(`${where}: ${refused.join('; ')}; the site's own request works (${controlHop.status})`);
  },
};
