/**
 * The ways an audit can stop before it judges anything. Each maps to exit code 2 with a reason a
 * person can act on ("login failed: …", "unreachable: …"); a failing check is never an error.
 *
 * @module
 */
import type { AuditReport } from './audit.js';

/** Why the audit could not run. */
export type AbortReason = 'unreachable' | 'login-failed' | 'bad-usage' | 'off-target' | 'budget';

/**
 * Stops the whole audit (exit code 2).
 *
 * @example
 * throw new AuditAbort('login-failed', 'POST /login answered 401');
 */
export class AuditAbort extends Error {
  override readonly name = 'AuditAbort';
  /**
   * What the run had found when it stopped (its `aborted` says why), once it had reached the
   * site: the checks that finished are still reported. Unset for bad usage caught before the run.
   */
  report?: AuditReport;
  constructor(
    readonly reason: AbortReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The request count or wall-time budget is spent: the running check is skipped, and so is every
 * check after it. This is the "bounded in count and time" promise of issue 6.
 */
export class BudgetExhausted extends Error {
  override readonly name = 'BudgetExhausted';
}

/** A request toward another origin was about to be sent, or a redirect pointed there: refused. */
export class OffTargetError extends Error {
  override readonly name = 'OffTargetError';
}
