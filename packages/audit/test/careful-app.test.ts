/**
 * A carefully configured express-session app passes every check: no false findings. It sends a
 * Secure cookie only over TLS, so the audit says it is behind one (`X-Forwarded-Proto: https`).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { carefulApp } from './fixtures/careful-app.js';
import { serve } from './fixtures/serve.js';
import type { Served } from './fixtures/serve.js';
import { auditOf, evidence, statuses } from './helpers/audit.js';

const BEHIND_TLS = ['-H', 'X-Forwarded-Proto: https'];
const LOGOUT_OTHERS = ['--logout-others-path', '/account/sessions/revoke-others'];
const running: Served[] = [];
const dir = mkdtempSync(join(tmpdir(), 'sesame-session-audit-careful-'));

afterAll(async () => {
  await Promise.all(running.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

async function start(options: Parameters<typeof carefulApp>[0] = {}): Promise<Served> {
  const site = await serve(carefulApp(options));
  running.push(site);
  return site;
}

describe('a careful express-session app', () => {
  it('passes every check; only the opt-in idle wait is skipped', async () => {
    const site = await start();
    const report = await auditOf(site.url, [...BEHIND_TLS, ...LOGOUT_OTHERS]);
    expect(statuses(report)).toEqual({
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
    });
    expect(evidence(report, 'token-randomness')).toMatch(/^300 tokens from login page/);
    expect(evidence(report, 'csrf')).toContain(
      "another session's token (no Origin, no Sec-Fetch-Site): refused (403)",
    );
  }, 60_000);

  it('passes the idle-timeout check when the wait is longer than its idle timeout', async () => {
    const site = await start({ idleTimeoutMs: 1500 });
    const report = await auditOf(site.url, [...BEHIND_TLS, '--only', 'idle-timeout', '--idle-wait', '3s']);
    expect(statuses(report)).toEqual({ 'idle-timeout': 'pass' });
  }, 30_000);

  it('judges a custom CSRF target from --config by its status', async () => {
    const site = await start();
    const config = join(dir, 'audit.json');
    writeFileSync(config, JSON.stringify({ csrfTarget: { path: '/account/sessions/revoke-others' } }));
    const report = await auditOf(site.url, [...BEHIND_TLS, '--only', 'csrf', '--config', config]);
    expect(statuses(report)).toEqual({ csrf: 'pass' });
    expect(evidence(report, 'csrf')).toContain(
      'POST /account/sessions/revoke-others: foreign Origin: refused (403)',
    );
  }, 30_000);

  it('signs in through a JSON endpoint described in --config', async () => {
    const site = await start();
    const config = join(dir, 'json-login.json');
    writeFileSync(config, JSON.stringify({ loginAction: '/api/login', loginEncoding: 'json' }));
    const report = await auditOf(site.url, [...BEHIND_TLS, '--only', 'fixation,logout', '--config', config]);
    expect(statuses(report)).toEqual({ fixation: 'pass', logout: 'pass' });
  }, 30_000);

  it('cannot audit Secure cookies of a TLS-only app without the proxy header, and says why', async () => {
    const site = await start();
    await expect(auditOf(site.url)).rejects.toMatchObject({ reason: 'login-failed' });
  }, 30_000);
});
