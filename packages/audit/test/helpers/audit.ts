/**
 * Run the audit the way the CLI would (arguments through `parseCommand`), for tests.
 *
 * @module
 */
import { parseCommand } from '../../src/args.js';
import type { AuditReport } from '../../src/audit.js';
import { runAudit } from '../../src/audit.js';
import type { CheckStatus } from '../../src/checks/index.js';
import { USER } from '../fixtures/serve.js';

/** Audit `url` (as alice unless told otherwise), with extra CLI arguments. */
export async function auditOf(
  url: string,
  extra: readonly string[] = [],
  user: { username: string; password: string } = USER,
): Promise<AuditReport> {
  const argv = [url, '--username', user.username, `--password=${user.password}`, '-q', ...extra];
  const command = await parseCommand(argv, {});
  if (command.kind !== 'run') throw new Error('expected a run command');
  return runAudit(command.options);
}

/** `{ checkId: status }` of a report. */
export function statuses(report: AuditReport): Record<string, CheckStatus> {
  return Object.fromEntries(report.checks.map((c) => [c.id, c.status]));
}

/** The evidence of one check. */
export function evidence(report: AuditReport, id: string): string {
  return report.checks.find((c) => c.id === id)?.evidence ?? `(no check ${id})`;
}
