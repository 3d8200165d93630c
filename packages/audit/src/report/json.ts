/**
 * The `--json` report, exactly `{ target, startedAt, checks: [{ id, title, status, severity,
 * wstg, asvs, evidence, fix }] }` (issue 6; `severity` of a failure since issue 14, else `null`),
 * with keys in that order; a run that stopped part-way adds `aborted: { reason, message, during,
 * notRun }` after `startedAt`, and `checks` holds the checks that finished.
 *
 * @module
 */
import type { AuditReport } from '../audit.js';

/**
 * Render the report as JSON.
 *
 * @example
 * JSON.parse(renderJson(report)).checks[0].status; // 'pass'
 */
export function renderJson(report: AuditReport): string {
  const shaped = {
    target: report.target,
    startedAt: report.startedAt,
    ...(report.aborted === undefined ? {} : { aborted: report.aborted }),
    checks: report.checks.map(({ id, title, status, severity, wstg, asvs, evidence, fix }) => ({
      id,
      title,
      status,
      severity,
      wstg,
      asvs,
      evidence,
      fix,
    })),
  };
  return `${JSON.stringify(shaped, null, 2)}\n`;
}
