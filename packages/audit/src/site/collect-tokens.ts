/**
 * Collect many session tokens for the randomness check, with bounded loops: at most `count`
 * tokens, within `timeLimitMs`, stopping after a few answers in a row without a token (rate
 * limiting, lockout). Many sites only issue a session cookie on a form page or at sign-in: the
 * login page is used when it issues one (cheap, anonymous), else one sign-in per token.
 *
 * @module
 */
import type { AuditContext, Token } from '../context.js';

/** How tokens were obtained. */
export type CollectMode = 'login page (anonymous sessions)' | 'sign-in';

/** Collected token strings. */
export interface Collected {
  tokens: string[];
  mode: CollectMode;
  /** Why collection stopped before `count`, if it did. */
  stoppedBecause: string | null;
}

const MAX_MISSES_IN_A_ROW = 5;

/** The session cookie values of one token, joined in a stable order. */
export function tokenString(token: Token): string {
  return Object.keys(token)
    .sort()
    .map((name) => token[name])
    .join('.');
}

/**
 * Collect up to `count` tokens.
 *
 * @example
 * const { tokens } = await collectTokens(ctx, 300, 120_000);
 */
export async function collectTokens(
  ctx: AuditContext,
  count: number,
  timeLimitMs: number,
): Promise<Collected> {
  const mode: CollectMode = ctx.site.preLoginToken ? 'login page (anonymous sessions)' : 'sign-in';
  const deadlineMs = Date.now() + timeLimitMs;
  const tokens: string[] = [];
  let misses = 0;
  let stoppedBecause: string | null = null;
  // Keep requests for the checks that run after this one.
  const reserve = 50;
  while (tokens.length < count) {
    if (Date.now() >= deadlineMs) {
      stoppedBecause = `time limit of ${Math.round(timeLimitMs / 1000)}s reached`;
      break;
    }
    if (ctx.client.options.budget.remaining <= reserve) {
      stoppedBecause = 'request budget nearly spent';
      break;
    }
    const agent = ctx.newAgent();
    if (mode === 'sign-in') await ctx.login(agent);
    else await agent.navigate('GET', ctx.options.loginPath, { headers: { 'sec-fetch-site': 'none' } });
    const token = ctx.tokenOf(agent);
    if (token === null) {
      misses += 1;
      if (misses >= MAX_MISSES_IN_A_ROW) {
        stoppedBecause = `${MAX_MISSES_IN_A_ROW} answers in a row without a session cookie`;
        break;
      }
      continue;
    }
    misses = 0;
    tokens.push(tokenString(token));
    ctx.progress.count('tokens collected', tokens.length, count);
  }
  return { tokens, mode, stoppedBecause };
}
