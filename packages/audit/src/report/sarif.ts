/**
 * The `--sarif` report (SARIF 2.1.0, OASIS) for code-scanning dashboards: one rule per check,
 * one result per check (a failure's level follows its severity: high `error`, medium `warning`,
 * low `note`; `pass` and `notApplicable` kinds otherwise), the audited URL as the location.
 * `security-severity` is the property GitHub code scanning ranks alerts by.
 *
 * @module
 */
import type { AuditReport } from '../audit.js';
import type { CheckResult, Severity } from '../checks/index.js';
import { stopLine } from './table.js';

const LEVEL: Record<Severity, string> = { high: 'error', medium: 'warning', low: 'note' };
const SECURITY_SEVERITY: Record<Severity, string> = { high: '8.0', medium: '5.5', low: '3.0' };

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const WSTG_URI = 'https://owasp.org/www-project-web-security-testing-guide/';

function rule(check: CheckResult): object {
  return {
    id: check.id,
    name: check.title,
    shortDescription: { text: check.title },
    help: { text: check.fix },
    helpUri: WSTG_URI,
    properties: {
      tags: ['security', ...check.wstg, ...check.asvs.map((id) => `ASVS-${id}`)],
      ...(check.severity === null ? {} : { 'security-severity': SECURITY_SEVERITY[check.severity] }),
    },
  };
}

function result(check: CheckResult, index: number, target: string): object {
  const kind = check.status === 'fail' ? 'fail' : check.status === 'pass' ? 'pass' : 'notApplicable';
  return {
    ruleId: check.id,
    ruleIndex: index,
    kind,
    level: check.severity === null ? 'none' : LEVEL[check.severity],
    message: { text: check.status === 'fail' ? `${check.evidence}. Fix: ${check.fix}` : check.evidence },
    locations: [{ physicalLocation: { artifactLocation: { uri: target } } }],
  };
}

/** The run's invocation: a stopped run is not `executionSuccessful`, and a notification says why. */
function invocation(report: AuditReport): object {
  const stop = stopLine(report);
  if (stop === null) return { executionSuccessful: true, startTimeUtc: report.startedAt };
  return {
    executionSuccessful: false,
    startTimeUtc: report.startedAt,
    toolExecutionNotifications: [{ level: 'error', message: { text: stop } }],
  };
}

/**
 * Render the report as SARIF 2.1.0.
 *
 * @example
 * JSON.parse(renderSarif(report, '0.1.0')).version; // '2.1.0'
 */
export function renderSarif(report: AuditReport, toolVersion: string): string {
  const sarif = {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'sesame-session-audit',
            version: toolVersion,
            informationUri: WSTG_URI,
            rules: report.checks.map(rule),
          },
        },
        invocations: [invocation(report)],
        results: report.checks.map((check, index) => result(check, index, report.target)),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
