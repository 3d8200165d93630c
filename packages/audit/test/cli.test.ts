/**
 * The command as a user runs it: exit codes (0 pass, 1 a check failed, 2 could not run, with the
 * reason), output formats, and the promise that the password goes to the audited origin only.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { carefulApp } from './fixtures/careful-app.js';
import { loginPage } from './fixtures/pages.js';
import { serve, USER } from './fixtures/serve.js';
import type { Served } from './fixtures/serve.js';
import { tutorialApp } from './fixtures/tutorial-app.js';
import { cli } from './helpers/cli.js';

/** A server that must never be contacted: it records anything that reaches it. */
let elsewhere: Served;
const elsewhereHits: string[] = [];
let tutorial: Served;
let careful: Served;
let phishing: Served;
let bouncing: Served;
/** Sign-in on another origin (an identity provider): the login page redirects there. */
let federated: Served;
/** The tutorial app whose logout ends at an identity provider's end-session page. */
let ssoLogout: Served;
/** The tutorial app, whose POST-only logout answers other methods with 405. */
let postOnlyLogout: Served;

beforeAll(async () => {
  const trap = express();
  trap.use(express.urlencoded({ extended: false }), (req, res) => {
    elsewhereHits.push(`${req.method} ${req.url} ${JSON.stringify(req.body)}`);
    res.send('caught');
  });
  elsewhere = await serve(trap);
  tutorial = await serve(tutorialApp());
  careful = await serve(carefulApp());
  const phish = express();
  phish.get('/login', (_req, res) => {
    res.send(loginPage().replace('action="/login"', `action="${elsewhere.url}/login"`));
  });
  phishing = await serve(phish);
  const bounce = express();
  bounce.use(express.urlencoded({ extended: false }));
  bounce.get('/login', (_req, res) => {
    res.send(loginPage());
  });
  bounce.post('/login', (_req, res) => {
    res.redirect(307, `${elsewhere.url}/collect`);
  });
  bounce.get('/account', (_req, res) => {
    res.redirect(303, '/login');
  });
  bouncing = await serve(bounce);
  const idp = express();
  idp.get('/login', (_req, res) => {
    res.redirect(302, `${elsewhere.url}/authorize?client_id=shop`);
  });
  federated = await serve(idp);
  const sso = express();
  sso.post('/logout', (_req, res, next) => {
    const location = res.location.bind(res);
    res.location = () => location(`${elsewhere.url}/end-session`);
    next();
  });
  sso.use(tutorialApp());
  ssoLogout = await serve(sso);
  const postOnly = tutorialApp();
  postOnly.all('/logout', (_req, res) => {
    res.set('Allow', 'POST').sendStatus(405);
  });
  postOnlyLogout = await serve(postOnly);
});

afterAll(() =>
  Promise.all(
    [elsewhere, tutorial, careful, phishing, bouncing, federated, ssoLogout, postOnlyLogout].map((s) =>
      s.close(),
    ),
  ),
);

