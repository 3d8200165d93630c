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
import { AuditContext, CheckError } from './context.js';
import type { AbortReason } from './errors.js';
import { AuditAbort, BudgetExhausted, OffTargetError } from './errors.js';
import { RequestBudget } from './http/budget.js';
import type { SeenSetCookie } from './http/cookie-jar.js';
import { HttpClient } from './http/client.js';
import { shortUrl } from './http/target.js';
import type { AuditOptions } from './options.js';
import { DEFAULTS } from './options.js';
import type { Progress } from './progress.js';
import { silentProgress } from './progress.js';
import { loginFailure } from './site/login-failure.js';
import { resolvePaths } from './site/resolve-paths.js';
import { findSessionCookies } from './site/session-cookies.js';

/** The report (the `--json` shape of issue 6). */
export interface AuditReport {
  target: string;
  startedAt: string;
  /** Set only when the audit stopped part-way: `checks` then holds the checks that finished. */
  aborted?: AuditStop;
  checks: CheckResult[];
}

/** Why and where an audit stopped before every check had run (exit code 2). */
export interface AuditStop {
  reason: AbortReason;
  message: string;
  /** The check that was running, or `null` when the audit stopped while setting up. */
  during: string | null;
  /** The selected checks that gave no verdict, the interrupted one included. */
  notRun: string[];
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
 * Run the audit. Throws {@link AuditAbort} when it cannot run or stops part-way (exit code 2);
 * once the site was reached, its `report` holds the checks that finished and why it stopped.
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
  const { only } = first.options;
  const selected = (run.checks ?? CHECKS).filter((c) => only === null || only.includes(c.id));
  const checks: CheckResult[] = [];
  let during: string | null = null;
  try {
    const resolved = await resolvePaths(first.newAgent(), first.options);
    for (const note of resolved.notes) progress.note(note);
    const ctx = new AuditContext(resolved.options, client, progress);
    ctx.site = await setUp(ctx);
    for (const [index, check] of selected.entries()) {
      during = check.id;
      progress.check(index + 1, selected.length, check.id, check.title);
      checks.push(resultOf(check, await runOne(ctx, check)));
    }
  } catch (error) {
    const abort =
      error instanceof BudgetExhausted ? new AuditAbort('budget', error.message, { cause: error }) : error;
    if (abort instanceof AuditAbort) {
      const done = new Set(checks.map((c) => c.id));
      const notRun = selected.filter((c) => !done.has(c.id)).map((c) => c.id);
      const aborted = { reason: abort.reason, message: abort.message, during, notRun };
      abort.report = { target: first.options.target.href, startedAt, aborted, checks };
    }
    throw abort;
  }
  progress.note(`${budget.used} requests sent`);
  return { target: first.options.target.href, startedAt, checks };
}

function resultOf(check: Check, outcome: CheckOutcome): CheckResult {
  return {
    id: check.id,
    title: check.title,
    status: outcome.status,
    severity: outcome.status === 'fail' ? (outcome.severity ?? check.severity) : null,
    wstg: [...check.wstg],
    asvs: [...check.asvs],
    evidence: outcome.evidence,
    fix: check.fix,
  };
}
