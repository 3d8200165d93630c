/**
 * The `sesame-session-audit` command: parse arguments, run the audit with progress on stderr, print the
 * report on stdout, and return the exit code (0 all pass, 1 a check failed, 2 could not run).
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFile } from 'node:fs/promises';
import type { Command } from './args.js';
import { parseCommand } from './args.js';
import type { AuditReport } from './audit.js';
import { runAudit } from './audit.js';
import { CHECKS } from './checks/index.js';
import { AuditAbort } from './errors.js';
import type { Progress, ProgressStream } from './progress.js';
import { silentProgress, streamProgress } from './progress.js';
import { renderHtml } from './report/html.js';
import { renderJson } from './report/json.js';
import { renderSarif } from './report/sarif.js';
import { renderTable } from './report/table.js';

/** Exit codes (issue 6). */
export const EXIT = { ok: 0, failed: 1, couldNotRun: 2 } as const;

const HELP = `sesame-session-audit: a black-box audit of a site's session handling (OWASP WSTG-SESS, ASVS 5.0)

Usage: sesame-session-audit <url> --username <name> --password <password> [options]

Sign-in (paths are resolved against <url> as a link would be: for https://host/app/,
login is /app/login and /login is /login; the defaults are under <url>'s path)
  --login-path <path>          page with the login form (default login)
  --protected-path <path>      page that answers 200 only when signed in (default account)
  --logout-path <path>         logout endpoint, posted like its form (default logout)
  --logout-method <method>     how the logout is sent: POST (default) or GET, PUT, PATCH, DELETE
  --username-field, --password-field, --csrf-field <name>   when the form cannot tell
  --session-cookie <name>      the session cookie (repeatable; found by experiment otherwise)
  --logout-others-path <path>  "sign out other sessions" endpoint (the check is skipped without it)
  --config <file.json>         other flows (JSON login, extra fields, CSRF target); flags win
  SESAME_AUDIT_PASSWORD        environment variable read when --password is not given

Requests
  -H, --header 'Name: value'   added to every request (repeatable), e.g. 'X-Forwarded-Proto: https'
                               (which also makes Origin and Referer https://)
  --origin <https://host>      the origin browsers see, for Origin and Referer (behind a proxy)
  --ca <file.pem>              trust this CA for an https target (a private or test CA)
  --idle-wait <duration>       opt-in idle-timeout check: wait this long, e.g. 31m
  --tokens <n>                 tokens collected for the randomness check (default 300, at least 100)
  --max-requests <n>           request budget (default 3000)
  --time-limit <duration>      wall-time budget, idle wait excluded (default 10m)
  --request-timeout <duration> per request (default 10s)
  --only <id,...>              run only these checks: ${CHECKS.map((c) => c.id).join(', ')}

Output
  --json | --sarif             machine-readable report on stdout (default: a table)
  --html <file>                also write a self-contained HTML report to <file>
  -q, --quiet                  no progress on stderr

Exit codes: 0 every check passed or was skipped, 1 a check failed, 2 the audit could not run
or stopped part-way (the checks that finished are still reported, and why it stopped).
It only talks to the origin of <url>, follows no redirect elsewhere (and names the origin it
pointed to), and sends the password to that origin only. Paths that answer 301/308 (Django's
APPEND_SLASH) are followed.
`;

/** Where the CLI writes. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: ProgressStream;
  env: NodeJS.ProcessEnv;
}

// This file's path: `__filename` in the CommonJS build, else from `import.meta.url` (a file URL
// built from a path by hand, as a CommonJS shim would, breaks on `#` or `%` in the path).
const HERE = typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url);

function version(): string {
  // dist/ or src/ sits beside package.json.
  const pkg = JSON.parse(readFileSync(join(dirname(HERE), '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/**
 * Print the report in the chosen format and write the `--html` file. A stopped run with no
 * finished check prints no table (the reason goes to stderr), but always a `--json`/`--sarif`
 * document, so a pipeline reading stdout gets one.
 */
async function publish(
  report: AuditReport,
  command: Extract<Command, { kind: 'run' }>,
  io: CliIo,
  progress: Progress,
): Promise<void> {
  if (command.format === 'json') io.stdout.write(renderJson(report));
  else if (command.format === 'sarif') io.stdout.write(renderSarif(report, version()));
  else if (report.aborted === undefined || report.checks.length > 0) io.stdout.write(renderTable(report));
  if (command.htmlPath === null) return;
  try {
    await writeFile(command.htmlPath, renderHtml(report, version()));
  } catch (error) {
    throw new AuditAbort(
      'bad-usage',
      `--html: cannot write ${command.htmlPath}: ${(error as Error).message}`,
    );
  }
  progress.note(`HTML report written to ${command.htmlPath}`);
}

/**
 * Run the CLI and return its exit code.
 *
 * @example
 * process.exitCode = await main(process.argv.slice(2));
 */
export async function main(argv: readonly string[], io: CliIo = process): Promise<number> {
  try {
    const command = await parseCommand(argv, io.env);
    if (command.kind === 'help') {
      io.stdout.write(HELP);
      return EXIT.ok;
    }
    if (command.kind === 'version') {
      io.stdout.write(`${version()}\n`);
      return EXIT.ok;
    }
    const unknown = (command.options.only ?? []).filter((id) => !CHECKS.some((c) => c.id === id));
    if (unknown.length > 0) throw new AuditAbort('bad-usage', `--only: unknown check ${unknown.join(', ')}`);
    const progress = command.quiet ? silentProgress : streamProgress(io.stderr);
    const { report, stopped } = await runAudit(command.options, { progress }).then(
      (done) => ({ report: done, stopped: null }),
      (error: unknown) => {
        // A run that stopped part-way still reports what it had found (and exits 2).
        if (error instanceof AuditAbort && error.report !== undefined)
          return { report: error.report, stopped: error };
        throw error;
      },
    );
    try {
      await publish(report, command, io, progress);
    } finally {
      if (stopped !== null) couldNotRun(io, stopped);
    }
    if (stopped !== null) return EXIT.couldNotRun;
    return report.checks.some((c) => c.status === 'fail') ? EXIT.failed : EXIT.ok;
  } catch (error) {
    if (error instanceof AuditAbort) {
      couldNotRun(io, error);
      return EXIT.couldNotRun;
    }
    throw error;
  }
}

function couldNotRun(io: CliIo, error: AuditAbort): void {
  const hint = error.reason === 'bad-usage' ? ' (see --help)' : '';
  io.stderr.write(`sesame-session-audit: could not run (${error.reason}): ${error.message}${hint}\n`);
}
