/**
 * One weakness each: every weak variant must fail exactly the check for its weakness and pass
 * the others (issue 6). The careful app with one safeguard turned off, and an app whose token is
 * a timestamp and a counter.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CheckStatus } from '../src/checks/index.js';
import { carefulApp } from './fixtures/careful-app.js';
import type { Weakness } from './fixtures/careful-app.js';
import { predictableTokenApp } from './fixtures/predictable-token-app.js';
import { serve } from './fixtures/serve.js';
import type { Served } from './fixtures/serve.js';
import { auditOf, evidence, statuses } from './helpers/audit.js';

const STRONG: Record<string, CheckStatus> = {
  'cookie-attributes': 'pass',
  'token-exposure': 'pass',
  'cache-control': 'pass',
  fixation: 'pass',
  logout: 'pass',
  'logout-others': 'pass',
  csrf: 'pass',
  'login-csrf': 'pass',
  'device-bound-sessions': 'skip',
  'other-cookies': 'pass',
  'signing-secret': 'pass',
  'token-randomness': 'pass',
  'idle-timeout': 'skip',
};

const CASES: [Weakness, string, RegExp][] = [
  ['cookie-flags', 'cookie-attributes', /sid: no __Host- .*Secure missing, SameSite missing/],
  ['token-in-url', 'token-exposure', /token in the redirect URL of POST \/login/],
  ['cacheable', 'cache-control', /Cache-Control: \(none\)/],
  ['fixation', 'fixation', /pre-login token is signed in as the victim/],
  ['logout-keeps-session', 'logout', /old token is still signed in when replayed/],
  [
    'logout-keeps-cookie',
    'logout',
    /^POST \/logout → 303, then GET \/ → 200: the logout response did not expire __Host-sid in the browser; the old token no longer signs anyone in$/,
  ],
  ['logout-others-broken', 'logout-others', /other session is still signed in/],
  ['no-csrf', 'csrf', /foreign Origin: accepted/],
  [
    'csrf-token-unbound',
    'csrf',
    /^POST \/logout: another session's token \(no Origin, no Sec-Fetch-Site\): accepted \(303, then GET \/ → 200\); the logout stands in for the site's other forms/,
  ],
  ['no-idle-timeout', 'idle-timeout', /still signed in after 1s/],
];

const running: Served[] = [];
const dir = mkdtempSync(join(tmpdir(), 'sesame-session-audit-weak-'));
/** A forged POST to a real action, not the logout: it is done in the victim's name. */
const CSRF_TARGET = join(dir, 'csrf-target.json');
writeFileSync(CSRF_TARGET, JSON.stringify({ csrfTarget: { path: '/account/sessions/revoke-others' } }));
afterAll(async () => {
  await Promise.all(running.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

describe('one weakness each', () => {
  it.each(CASES)(
    '%s fails only %s',
    async (weakness, failing, why) => {
      const site = await serve(carefulApp({ weakness }));
      running.push(site);
      const extra = weakness === 'no-idle-timeout' ? ['--idle-wait', '1s'] : [];
      const report = await auditOf(site.url, [
        '-H',
        'X-Forwarded-Proto: https',
        '--logout-others-path',
        '/account/sessions/revoke-others',
        ...extra,
      ]);
      expect(statuses(report)).toEqual({
        ...STRONG,
        ...(extra.length > 0 ? { 'idle-timeout': 'pass' } : {}),
        [failing]: 'fail',
        // The one CSRF defence of the careful app guards the sign-in form too.
        ...(weakness === 'no-csrf' ? { 'login-csrf': 'fail' } : {}),
      });
      expect(evidence(report, failing)).toMatch(why);
    },
    60_000,
  );

  it.each([
    ['logout-keeps-session', 'logout', 'high'],
    ['logout-keeps-cookie', 'logout', 'low'],
    ['no-csrf', 'csrf', 'medium'],
  ] as const)(
    '%s fails %s as %s',
    async (weakness, failing, severity) => {
      const site = await serve(carefulApp({ weakness }));
      running.push(site);
      const report = await auditOf(site.url, ['-H', 'X-Forwarded-Proto: https', '--only', failing]);
      expect(report.checks).toMatchObject([{ id: failing, status: 'fail', severity }]);
    },
    30_000,
  );

  it('no-csrf fails csrf as high when the forged POST is a real action (csrfTarget)', async () => {
    const site = await serve(carefulApp({ weakness: 'no-csrf' }));
    running.push(site);
    const report = await auditOf(site.url, [
      '-H',
      'X-Forwarded-Proto: https',
      '--only',
      'csrf',
      '--config',
      CSRF_TARGET,
    ]);
    expect(report.checks).toMatchObject([{ id: 'csrf', status: 'fail', severity: 'high' }]);
    expect(evidence(report, 'csrf')).not.toContain('stands in');
  }, 30_000);

  it('a timestamp-and-counter token fails only token-randomness, though it is 160 bits long', async () => {
    const site = await serve(predictableTokenApp());
    running.push(site);
    const report = await auditOf(site.url);
    expect(statuses(report)).toEqual({
      ...STRONG,
      'logout-others': 'skip',
      'signing-secret': 'skip',
      'token-randomness': 'fail',
    });
    expect(evidence(report, 'token-randomness')).toMatch(/estimated entropy [\d.]+ bits is below 128/);
    expect(evidence(report, 'token-randomness')).toContain('40 × hex');
  }, 60_000);
});
