/**
 * The `--json` report, exactly `{ target, startedAt, checks: [{ id, title, status, severity,
 * wstg, asvs, evidence, fix }] }` (issue 6; `severity` of a failure since issue 14, else `null`),
 * with keys in that order.
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
