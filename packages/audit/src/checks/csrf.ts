/**
 * Cross-site request forgery (WSTG-SESS-05; ASVS 5.0 3.5.1). A signed-in victim's browser is made
 * to send a state-changing request the way an attacker's page would: with a foreign `Origin`,
 * with `Origin: null` (sandboxed frame), with neither `Origin` nor Fetch Metadata and no token
 * (old browser, stripping proxy), and with a token from another session; and, for a GET target
 * or the logout, as a cross-site top-level navigation (a link). A forged request that is
 * redirected is followed as a browser follows it before it is judged (issue 14: Django's
 * `APPEND_SLASH` 301 turns a forged `POST /logout` into `GET /logout/`, which signs out).
 *
 * Cookies: a forged POST carries every cookie of the victim, so the server's own defence is what
 * is tested (SameSite=Lax does not stop a same-site attacker, nor Chrome's two-minute Lax-by-
 * default POST window); a cross-site GET navigation carries what a browser sends on one: Lax and
 * unmarked cookies, not Strict ones. The target defaults to the logout endpoint: safe to call,
 * and its effect (the session ends) is observable from outside. A control request, sent the way
 * the site's own form sends it, proves the target does change state.
 *
 * @module
 */
import type { AuditContext } from '../context.js';
import type { Agent, Navigation } from '../http/agent.js';
import type { HeaderInit } from '../http/client.js';
import type { Endpoint } from '../options.js';
import { describeAnswer, describeChain, logoutRefused, refusal } from '../site/endpoint-call.js';
import { CSRF_FIELD_PATTERN, findLoginForm, parseForms } from '../site/forms.js';
import type { Check } from './check.js';
import { fail, pass, skip } from './check.js';

/** A made-up attacker origin: only ever sent as a header value, never contacted. */
export const FOREIGN_ORIGIN = 'https://attacker.example';

/** Headers of a form post from the attacker's page (Fetch Metadata, W3C). */
export const CROSS_SITE_POST: HeaderInit = {
  origin: FOREIGN_ORIGIN,
  'sec-fetch-site': 'cross-site',
  'sec-fetch-mode': 'navigate',
  referer: `${FOREIGN_ORIGIN}/`,
};
const NO_BROWSER_HEADERS: HeaderInit = { origin: null, 'sec-fetch-site': null, referer: null };

interface Variant {
  label: string;
  method: 'target' | 'GET';
  headers: HeaderInit;
  otherSessionToken: boolean;
}

const POST_VARIANTS: readonly Variant[] = [
  { label: 'foreign Origin', method: 'target', headers: CROSS_SITE_POST, otherSessionToken: false },
  {
    label: 'Origin: null',
    method: 'target',
    headers: { ...CROSS_SITE_POST, origin: 'null', referer: null },
    otherSessionToken: false,
  },
  {
    label: 'no Origin, no Sec-Fetch-Site, no token',
    method: 'target',
    headers: NO_BROWSER_HEADERS,
    otherSessionToken: false,
  },
  {
    label: "another session's token (no Origin, no Sec-Fetch-Site)",
    method: 'target',
    headers: NO_BROWSER_HEADERS,
    otherSessionToken: true,
  },
];

const GET_NAVIGATION: Variant = {
  label: 'cross-site GET navigation (a link on another site)',
  method: 'GET',
  headers: { ...CROSS_SITE_POST, origin: null },
  otherSessionToken: false,
};

/** Did the request take effect? For logout: the session ended. Otherwise: nothing refused it. */
async function tookEffect(
  ctx: AuditContext,
  agent: Agent,
  bySession: boolean,
  chain: Navigation,
): Promise<boolean> {
  return bySession ? !(await ctx.isSignedIn(agent)) : refusal(chain) === null;
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

function variantsFor(endpoint: Endpoint, bySession: boolean): Variant[] {
  if (endpoint.method === 'GET') return [GET_NAVIGATION];
  // A logout that also answers GET is open to any link (Django before 5.0 by default).
  return bySession ? [...POST_VARIANTS, GET_NAVIGATION] : [...POST_VARIANTS];
}

/** Forged state-changing requests are refused; the site's own request is not. */
export const csrf: Check = {
  id: 'csrf',
  title: 'Cross-site request forgery',
  wstg: ['WSTG-SESS-05'],
  asvs: ['3.5.1'],
  fix: 'Refuse unsafe requests whose Sec-Fetch-Site/Origin is not your own, require a session-bound token when both are missing, and never change state on GET.',
  severity: 'high',
  async run(ctx) {
    const endpoint = ctx.options.csrfTarget ?? ctx.options.logout;
    // The logout endpoint is judged by its effect (the session ends); a configured target by its status.
    const bySession = ctx.options.csrfTarget === null;
    const where = `${endpoint.method} ${endpoint.path}`;
    let victim = await ctx.signIn();
    const field = endpoint.method === 'GET' ? null : await tokenField(ctx, victim, endpoint);
    const stolen = field === null ? null : await attackerToken(ctx, endpoint, field);
    const accepted: string[] = [];
    const refused: string[] = [];
    let postAccepted = false;
    for (const variant of variantsFor(endpoint, bySession)) {
      if (variant.otherSessionToken && stolen === null) {
        refused.push(`${variant.label}: not tried (no token field found)`);
        continue;
      }
      if (!(await ctx.isSignedIn(victim))) victim = await ctx.signIn();
      const method = variant.method === 'GET' ? 'GET' : endpoint.method;
      const form = {
        ...endpoint.fields,
        ...(variant.otherSessionToken && field !== null && stolen !== null ? { [field]: stolen } : {}),
      };
      const chain = await victim.navigate(method, endpoint.path, {
        ...(method === 'GET' ? {} : { form }),
        headers: variant.headers,
        crossSite: true,
      });
      const effect = await tookEffect(ctx, victim, bySession, chain);
      if (effect && variant.method !== 'GET') postAccepted = true;
      (effect ? accepted : refused).push(
        `${variant.label}: ${effect ? 'accepted' : 'refused'} (${describeAnswer(chain)})`,
      );
    }
    if (!(await ctx.isSignedIn(victim))) victim = await ctx.signIn();
    const control = bySession ? await ctx.logout(victim) : await ctx.callEndpoint(victim, endpoint);
    const controlEffect = await tookEffect(ctx, victim, bySession, control);
    if (accepted.length > 0) {
      const lax =
        !postAccepted && bySession
          ? '; a browser sends SameSite=Lax cookies on a cross-site link, so any page can sign the user out: accept logout by POST only (or make the session cookie SameSite=Strict)'
          : '';
      const standIn =
        postAccepted && bySession
          ? "; the logout stands in for the site's other forms, which the audit cannot see: a site that accepts a cross-site POST here likely accepts it on them too (set csrfTarget in --config to try one)"
          : '';
      // A forced logout is itself a nuisance (and a step in login CSRF), so a forgery the logout
      // accepts is medium; a forged action on a configured target is one done in the victim's name.
      return fail(`${where}: ${accepted.join('; ')}${lax}${standIn}`, bySession ? 'medium' : 'high');
    }
    if (!controlEffect) {
      if (bySession && refusal(control) !== null) return skip(logoutRefused(control));
      return skip(
        `${where}: the site's own request (${describeChain(control)}) had no visible effect either, so refusals prove nothing; set csrfTarget in --config`,
      );
    }
    return pass(`${where}: ${refused.join('; ')}; the site's own request works (${describeAnswer(control)})`);
  },
};
