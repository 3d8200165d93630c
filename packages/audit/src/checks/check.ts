/**
 * The shape of a check: one file per check under `checks/`, each naming the OWASP WSTG test and
 * the ASVS 5.0 requirements it verifies, and the one-line fix shown with a failure.
 *
 * @module
 */
import type { AuditContext } from '../context.js';

/** A check's verdict. */
export type CheckStatus = 'pass' | 'fail' | 'skip';

/**
 * How much a failure matters: `high` gives an attacker a session or an action in it (fixation,
 * CSRF on a real action, a token still signed in after logout), `medium` widens the ways one can
 * be stolen or misused (a forged logout, a session kept anonymous), `low` is defence in depth.
 */
export type Severity = 'high' | 'medium' | 'low';

/** What a check's `run` returns. */
export interface CheckOutcome {
  status: CheckStatus;
  /** What was observed, in a form a person can verify by hand. */
  evidence: string;
  /** A failure's severity when it differs from the check's own. */
  severity?: Severity;
}

/** One line of the report (the `--json` shape of issue 6, plus the severity of a failure). */
export interface CheckResult {
  id: string;
  title: string;
  status: CheckStatus;
  /** Set for a failure, `null` otherwise. */
  severity: Severity | null;
  wstg: string[];
  asvs: string[];
  evidence: string;
  fix: string;
}

/** A black-box check. */
export interface Check {
  /** Stable kebab-case id (`cookie-attributes`), used by `--only` and as the SARIF rule id. */
  id: string;
  title: string;
  /** OWASP Web Security Testing Guide ids, e.g. `WSTG-SESS-02`. */
  wstg: readonly string[];
  /** ASVS 5.0 requirement ids, e.g. `3.3.1`. */
  asvs: readonly string[];
  /** What to change when it fails, in one line. */
  fix: string;
  /** Severity of a failure (an outcome may say otherwise). */
  severity: Severity;
  run(ctx: AuditContext): Promise<CheckOutcome>;
}

/** A passing outcome. */
export const pass = (evidence: string): CheckOutcome => ({ status: 'pass', evidence });
/** A failing outcome. */
export const fail = (evidence: string, severity?: Severity): CheckOutcome =>
  severity === undefined ? { status: 'fail', evidence } : { status: 'fail', evidence, severity };
/** A check that did not apply or could not run, with the reason. */
export const skip = (evidence: string): CheckOutcome => ({ status: 'skip', evidence });

/** Outcome from a list of findings: fail with them, or pass with `okEvidence`. */
export function judge(findings: readonly string[], okEvidence: string): CheckOutcome {
  return findings.length > 0 ? fail(findings.join('; ')) : pass(okEvidence);
}
