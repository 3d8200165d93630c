/**
 * The tutorial's original app (issue 6): express-session defaults, the README's hard-coded
 * secret, `secure: false`, no new session at sign-in, no CSRF, logout that only forgets the user.
 * Each weakness must be flagged by its own check.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditReport } from '../src/audit.js';
import { serve } from './fixtures/serve.js';
import type { Served } from './fixtures/serve.js';
import { tutorialApp } from './fixtures/tutorial-app.js';
import { auditOf, evidence, statuses } from './helpers/audit.js';

let site: Served;
let report: AuditReport;

beforeAll(async () => {
  site = await serve(tutorialApp());
  report = await auditOf(site.url);
}, 60_000);

afterAll(() => site.close());

describe('the tutorial app', () => {
  it('fails exactly the checks for its weaknesses', () => {
    expect(statuses(report)).toEqual({
      'cookie-attributes': 'fail',
      'token-exposure': 'pass',
      'cache-control': 'fail',
      fixation: 'fail',
      logout: 'fail',
      'logout-others': 'skip',
      csrf: 'fail',
      // No CSRF defence anywhere, the sign-in form included.
      'login-csrf': 'fail',
      'device-bound-sessions': 'skip',
      'other-cookies': 'pass',
      'signing-secret': 'fail',
      'token-randomness': 'pass',
      'idle-timeout': 'skip',
    });
  });

  it('flags secure: false, the missing prefix and SameSite on connect.sid', () => {
    const text = evidence(report, 'cookie-attributes');
    expect(text).toContain('connect.sid');
    expect(text).toContain('Secure missing');
    expect(text).toContain('no __Host-');
    expect(text).toContain('SameSite missing');
    expect(text).not.toContain('HttpOnly missing');
  });

  it('flags the hard-coded secret by name', () => {
    expect(evidence(report, 'signing-secret')).toContain('"keyboard cat"');
  });

  it('flags the missing regenerate: the pre-login token is signed in', () => {
    expect(evidence(report, 'fixation')).toContain("the attacker's pre-login token is signed in");
  });

  it('flags a logout that keeps the server-side session and leaves the cookie', () => {
    const text = evidence(report, 'logout');
    expect(text).toContain('did not expire connect.sid');
    expect(text).toContain('server still holds a session for the old token');
  });

  it('rates that logout medium: the old token no longer signs anyone in', () => {
    const logout = report.checks.find((c) => c.id === 'logout');
    expect(logout?.evidence).toContain('the old token no longer signs anyone in');
    expect(logout?.severity).toBe('medium');
  });

  it('flags every forged request as accepted', () => {
    const text = evidence(report, 'csrf');
    expect(text).toContain('foreign Origin: accepted');
    expect(text).toContain('Origin: null: accepted');
    expect(text).toContain('no token: accepted');
  });

  it("rates a forged logout medium and says it stands in for the site's other forms", () => {
    const csrf = report.checks.find((c) => c.id === 'csrf');
    expect(csrf?.evidence).toContain(
      "the logout stands in for the site's other forms, which the audit cannot see: a site that accepts a cross-site POST here likely accepts it on them too",
    );
    expect(csrf?.severity).toBe('medium');
  });

  it('gives a one-line fix with every finding', () => {
    for (const check of report.checks) {
      expect(check.fix).not.toContain('\n');
      expect(check.wstg.length).toBeGreaterThan(0);
      // Every finding names the ASVS requirement it breaks; an informational check that can only
      // pass or skip (device-bound-sessions: no ASVS 5.0 requirement asks for DBSC) names none.
      if (check.status === 'fail') expect(check.asvs.length).toBeGreaterThan(0);
    }
    expect(report.checks.filter((check) => check.status === 'fail').length).toBeGreaterThan(0);
  });
});
