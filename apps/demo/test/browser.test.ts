/**
 * The demo in real Chromium (issue 3): register and sign in; the session cookie is invisible to
 * page script; after sign-out neither Back nor a reload shows account data; "sign out other
 * sessions" in one browser ends the other; a form on another origin cannot sign the user out;
 * an idle session ends with a message. A manual clock moves time: nothing sleeps.
 */
import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { manualClock } from 'sesame-session';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from './support/chromium.js';
import { GOOD_PASSWORD, uniqueUsername } from './support/http-client.js';
import type { RunningDemo } from './support/start-demo.js';
import { startDemo } from './support/start-demo.js';

const DESKTOP_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';
const IPHONE_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1';
const SCREENSHOT = fileURLToPath(new URL('../../../docs/sessions-page.png', import.meta.url));
/** Not committed: written for a person to look at after a layout change. */
const narrowScreenshot = (name: string): string =>
  join(tmpdir(), `sesame-390-${name.replace(/\/$/, '/home').replace(/\//g, '-')}.png`);

const clock = manualClock();
let demo: RunningDemo;
let browser: Browser;

describe.skipIf(!chromiumAvailable())('in Chromium', () => {
  beforeAll(async () => {
    demo = await startDemo({ clock });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  async function newPage(userAgent?: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({
      viewport: { width: 1024, height: 720 },
      ...(userAgent ? { userAgent } : {}),
    });
    return { context, page: await context.newPage() };
  }

  async function register(page: Page, username: string): Promise<void> {
    await page.goto(`${demo.url}/register`);
    await page.fill('#field-username', username);
    await page.fill('#field-password', GOOD_PASSWORD);
    await Promise.all([page.waitForURL(`${demo.url}/account`), page.click('form.form button[type=submit]')]);
  }

  async function signIn(page: Page, username: string): Promise<void> {
    await page.goto(`${demo.url}/login`);
    await page.fill('#field-username', username);
    await page.fill('#field-password', GOOD_PASSWORD);
    await Promise.all([page.waitForURL(`${demo.url}/account`), page.click('form.form button[type=submit]')]);
  }

  async function signOut(page: Page): Promise<void> {
    await Promise.all([page.waitForURL(`${demo.url}/`), page.click('form.sign-out button')]);
  }

  it('registers, signs out and signs in again; script cannot read the session cookie', async () => {
    const { context, page } = await newPage();
    const username = uniqueUsername('browser');
    await register(page, username);
    await expect.poll(() => page.textContent('[data-testid=account-username]')).toBe(username);

    const cookies = await context.cookies(demo.url);
    const session = cookies.find((c) => c.name === '__Host-sid');
    expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/' });
    expect(await page.evaluate(() => document.cookie)).not.toContain('__Host-sid');
    expect(await page.evaluate(() => document.cookie)).not.toContain(session?.value.slice(0, 10));

    await signOut(page);
    expect(await page.textContent('h1')).toBe('Sign in, done carefully');
    await signIn(page, username);
    expect(await page.textContent('[data-testid=nav-user]')).toBe(username);
    await context.close();
  });

  it('after sign-out, Back and a reload of /account show no account data', async () => {
    const { context, page } = await newPage();
    const username = uniqueUsername('back');
    await register(page, username);
    await page.goto(`${demo.url}/account/sessions`);
    await page.goto(`${demo.url}/account`);
    expect(await page.content()).toContain(username);
    await signOut(page);

    await page.goBack();
    await page.waitForLoadState();
    expect(page.url()).toBe(`${demo.url}/login`);
    expect(await page.content()).not.toContain(username);

    await page.goto(`${demo.url}/account`);
    await page.reload();
    expect(page.url()).toBe(`${demo.url}/login`);
    expect(await page.content()).not.toContain(username);
    await page.goBack();
    await page.waitForLoadState();
    expect(await page.content()).not.toContain(username);
    await context.close();
  });

  it('two browsers as one user: "sign out all other sessions" in one ends the other', async () => {
    // Desktop Chrome's own user agent rather than "HeadlessChrome", so the screenshot reads as
    // the page a person would see.
    const laptop = await newPage(DESKTOP_UA);
    const phone = await newPage(IPHONE_UA);
    const username = 'ada.lovelace';
    await register(laptop.page, username);
    clock.advance(7 * 60_000);
    await signIn(phone.page, username);
    clock.advance(2 * 60_000);

    await laptop.page.goto(`${demo.url}/account/sessions`);
    expect(await laptop.page.locator('[data-testid=session]').count()).toBe(2);
    expect(await laptop.page.locator('.session-current').textContent()).toContain('This device');
    expect(await laptop.page.textContent('.sessions')).toContain('Mobile Safari 18 on iOS');
    expect(await laptop.page.textContent('.sessions')).toContain('Chrome 156 on Linux');
    mkdirSync(fileURLToPath(new URL('.', `file://${SCREENSHOT}`)), { recursive: true });
    await laptop.page.screenshot({ path: SCREENSHOT, fullPage: true });

    await Promise.all([
      laptop.page.waitForURL(`${demo.url}/account/sessions?notice=others-ended`),
      laptop.page.click('text=Sign out all other sessions'),
    ]);
    expect(await laptop.page.locator('[data-testid=session]').count()).toBe(1);

    await phone.page.reload();
    expect(phone.page.url()).toBe(`${demo.url}/login?ended=ended`);
    expect(await phone.page.textContent('.message-warning')).toMatch(/signed out from another device/);
    expect(await phone.page.content()).not.toContain(`>${username}<`);

    await laptop.page.goto(`${demo.url}/account`);
    expect(await laptop.page.textContent('[data-testid=account-username]')).toBe(username);
    await laptop.context.close();
    await phone.context.close();
  });

  // issue 10: on a 390 px phone the header and the session buttons wrapped badly.
  // issue 10: on a 390 px phone the header and the session buttons wrapped badly.
  it('the header and the sessions page fit a 390 px wide screen', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, userAgent: IPHONE_UA });
    const laptop = await newPage(DESKTOP_UA);
    const page = await phone.newPage();
    const username = `grace.hopper.${uniqueUsername('').slice(-10)}`.slice(0, 32);
    const stranger = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    for (const path of ['/', '/login', '/register']) await expectToFit(stranger, path, 'signed-out');
    await stranger.context().close();

    await register(page, username);
    await signIn(laptop.page, username);
    for (const path of ['/account/sessions', '/', '/account', '/nowhere'])
      await expectToFit(page, path, 'signed-in');
    await phone.close();
    await laptop.context.close();
  });

  /** Nothing sticks out of the 390 px viewport and no button label wraps; a screenshot to look at. */
  async function expectToFit(page: Page, path: string, who: string): Promise<void> {
    await page.goto(`${demo.url}${path}`);
    await page.screenshot({ path: narrowScreenshot(`${who}${path}`), fullPage: true });
    const overflow = await page.evaluate(() => {
      const outside: string[] = [];
      const selectors = [
        '.brand',
        '.nav a',
        '.nav-user',
        '.sign-out button',
        'h1',
        'form button',
        '.session',
        '.actions a',
      ];
      for (const selector of selectors) {
        document.querySelectorAll<HTMLElement>(selector).forEach((el) => {
          const box = el.getBoundingClientRect();
          if (box.left < 0 || box.right > window.innerWidth)
            outside.push(`${selector} ${box.left}..${box.right}`);
          if (
            (el.tagName === 'BUTTON' || el.matches('.nav a, .actions a')) &&
            el.scrollWidth > el.clientWidth + 1
          )
            outside.push(`${selector} clipped`);
        });
      }
      return { scrollWidth: document.documentElement.scrollWidth, outside };
    });
    expect(overflow, `${who} ${path}`).toEqual({ scrollWidth: 390, outside: [] });
    // Brand and menu on at most two rows.
    const header = await page.locator('.site-header').boundingBox();
    expect(header?.height ?? Infinity, `${who} ${path}`).toBeLessThanOrEqual(110);
  }

  describe('a form on another origin that posts to /logout', () => {
    let attacker: Server;
    let attackerPort: number;
    beforeAll(async () => {
      attacker = createServer((_req, res) => {
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.end(
          `<!doctype html><title>You won!</title><form method="post" action="${demo.url}/logout">` +
            `<input type="hidden" name="_csrf" value="${'A'.repeat(43)}"><button id="claim">Claim your prize</button></form>`,
        );
      });
      attacker.listen(0, '127.0.0.1');
      await once(attacker, 'listening');
      attackerPort = (attacker.address() as AddressInfo).port;
    });
    afterAll(() => new Promise((resolve) => attacker.close(resolve)));

    // 127.0.0.1:<other port> is another origin but the same site: SameSite=Lax still sends the
    // cookie, so only Sesame's Sec-Fetch-Site / Origin check stands between the form and a
    // sign-out. localhost is another site: SameSite already withholds the cookie there.
    it.each([
      ['same-site', '127.0.0.1', true],
      ['cross-site', 'localhost', false],
    ])('is refused from a %s page, and the user stays signed in', async (site, host, cookieSent) => {
      const { context, page } = await newPage();
      const username = uniqueUsername('victim');
      await register(page, username);

      await page.goto(`http://${host}:${attackerPort}/`);
      const [request] = await Promise.all([
        page.waitForRequest((r) => r.url() === `${demo.url}/logout` && r.method() === 'POST'),
        page.click('#claim'),
      ]);
      const response = await request.response();
      const headers = await request.allHeaders();
      expect(headers['sec-fetch-site']).toBe(site);
      expect(headers['origin']).toBe(`http://${host}:${attackerPort}`);
      expect((headers['cookie'] ?? '').includes('__Host-sid=')).toBe(cookieSent);
      expect(response?.status()).toBe(403);
      await page.waitForLoadState();
      expect(await page.textContent('h1')).toBe('Request refused');

      await page.goto(`${demo.url}/account`);
      expect(page.url()).toBe(`${demo.url}/account`);
      expect(await page.textContent('[data-testid=account-username]')).toBe(username);
      await context.close();
    });
  });

  it('an idle session ends: /account goes to sign-in with a message and no account data', async () => {
    const { context, page } = await newPage();
    const username = uniqueUsername('idle');
    await register(page, username);
    clock.advance(29 * 60_000);
    await page.reload();
    expect(page.url()).toBe(`${demo.url}/account`);
    const sessionCookie = async () =>
      (await context.cookies(demo.url)).find((c) => c.name === '__Host-sid')?.value;
    const signedIn = await sessionCookie();

    clock.advance(31 * 60_000);
    await page.reload();
    expect(page.url()).toMatch(/\/login\?ended=(idle|ended)$/);
    expect(await page.textContent('.message-warning')).toMatch(/after 30 minutes of inactivity/);
    expect(await page.content()).not.toContain(username);
    // The old token is gone, and the sign-in form stored no new session (issue 10).
    expect(await sessionCookie()).toBeUndefined();
    expect(signedIn).toBeDefined();
    await context.close();
  });
});