describe('sesame-session-audit exit codes', () => {
  it('exits 1 when a check fails, with the table and its fixes on stdout and progress on stderr', async () => {
    const run = await cli([tutorial.url, '--only', 'cookie-attributes,csrf']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('FAIL  cookie-attributes');
    expect(run.stdout).toContain('fix: ');
    expect(run.stdout).toContain('2 failed, 0 passed, 0 skipped');
    expect(run.stderr).toContain('[1/2] cookie-attributes');
  }, 30_000);

  it('exits 0 when every check passes', async () => {
    const run = await cli([
      careful.url,
      '-H',
      'X-Forwarded-Proto: https',
      '--only',
      'cookie-attributes,logout,csrf',
      '-q',
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
  }, 30_000);

  it('prints the --json report', async () => {
    const run = await cli([tutorial.url, '--only', 'cache-control', '--json', '-q']);
    const report = JSON.parse(run.stdout) as { target: string; checks: { id: string; status: string }[] };
    expect(report.target).toBe(`${tutorial.url}/`);
    expect(report.checks).toMatchObject([{ id: 'cache-control', status: 'fail' }]);
  }, 30_000);

  it('prints the --sarif report', async () => {
    const run = await cli([tutorial.url, '--only', 'cache-control', '--sarif', '-q']);
    expect((JSON.parse(run.stdout) as { version: string }).version).toBe('2.1.0');
  }, 30_000);

  it('writes the --html report beside the table', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sesame-session-audit-html-'));
    try {
      const file = join(dir, 'report.html');
      const run = await cli([tutorial.url, '--only', 'cache-control,csrf', '--html', file]);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('FAIL  cache-control');
      expect(run.stderr).toContain(`HTML report written to ${file}`);
      const html = readFileSync(file, 'utf8');
      expect(html).toMatch(/^<!doctype html>/);
      expect(html).toContain('<b>2</b>failed');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it('exits 2 when the site is unreachable', async () => {
    const gone = await serve(express());
    await gone.close();
    const run = await cli([gone.url, '--request-timeout', '2s']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/could not run \(unreachable\)/);
  });

  it('exits 2 when the login fails, and says what was answered', async () => {
    let stderr = '';
    const code = await main([tutorial.url, '--username', USER.username, '--password', 'wrong'], {
      stdout: { write: () => undefined },
      stderr: { write: (t: string) => void (stderr += t) },
      env: {},
    });
    expect(code).toBe(2);
    expect(stderr).toMatch(/could not run \(login-failed\): POST \/login answered 401/);
  });

  it('exits 2 when the protected page answers 200 to anyone', async () => {
    const run = await cli([tutorial.url, '--protected-path', '/']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('answers 200 without signing in');
  });

  it('exits 2 when --tokens is below the sample the randomness check needs', async () => {
    const run = await cli([tutorial.url, '--tokens', '3', '--only', 'token-randomness']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--tokens: at least 100 tokens are needed to judge randomness, got 3');
  });

  // A logout path the site does not have is a setup mistake, not a site refusing its logout:
  // skipping logout and csrf over it let CI pass without either check.
  it.each([
    [
      'logout',
      404,
      ['--logout-path', '/signout'],
      'POST /signout → 404: the site has no logout endpoint there',
    ],
    [
      'csrf',
      405,
      ['--logout-method', 'GET'],
      'GET /logout → 405: the site does not accept GET there (Allow: POST)',
    ],
  ])(
    'exits 2 when --only %s meets a logout that answers %i',
    async (check, _status, flags, message) => {
      const run = await cli([postOnlyLogout.url, ...flags, '--only', check, '-q']);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        `could not run (bad-usage): ${message}; set --logout-path and --logout-method to what your logout button sends`,
      );
    },
    30_000,
  );

  // Node's own wording ran over three lines and explained `--` to someone who mistyped a flag.
  it.each([
    [['--nope'], 'unknown option --nope'],
    [['--login-path'], '--login-path needs a value'],
    [['--json=yes'], '--json takes no value'],
    [['-H'], '-H/--header needs a value'],
    [['--password', '-secret'], '--password needs a value; for one that starts with "-" write --password=-…'],
  ])('exits 2 with one line for a parseArgs error: %j', async (flags, message) => {
    const run = await cli(['http://127.0.0.1:1', ...flags]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`sesame-session-audit: could not run (bad-usage): ${message} (see --help)\n`);
  });

  it('exits 2 on bad usage', async () => {
    const run = await cli(['not-a-url']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('see --help');
    expect((await cli(['http://localhost:1', '--only', 'nope'])).stderr).toContain('unknown check nope');
  });
});

describe('the password goes to the audited origin only', () => {
  it('refuses a login form that posts to another origin', async () => {
    const run = await cli([phishing.url]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/off-target.*never sends the password anywhere but/);
    expect(elsewhereHits).toEqual([]);
  });

  it('does not follow a redirect that would repost the form to another origin, and names it', async () => {
    const run = await cli([bouncing.url]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `POST /login answered 307 → ${elsewhere.url}: another origin, not followed (nothing is sent there)`,
    );
    expect(run.stderr).not.toContain('→ /collect');
    expect(elsewhereHits).toEqual([]);
  });

  it('names the identity provider a login page redirects to, and sends it nothing', async () => {
    const run = await cli([federated.url]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `no form with a password field at /login (status 302 → ${elsewhere.url}: another origin, not followed (nothing is sent there))`,
    );
    expect(elsewhereHits).toEqual([]);
  });

  it('names the origin a logout redirects to in the evidence, and sends it nothing', async () => {
    const run = await cli([ssoLogout.url, '--only', 'logout', '--json', '-q']);
    const report = JSON.parse(run.stdout) as { checks: { id: string; evidence: string }[] };
    expect(report.checks[0]?.evidence).toMatch(
      new RegExp(
        `^POST /logout → 302 → ${elsewhere.url}: another origin, not followed \\(nothing is sent there\\)`,
      ),
    );
    expect(elsewhereHits).toEqual([]);
  }, 30_000);
});
