/**
 * The audit behaves as a browser would before it judges (issue 14): a forged request that is
 * redirected is followed; a GET logout is tried as a cross-site link, which carries SameSite=Lax
 * cookies but not Strict ones; a logout the site refuses is reported as refused, not as a kept
 * session; behind a TLS proxy, Origin and Referer are https://, and a 403 on the sign-in points
 * at the CSRF/Origin check.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { afterAll, describe, expect, it } from 'vitest';
import { AuditAbort } from '../src/errors.js';
import { browserRulesApp } from './fixtures/browser-rules-app.js';
import { loginPage } from './fixtures/pages.js';
import { serve } from './fixtures/serve.js';
import type { Served } from './fixtures/serve.js';
import { auditOf, evidence, statuses } from './helpers/audit.js';

const PROXY = ['-H', 'X-Forwarded-Proto: https'];
const running: Served[] = [];
afterAll(() => Promise.all(running.map((s) => s.close())));

async function start(sameSite: 'Strict' | 'Lax' = 'Lax'): Promise<string> {
  const site = await serve(browserRulesApp({ sameSite }));
  running.push(site);
  return site.url;
}

describe('browser rules', () => {
  it('follows a forged POST through its redirect: the GET it lands on signs out', async () => {
    const report = await auditOf(await start(), [...PROXY, '--only', 'csrf']);
    expect(statuses(report)).toEqual({ csrf: 'fail' });
    expect(evidence(report, 'csrf')).toContain(
      'foreign Origin: accepted (302, then GET /logout/confirm → 303, then GET /login → 200)',
    );
  }, 30_000);

  it('tries a GET logout as a cross-site link: SameSite=Lax goes along, so it fails', async () => {
    const report = await auditOf(await start('Lax'), [
      ...PROXY,
      '--only',
      'csrf',
      '--logout-path',
      '/logout/now',
      '--logout-method',
      'GET',
    ]);
    expect(statuses(report)).toEqual({ csrf: 'fail' });
    expect(evidence(report, 'csrf')).toMatch(/^GET \/logout\/now: cross-site GET navigation .*: accepted/);
    expect(report.checks[0]?.severity).toBe('medium');
  }, 30_000);

  it('…and SameSite=Strict is not sent on a cross-site link, so it passes', async () => {
    const report = await auditOf(await start('Strict'), [
      ...PROXY,
      '--only',
      'csrf',
      '--logout-path',
      '/logout/now',
      '--logout-method',
      'GET',
    ]);
    expect(evidence(report, 'csrf')).toContain('cross-site GET navigation (a link on another site): refused');
    expect(statuses(report)).toEqual({ csrf: 'pass' });
  }, 30_000);

  it('tries a GET csrfTarget from --config as a cross-site link, judged by its status', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sesame-session-audit-config-'));
    try {
      const config = join(dir, 'audit.json');
      writeFileSync(config, JSON.stringify({ csrfTarget: { path: '/logout/now', method: 'GET' } }));
      const report = await auditOf(await start(), [...PROXY, '--only', 'csrf', '--config', config]);
      expect(statuses(report)).toEqual({ csrf: 'fail' });
      expect(evidence(report, 'csrf')).toMatch(
        /^GET \/logout\/now: cross-site GET navigation .*: accepted \(303/,
      );
      expect(report.checks[0]?.severity).toBe('high');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it('reports a logout the site refused as refused, never as a kept session', async () => {
    const report = await auditOf(await start(), [
      ...PROXY,
      '--only',
      'logout,csrf',
      '--logout-path',
      '/logout/strict',
    ]);
    expect(statuses(report)).toEqual({ logout: 'skip', csrf: 'skip' });
    expect(evidence(report, 'logout')).toMatch(
      /^logout refused: POST \/logout\/strict → 403, so the site never ran its logout; set --logout-path and --logout-method/,
    );
    expect(evidence(report, 'logout')).not.toContain('kept the session');
    expect(evidence(report, 'csrf')).toMatch(/^logout refused/);
  }, 30_000);

  it('sends an https Origin behind a TLS proxy, and explains a 403 on the sign-in', async () => {
    const url = await start();
    expect(statuses(await auditOf(url, [...PROXY, '--only', 'cookie-attributes']))).toEqual({
      'cookie-attributes': 'fail',
    });
    // What the audit sent before issue 14: the target's http:// origin, whatever the proxy said.
    // The proxy header was sent, so the advice is about --origin, not about the header.
    const refused = auditOf(url, [...PROXY, '--origin', url, '--only', 'cache-control']);
    await expect(refused).rejects.toThrow(AuditAbort);
    await expect(refused).rejects.toThrow(
      /answered 403: the site refused the sign-in form itself, most likely its CSRF or Origin check \(Origin and Referer were http:\/\/127\.0\.0\.1:\d+, from --origin\)\. Set --origin to the origin the site's pages are served from, or leave it out; name the token field with --csrf-field/,
    );
    await expect(refused).rejects.not.toThrow(/X-Forwarded-Proto/);
  }, 30_000);
});

/** A sign-in that accepts one Origin only (the site's public origin behind its proxy), with a token field. */
async function startWantingOrigin(origin: string): Promise<string> {
  const app = express();
  app.get('/login', (_req, res) => {
    res.send(loginPage('t0ken'));
  });
  app.post('/login', (req, res) => {
    if (req.get('origin') === origin) res.redirect(303, '/account');
    else res.status(403).send('cross-origin sign-in refused');
  });
  app.get('/account', (_req, res) => {
    res.redirect(303, '/login');
  });
  const site = await serve(app);
  running.push(site);
  return site.url;
}

describe('the advice for a sign-in refused with 403 follows what the request sent', () => {
  const refusal = async (url: string, flags: string[]): Promise<string> => {
    const error = await auditOf(url, [...flags, '--only', 'cache-control']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuditAbort);
    return (error as AuditAbort).message;
  };

  it.each([
    [
      [],
      /were http:\/\/127\.0\.0\.1:\d+\)\. Behind a TLS proxy pass -H 'X-Forwarded-Proto: https' or --origin/,
    ],
    [
      PROXY,
      /were https:\/\/127\.0\.0\.1:\d+\)\. If the site's pages are served from another origin, pass --origin with it;/,
    ],
    [
      [...PROXY, '--origin', 'https://wrong.example'],
      /were https:\/\/wrong\.example, from --origin\)\. Set --origin to the origin the site's pages are served from, or leave it out;/,
    ],
  ])(
    'with %j',
    async (flags, advice) => {
      const message = await refusal(await startWantingOrigin('https://shop.example'), flags);
      expect(message).toMatch(advice);
      expect(message).toContain("the form's token field _csrf was sent as the page gave it");
      expect(message).not.toContain('--csrf-field');
      if (flags.length > 0) expect(message).not.toContain('X-Forwarded-Proto');
    },
    30_000,
  );
});

describe('--ca', () => {
  it('trusts a private CA for an https target, and refuses the certificate without it', async () => {
    const tls = (name: string): string =>
      readFileSync(new URL(`./fixtures/tls/${name}`, import.meta.url), 'utf8');
    const server = createServer({ cert: tls('cert.pem'), key: tls('key.pem') }, browserRulesApp());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await expect(auditOf(url, ['--only', 'cache-control'])).rejects.toMatchObject({
        reason: 'unreachable',
      });
      const ca = fileURLToPath(new URL('./fixtures/tls/cert.pem', import.meta.url));
      const report = await auditOf(url, ['--ca', ca, '--only', 'cache-control']);
      expect(statuses(report)).toEqual({ 'cache-control': 'pass' });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  }, 30_000);
});
