/**
 * The real target: the Sesame demo (apps/demo), started as `npm start` would start it, audited
 * from outside. Every check must pass, or skip for the reason stated here: zero false findings.
 */
import { describe, expect, it } from 'vitest';
import { demoExists, startDemo } from '../scripts/demo-app.js';
import { auditOf, evidence, statuses } from './helpers/audit.js';

describe.skipIf(!demoExists())('the Sesame demo app', () => {
  it('passes every check; skips signing-secret (opaque token) and idle-timeout (opt-in)', async () => {
    const demo = await startDemo();
    try {
      const report = await auditOf(
        demo.url,
        ['--logout-others-path', '/account/sessions/revoke-others'],
        demo,
      );
      expect(statuses(report)).toEqual({
        'cookie-attributes': 'pass',
        'token-exposure': 'pass',
        'cache-control': 'pass',
        fixation: 'pass',
        logout: 'pass',
        'logout-others': 'pass',
        csrf: 'pass',
        'login-csrf': 'pass',
        'device-bound-sessions': 'pass',
        'other-cookies': 'pass',
        'signing-secret': 'skip',
        'token-randomness': 'pass',
        'idle-timeout': 'skip',
      });
      expect(evidence(report, 'cookie-attributes')).toContain(
        '__Host-sid: HttpOnly; Secure; SameSite=Lax; Path=/; no Domain',
      );
      expect(evidence(report, 'signing-secret')).toContain('opaque');
      expect(evidence(report, 'csrf')).toContain(
        "another session's token (no Origin, no Sec-Fetch-Site): refused (403)",
      );
      expect(evidence(report, 'idle-timeout')).toContain('opt-in');
      expect(evidence(report, 'device-bound-sessions')).toContain(
        'algorithms ES256 RS256, registration path /.sesame/dbsc/register',
      );
      expect(evidence(report, 'token-randomness')).toContain(
        '22 × base64url . 43 × base64url; 384 bits vary',
      );
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- demo output ---\n${demo.output()}`, { cause: error });
    } finally {
      await demo.stop();
    }
  }, 180_000);

  it('refuses a token left idle longer than SESSION_IDLE_TIMEOUT', async () => {
    const demo = await startDemo({ SESSION_IDLE_TIMEOUT: '2s' });
    try {
      const report = await auditOf(demo.url, ['--only', 'idle-timeout', '--idle-wait', '3s'], demo);
      expect(statuses(report)).toEqual({ 'idle-timeout': 'pass' });
    } finally {
      await demo.stop();
    }
  }, 120_000);
});
