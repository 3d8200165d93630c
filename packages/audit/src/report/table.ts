/**
 * The human report: one block per check (status, id, title, standards, evidence) and, for each
 * failure, the one-line fix.
 *
 * @module
 */
import type { AuditReport } from '../audit.js';
import type { CheckResult } from '../checks/index.js';

const WIDTH = 100;
const INDENT = '        ';

function wrap(text: string, indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && indent.length + line.length + 1 + word.length > WIDTH) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(indent + line);
  return lines.join('\n');
}

function block(check: CheckResult, idWidth: number): string {
  // An informational check names no ASVS requirement: no empty "ASVS" label then.
  const asvs = check.asvs.length === 0 ? [] : [`ASVS ${check.asvs.join(' ')}`];
  const standards = [check.wstg.join(' '), ...asvs].join(' · ');
  const head = `  ${check.status.toUpperCase().padEnd(4)}  ${check.id.padEnd(idWidth)}  ${check.title} (${standards})`;
  const lines = [head, wrap(check.evidence, INDENT)];
  if (check.severity !== null) lines.push(wrap(`severity: ${check.severity}; fix: ${check.fix}`, INDENT));
  return lines.join('\n');
}

/**
 * Why and where a run stopped part-way, or `null` for a complete run: `stopped during csrf
 * (unreachable): …; not run: csrf, login-csrf`.
 */
export function stopLine(report: AuditReport): string | null {
  const stop = report.aborted;
  if (stop === undefined) return null;
  const where = stop.during === null ? 'before the checks' : `during ${stop.during}`;
  const notRun = stop.notRun.length === 0 ? '' : `; not run: ${stop.notRun.join(', ')}`;
  return `audit stopped ${where} (${stop.reason}): ${stop.message}${notRun}`;
}

/** Counts by status, e.g. `2 failed, 6 passed, 2 skipped`. */
export function summaryLine(report: AuditReport): string {
  const count = (status: CheckResult['status']): number =>
    report.checks.filter((c) => c.status === status).length;
  return `${count('fail')} failed, ${count('pass')} passed, ${count('skip')} skipped`;
}

/**
 * Render the report for a terminal.
 *
 * @example
 * process.stdout.write(renderTable(report));
 */
export function renderTable(report: AuditReport): string {
  const idWidth = Math.max(...report.checks.map((c) => c.id.length), 0);
  const blocks = report.checks.map((check) => block(check, idWidth));
  const stop = stopLine(report);
  return [
    `sesame-session-audit ${report.target} (started ${report.startedAt})`,
    '',
    ...blocks,
    ...(stop === null ? [] : ['', wrap(stop, '  ')]),
    '',
    summaryLine(report),
    '',
  ].join('\n');
}
