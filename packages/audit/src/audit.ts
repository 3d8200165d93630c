/**
 * The audit run: reach the site, make sure "signed in" can be told from "not signed in", sign in
 * once to learn which cookies carry the session, then run each check. Setup failures stop the run
 * (exit 2, with the reason); a check that cannot finish is a `skip` with its reason.
 *
 * @module
 */
import { CHECKS } from './checks/index.js';
import type { Check, CheckOutcome, CheckResult } from './checks/index.js';
import type { SiteFacts } from './context.js';
import { AuditContext, CheckError, saysBehindTls } from './context.js';
import { AuditAbort, BudgetExhausted, OffTargetError } from './errors.js';
import { RequestBudget } from './http/budget.js';
import type { SeenSetCookie } from './http/cookie-jar.js';
import { HttpClient } from './http/client.js';
import { shortUrl } from './http/target.js';
import type { AuditOptions } from './options.js';
import { DEFAULTS } from './options.js';
import type { Progress } from './progress.js';
import { silentProgress } from './progress.js';
import type { LoginAttempt } from './site/login.js';
import { describeFailedLogin } from './site/login.js';
import { resolvePaths } from './site/resolve-paths.js';
import { findSessionCookies } from './site/session-cookies.js';

/** The report (the `--json` shape of issue 6). */
export interface AuditReport {
  target: string;
  startedAt: string;
  checks: CheckResult[];
}

/** Hooks for a run. */
export interface RunOptions {
  progress?: Progress;
  /** Checks to run instead of the built-in list (tests). */
  checks?: readonly Check[];
}

async function setUp(ctx: AuditContext): Promise<SiteFacts> {
  const { options } = ctx;
  const probe = ctx.newAgent();
  await probe.send('GET', options.target, { headers: { 'sec-fetch-site': 'none' } });
  if (await ctx.isSignedIn(probe)) {
    throw new AuditAbort(
      'bad-usage',
      `${options.protectedPath} answers 200 without signing in, so "signed in" cannot be told apart; pass --protected-path with a page only signed-in users see`,
    );
  }
  ctx.progress.note(`signing in as ${options.username}`);
  const { agent, attempt, signedIn } = await ctx.login();
  if (!signedIn) throw new AuditAbort('login-failed', loginFailure(attempt, options, ctx.secureContext));
  const sessionCookies = await findSessionCookies(ctx, agent);
  await agent.navigate('GET', options.protectedPath, { headers: { 'sec-fetch-site': 'same-origin' } });
  const lastByName = new Map<string, SeenSetCookie>();
  for (const hop of agent.seen) for (const seen of hop.cookies) lastByName.set(seen.cookie.name, seen);
  const hops = [...attempt.page.hops, ...attempt.post.hops];
  const isSession = (name: string): boolean => sessionCookies.includes(name);
  const sampleToken = Object.fromEntries(sessionCookies.map((name) => [name, agent.jar.get(name) ?? '']));
  ctx.progress.note(
    `session cookie: ${sessionCookies.join(', ')} (signed in at ${shortUrl(attempt.form.action)})`,
  );
  return {
    sessionCookies,
    loginForm: attempt.form,
    sessionSetCookies: hops
      .flatMap((hop) => hop.cookies)
      .filter((c) => isSession(c.cookie.name) && !c.expires),
    signedInSetCookies: [...lastByName.values()].filter((seen) => !seen.expires),
    preLoginToken: attempt.page.hops.some((hop) =>
      hop.cookies.some((c) => isSession(c.cookie.name) && !c.expires),
    ),
    sampleToken,
  };
}

/** Why sign-in failed, pointing at the likeliest cause. */
export function loginFailure(attempt: LoginAttempt, options: AuditOptions, secureContext: boolean): string {
  const status = attempt.post.hops[0]?.status;
  // 403 (Django, csurf, Express Origin checks) or 419 (Laravel) on the form post: the site refused
  // the request itself before it looked at the password.
  if (status === 403 || status === 419) {
    return (
      `${describeFailedLogin(attempt)}: the site refused the sign-in form itself, most likely its CSRF or Origin check ` +
      `(Origin and Referer were ${options.publicOrigin}). Behind a TLS proxy pass -H 'X-Forwarded-Proto: https' ` +
      `or --origin https://…; name the token field with --csrf-field if the form hides it elsewhere`
    );
  }
  const tlsAdvice = plainHttpCookieTrouble(attempt, options, secureContext);
  if (tlsAdvice !== null) return `${describeFailedLogin(attempt)}, ${tlsAdvice}`;
  return `${describeFailedLogin(attempt)}, and ${options.protectedPath} still refuses the session; check --username/--password, --login-path and --protected-path`;
}

