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
import { AuditAbort, BudgetExhausted, OffTargetError } from './errors.js';
import { RequestBudget } from './http/budget.js';
import { HttpClient } from './http/client.js';
import { shortUrl } from './http/target.js';
import type { AuditOptions } from './options.js';
import { DEFAULTS } from './options.js';
import type { Progress } from './progress.js';
import { silentProgress } from './progress.js';
import { describeFailedLogin } from './site/login.js';
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
  if (!signedIn) {
    throw new AuditAbort(
      'login-failed',
      `${describeFailedLogin(attempt)}, and ${options.protectedPath} still refuses the session; check --username/--password, --login-path and --protected-path`,
    );
  }
  const sessionCookies = await findSessionCookies(ctx, agent);
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
    // A site that stops answering ends the audit; anything else ends only this check.
    if (error instanceof AuditAbort && error.reason === 'unreachable') throw error;
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
    budget,
    headers: options.headers,
    requestTimeoutMs: options.requestTimeoutMs,
    maxBodyBytes: DEFAULTS.maxBodyBytes,
  });
  const ctx = new AuditContext(options, client, progress);
  try {
    ctx.site = await setUp(ctx);
  } catch (error) {
    if (error instanceof BudgetExhausted) throw new AuditAbort('budget', error.message, { cause: error });
    throw error;
  }
  const selected = (run.checks ?? CHECKS).filter((c) => options.only === null || options.only.includes(c.id));
  const checks: CheckResult[] = [];
  for (const [index, check] of selected.entries()) {
    progress.check(index + 1, selected.length, check.id, check.title);
    const outcome = await runOne(ctx, check);
    checks.push({
      id: check.id,
      title: check.title,
      status: outcome.status,
      wstg: [...check.wstg],
      asvs: [...check.asvs],
      evidence: outcome.evidence,
      fix: check.fix,
    });
  }
  progress.note(`${budget.used} requests sent`);
  return { target: options.target.href, startedAt, checks };
}
