/**
 * Device Bound Session Credentials in real Chromium (docs/device-bound-sessions.md, "Testing with
 * Chromium"): Chromium's own DBSC code, with its software key in place of a TPM, registers a key
 * after sign-in, the sessions page says "bound to this device", and when the bound cookie is
 * gone Chromium holds the next navigation back, refreshes with a signed proof and stays signed in.
 * Chromium only does DBSC over https, so the demo is served with the test certificate of the
 * audit package, which Chromium accepts by its key hash. A manual clock moves the server's time.
 */
import { X509Certificate, createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { manualClock } from 'sesame-session';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumAvailable } from './support/chromium.js';
import { GOOD_PASSWORD, uniqueUsername } from './support/http-client.js';
import type { RunningDemo } from './support/start-demo.js';
import { startDemo } from './support/start-demo.js';

/**
 * DBSC without an origin-trial token and without the refresh quota (what chrome://flags calls
 * "Enabled - For developers"), and a software key instead of a TPM (not secure: testing only).
 */
const DBSC_FEATURES =
  'DeviceBoundSessions:RequireOriginTrialTokens/false/RefreshQuota/false,EnableBoundSessionCredentialsSoftwareKeysForManualTesting';
const BOUND_COOKIE = '__Host-sid-bound';
const REGISTER = '/.sesame/dbsc/register';
const REFRESH = '/.sesame/dbsc/refresh';

const tls = (name: string): string =>
  readFileSync(new URL(`../../../packages/audit/test/fixtures/tls/${name}`, import.meta.url), 'utf8');
const CERT = tls('cert.pem');
/** The base64 SHA-256 of the certificate's public key, as `--ignore-certificate-errors-spki-list` wants it. */
const SPKI_HASH = createHash('sha256')
  .update(new X509Certificate(CERT).publicKey.export({ type: 'spki', format: 'der' }))
  .digest('base64');

interface Seen {
  method: string;
  path: string;
  status: number;
  sessionId: string | undefined;
  proof: boolean;
}

const clock = manualClock();
const seen: Seen[] = [];
let demo: RunningDemo;
let profile: string;
let context: BrowserContext;

const dbscRequests = (path: string): Seen[] => seen.filter((r) => r.path === path);

describe.skipIf(!chromiumAvailable())('device-bound sessions in Chromium', () => {
  beforeAll(async () => {
    demo = await startDemo({
      clock,
      tls: { cert: CERT, key: tls('key.pem') },
      onRequest: (req, res) => {
        res.on('finish', () => {
          seen.push({
            method: req.method ?? '',
            path: (req.url ?? '').split('?')[0] ?? '',
            status: res.statusCode,
            sessionId: req.headers['sec-secure-session-id'] as string | undefined,
            proof: req.headers['secure-session-response'] !== undefined,
          });
        });
      },
    });
    profile = mkdtempSync(join(tmpdir(), 'sesame-dbsc-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [
        ...CHROMIUM_ARGS,
        `--enable-features=${DBSC_FEATURES}`,
        `--ignore-certificate-errors-spki-list=${SPKI_HASH}`,
      ],
    });
  });
  afterAll(async () => {
    await context?.close();
    await demo?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  const boundCookie = async (): Promise<string | undefined> =>
    (await context.cookies(demo.url)).find((c) => c.name === BOUND_COOKIE)?.value;

  async function register(page: Page, username: string): Promise<void> {
    await page.goto(`${demo.url}/register`);
    await page.fill('#field-username', username);
    await page.fill('#field-password', GOOD_PASSWORD);
    await Promise.all([page.waitForURL(`${demo.url}/account`), page.click('form.form button[type=submit]')]);
  }

  it('registers a key after sign-in, and refreshes the bound cookie when it is gone', async () => {
    const page = context.pages()[0] ?? (await context.newPage());
    const username = uniqueUsername('chromium-dbsc');
    await register(page, username);

    // Chromium answers the registration offer of the sign-in response on its own, in the background.
    await expect
      .poll(() => dbscRequests(REGISTER).map((r) => r.status), {
        message: 'Chromium posts its key to the registration path once (only with DBSC_FEATURES)',
        timeout: 10_000,
      })
      .toEqual([200]);
    expect(dbscRequests(REGISTER)[0]?.proof, 'the registration carries a signed proof').toBe(true);
    const first = await boundCookie();
    expect(first, 'the bound cookie of the registration answer').toBeDefined();

    await page.goto(`${demo.url}/account/sessions`);
    expect(await page.locator('.session-current [data-testid=device-bound]').textContent()).toContain(
      'bound to this device',
    );

    // The bound cookie's signed expiry passes on the server, and the browser's copy expires.
    clock.advance(10 * 60_000);
    await context.clearCookies({ name: BOUND_COOKIE });
    const before = seen.length;
    await page.goto(`${demo.url}/account`);
    expect(page.url(), 'still signed in: Chromium refreshed before sending the navigation').toBe(
      `${demo.url}/account`,
    );
    expect(await page.textContent('[data-testid=account-username]')).toBe(username);

    // The navigation waited for the refresh: a signed refresh naming the DBSC session, then the page.
    const after = seen.slice(before).filter((r) => r.path === REFRESH || r.path === '/account');
    expect(after.at(-2), 'the refresh').toMatchObject({
      method: 'POST',
      path: REFRESH,
      status: 200,
      proof: true,
    });
    expect(after.at(-1), 'the held-back navigation').toMatchObject({
      method: 'GET',
      path: '/account',
      status: 200,
    });
    expect(after.filter((r) => r.path === REFRESH).every((r) => r.sessionId !== undefined)).toBe(true);
    const second = await boundCookie();
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
  }, 30_000);
});
