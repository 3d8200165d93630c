/**
 * A carefully configured express-session app passes every check: no false findings. It sends a
 * Secure cookie only over TLS, so the audit says it is behind one (`X-Forwarded-Proto: https`).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import type { Express } from 'express';
import { afterAll, describe, expect, it } from 'vitest';
import { carefulApp } from './fixtures/careful-app.js';
import { loginPage } from './fixtures/pages.js';
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

/** An app that sets its Secure session cookie whatever the scheme (Django's SESSION_COOKIE_SECURE does). */
function secureCookieOverHttp(): Express {
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  const signedIn = new Set<string>();
  app.get('/login', (_req, res) => {
    res.send(loginPage());
  });
  app.post('/login', (_req, res) => {
    const sid = randomBytes(32).toString('base64url');
    signedIn.add(sid);
    res.setHeader('set-cookie', `sid=${sid}; Path=/; Secure; HttpOnly; SameSite=Lax`);
    res.redirect(303, '/account');
  });
  app.get('/account', (req, res) => {
    const sid = /(?:^|;\s*)sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    if (sid === undefined || !signedIn.has(sid)) res.redirect(303, '/login');
    else res.send('account');
  });
  return app;
}

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
    const failed = auditOf(site.url);
    await expect(failed).rejects.toMatchObject({ reason: 'login-failed' });
    await expect(failed).rejects.toThrow(
      "POST /login answered 303 → /account, but no response to the sign-in set a cookie, so /account still refuses the session; an app whose session cookie is Secure may set none over http://: pass -H 'X-Forwarded-Proto: https' if a TLS proxy sits in front, or audit its https:// URL",
    );
  }, 30_000);

  it('names the Secure cookie a browser drops over plain http on a host that is not loopback', async () => {
    const site = await serve(secureCookieOverHttp());
    running.push(site);
    // The IPv4-mapped address reaches the same server, but is not a loopback name a browser trusts.
    const url = site.url.replace('127.0.0.1', '[::ffff:127.0.0.1]');
    await expect(auditOf(url)).rejects.toThrow(
      "POST /login answered 303 → /account, but it set sid with Secure, which a browser neither keeps nor sends over http://, so /account still refuses the session; pass -H 'X-Forwarded-Proto: https' if a TLS proxy sits in front, or audit its https:// URL",
    );
  }, 30_000);
});