const TLS_ADVICE =
  "pass -H 'X-Forwarded-Proto: https' if a TLS proxy sits in front, or audit its https:// URL";

/**
 * Over plain HTTP a Secure cookie is neither kept nor sent by a browser (RFC 6265bis; browsers
 * except loopback), and apps behind a TLS proxy often refuse to set one at all (express-session skips
 * it when `req.secure` is false), so a correct password still leaves the browser signed out.
 */
function plainHttpCookieTrouble(
  attempt: LoginAttempt,
  options: AuditOptions,
  secureContext: boolean,
): string | null {
  if (options.target.protocol !== 'http:') return null;
  const set = [...attempt.page.hops, ...attempt.post.hops]
    .flatMap((hop) => hop.cookies)
    .filter((c) => !c.expires);
  const dropped = [...new Set(set.filter((c) => c.cookie.secure === true).map((c) => c.cookie.name))];
  if (!secureContext && dropped.length > 0) {
    return (
      `but it set ${dropped.join(', ')} with Secure, which a browser neither keeps nor sends over http://, ` +
      `so ${options.protectedPath} still refuses the session; ${TLS_ADVICE}`
    );
  }
  if (saysBehindTls(options.headers) || attempt.post.hops.some((hop) => hop.cookies.length > 0)) return null;
  return (
    `but no response to the sign-in set a cookie, so ${options.protectedPath} still refuses the session; ` +
    `an app whose session cookie is Secure may set none over http://: ${TLS_ADVICE}; ` +
    'otherwise check --username/--password, --login-path and --protected-path'
  );
}

async function runOne(ctx: AuditContext, check: Check): Promise<CheckOutcome> {
  try {
    return await check.run(ctx);
  } catch (error) {
    // A site that stops answering, or options that do not fit it (a logout it does not have),
    // end the audit; anything else ends only this check.
    if (error instanceof AuditAbort && (error.reason === 'unreachable' || error.reason === 'bad-usage'))
      throw error;
    const expected = [AuditAbort, BudgetExhausted, CheckError, OffTargetError].some(
      (kind) => error instanceof kind,
    );
    if (expected && error instanceof Error) {
      return { status: 'skip', evidence: `could not finish: ${error.message}` };
    }
    throw error;
  }
}

/**
 * Run the audit. Throws {@link AuditAbort} when it cannot run (exit code 2).
 *
 * @example
 * const report = await runAudit(options, { progress: streamProgress(process.stderr) });
 * const failed = report.checks.some((c) => c.status === 'fail');
 */
export async function runAudit(options: AuditOptions, run: RunOptions = {}): Promise<AuditReport> {
  const startedAt = new Date().toISOString();
  const progress = run.progress ?? silentProgress;
  const budget = new RequestBudget(options.maxRequests, Date.now() + options.timeLimitMs);
  const client = new HttpClient({
    target: options.target,
    publicOrigin: options.publicOrigin,
    ...(options.ca === undefined ? {} : { ca: options.ca }),
    budget,
    headers: options.headers,
    requestTimeoutMs: options.requestTimeoutMs,
    maxBodyBytes: DEFAULTS.maxBodyBytes,
  });
  try {
    return await audit(new AuditContext(options, client, progress), run, startedAt);
  } finally {
    await client.close();
  }
}

async function audit(first: AuditContext, run: RunOptions, startedAt: string): Promise<AuditReport> {
  const { progress, client } = first;
  const budget = client.options.budget;
  let ctx = first;
  try {
    const resolved = await resolvePaths(first.newAgent(), first.options);
    for (const move of resolved.moves) progress.note(`${move}; using it`);
    ctx = new AuditContext(resolved.options, client, progress);
    ctx.site = await setUp(ctx);
  } catch (error) {
    if (error instanceof BudgetExhausted) throw new AuditAbort('budget', error.message, { cause: error });
    throw error;
  }
  const { options } = ctx;
  const selected = (run.checks ?? CHECKS).filter((c) => options.only === null || options.only.includes(c.id));
  const checks: CheckResult[] = [];
  for (const [index, check] of selected.entries()) {
    progress.check(index + 1, selected.length, check.id, check.title);
    const outcome = await runOne(ctx, check);
    checks.push({
      id: check.id,
      title: check.title,
      status: outcome.status,
      severity: outcome.status === 'fail' ? (outcome.severity ?? check.severity) : null,
      wstg: [...check.wstg],
      asvs: [...check.asvs],
      evidence: outcome.evidence,
      fix: check.fix,
    });
  }
  progress.note(`${budget.used} requests sent`);
  return { target: options.target.href, startedAt, checks };
}
