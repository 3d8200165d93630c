/**
 * sesame-session-audit: a black-box audit of any site's session handling, following the OWASP Web
 * Security Testing Guide (WSTG-SESS) and mapping each check to ASVS 5.0. Use the `sesame-session-audit`
 * command, or run it from code:
 *
 * @example
 * import { parseCommand, renderTable, runAudit } from 'sesame-session-audit';
 * const command = await parseCommand(['http://localhost:3000', '--username', 'alice'], process.env);
 * if (command.kind === 'run') process.stdout.write(renderTable(await runAudit(command.options)));
 *
 * @module
 */
export type { AuditReport, AuditStop, RunOptions } from './audit.js';
export { runAudit } from './audit.js';
export type { Command, OutputFormat } from './args.js';
export { parseCommand } from './args.js';
export type { Check, CheckOutcome, CheckResult, CheckStatus } from './checks/index.js';
export { CHECKS } from './checks/index.js';
export { EXIT, main } from './cli.js';
export type { AbortReason } from './errors.js';
export { AuditAbort } from './errors.js';
export { parseTarget } from './http/target.js';
export type { AuditOptions, Endpoint } from './options.js';
export { DEFAULTS } from './options.js';
export type { Progress } from './progress.js';
export { silentProgress, streamProgress } from './progress.js';
export { renderJson } from './report/json.js';
export { renderSarif } from './report/sarif.js';
export { renderTable } from './report/table.js';
