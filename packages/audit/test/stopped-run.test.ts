/**
 * A site that goes down part-way through the audit: the checks that finished are still reported
 * (table, `--json`, `--sarif`), with why and where the run stopped, and the exit code stays 2.
 */
import express from 'express';
import { afterAll, describe, expect, it } from 'vitest';
import type { AuditReport } from '../src/audit.js';
import { FOREIGN_ORIGIN } from '../src/checks/csrf.js';
import { serve } from './fixtures/serve.js';
import type { Served } from './fixtures/serve.js';
import { tutorialApp } from './fixtures/tutorial-app.js';
import { cli } from './helpers/cli.js';

const running: Served[] = [];
afterAll(() => Promise.all(running.map((s) => s.close())));

/** The tutorial app, whose server goes away (connection reset, then refused) at the first forged request. */
async function siteThatDiesOnCsrf(): Promise<string> {
  const app = express();
  const site: { served?: Served } = {};
  app.use((req, _res, next) => {
    if (req.get('origin') !== FOREIGN_ORIGIN) return next();
    req.socket.destroy();
    void site.served?.close();
  });
  app.use(tutorialApp());
  site.served = await serve(app);
  running.push(site.served);
  return site.served.url;
}

const ONLY = ['--only', 'cookie-attributes,cache-control,csrf,login-csrf'];

describe('a run that stops part-way', () => {
  it('prints a --json document with the finished checks and why it stopped, and exits 2', async () => {
    const run = await cli([await siteThatDiesOnCsrf(), ...ONLY, '--json', '-q']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^sesame-session-audit: could not run \(unreachable\): POST http/);
    const report = JSON.parse(run.stdout) as Required<AuditReport>;
    expect(Object.keys(report)).toEqual(['target', 'startedAt', 'aborted', 'checks']);
    expect(report.checks.map((c) => [c.id, c.status])).toEqual([
      ['cookie-attributes', 'fail'],
      ['cache-control', 'fail'],
    ]);
    expect(report.aborted).toMatchObject({
      reason: 'unreachable',
      during: 'csrf',
      notRun: ['csrf', 'login-csrf'],
    });
    expect(report.aborted.message).toMatch(/^POST http:\/\/127\.0\.0\.1:\d+\/logout: /);
  }, 30_000);

  it('prints the table of the finished checks with a line saying where it stopped', async () => {
    const run = await cli([await siteThatDiesOnCsrf(), ...ONLY, '-q']);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('FAIL  cookie-attributes');
    expect(run.stdout).toContain('FAIL  cache-control');
    expect(run.stdout).toMatch(
      /audit stopped during csrf \(unreachable\): POST http:\/\/127\.0\.0\.1:\d+\/logout/,
    );
    expect(run.stdout).toContain('not run: csrf, login-csrf');
    expect(run.stdout).toContain('2 failed, 0 passed, 0 skipped');
  }, 30_000);

  it('marks the --sarif run as not successful, with the reason', async () => {
    const run = await cli([await siteThatDiesOnCsrf(), ...ONLY, '--sarif', '-q']);
    expect(run.code).toBe(2);
    const sarif = JSON.parse(run.stdout) as {
      runs: {
        invocations: {
          executionSuccessful: boolean;
          toolExecutionNotifications: { message: { text: string } }[];
        }[];
        results: unknown[];
      }[];
    };
    const [only] = sarif.runs;
    expect(only?.results).toHaveLength(2);
    expect(only?.invocations[0]?.executionSuccessful).toBe(false);
    expect(only?.invocations[0]?.toolExecutionNotifications[0]?.message.text).toMatch(
      /^audit stopped during csrf \(unreachable\)/,
    );
  }, 30_000);

  it('prints a --json document even when the site cannot be reached at all', async () => {
    const gone = await serve(express());
    await gone.close();
    const run = await cli([gone.url, '--request-timeout', '2s', '--only', 'csrf', '--json']);
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as Required<AuditReport>;
    expect(report.checks).toEqual([]);
    expect(report.aborted).toMatchObject({ reason: 'unreachable', during: null, notRun: ['csrf'] });
  });
});
