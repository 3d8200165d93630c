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
  const standards = `${check.wstg.join(' ')} · ASVS ${check.asvs.join(' ')}`;
  const head = `  ${check.status.toUpperCase().padEnd(4)}  ${check.id.padEnd(idWidth)}  ${check.title} (${standards})`;
  const lines = [head, wrap(check.evidence, INDENT)];
  if (check.severity !== null) lines.push(wrap(`severity: ${check.severity}; fix: ${check.fix}`, INDENT));
  return lines.join('\n');
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
  return [
    `sesame-session-audit ${report.target} (started ${report.startedAt})`,
    '',
    ...blocks,
    '',
    summaryLine(report),
    '',
  ].join('\n');
}
