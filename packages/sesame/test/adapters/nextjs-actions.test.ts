/**
 * Server Actions end to end: examples/nextjs built by Next.js (`next start`, production mode)
 * and driven by real Chromium. The /signin page's form posts the `signIn` action, which signs in
 * through `actionSession` and sets the cookie through Next.js's `cookies()`; the route handlers
 * and the server component then see the user, and the `signOut` action ends the session in the
 * store, not only in the browser.
 *
 * examples/nextjs is not a workspace (Next.js adds some 340 MB to every install): it needs `npm
 * run example:nextjs` first, which CI runs; locally the test is skipped until then, and in CI it
 * fails instead (the convention of packages/audit/test/examples.test.ts).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page, Response as PageResponse } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const EXAMPLE = fileURLToPath(new URL('../../../../examples/nextjs', import.meta.url));
const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SID = '__Host-sid';
const STARTUP_TIMEOUT_MS = 90_000;

function installed(): boolean {
  if (existsSync(join(EXAMPLE, 'node_modules', 'next'))) return true;
  if (process.env['CI'] === 'true')
    throw new Error('examples/nextjs is not installed: run `npm run example:nextjs`');
  return false;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

/** `npm start` in examples/nextjs on `port`, in a process group of its own; resolves once it answers. */
async function startExample(
  port: number,
): Promise<{ url: string; output: () => string; stop: () => Promise<void> }> {
  const url = `http://localhost:${port}`;
  const child = spawn('npm', ['start'], {
    cwd: EXAMPLE,
    detached: true,
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(port),
      PUBLIC_ORIGIN: url,
      SESSION_SECRET: randomBytes(32).toString('base64url'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (name: NodeJS.Signals): void => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, name);
    } catch {
      // already gone
    }
  };
  const stop = async (): Promise<void> => {
    signal('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    signal('SIGKILL');
  };
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (child.exitCode === null && Date.now() < deadline) {
    const answer = await fetch(`${url}/status`).catch(() => null);
    if (answer?.status === 200) return { url, output: () => output, stop };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  throw new Error(`examples/nextjs did not start on ${url}\n--- output ---\n${output}`);
}

describe.skipIf(!installed())('Next.js Server Actions in Chromium (examples/nextjs)', () => {
  let example: Awaited<ReturnType<typeof startExample>>;
  let profile: string;
  let context: BrowserContext;

  beforeAll(async () => {
    example = await startExample(await freePort());
    profile = mkdtempSync(join(tmpdir(), 'sesame-next-actions-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
    });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await example?.stop();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  const sessionCookie = async (): Promise<string | undefined> =>
    (await context.cookies(example.url)).find((cookie) => cookie.name === SID)?.value;

  /** Submit the form holding `button` and wait for the action's POST to /signin. */
  async function submit(page: Page, button: string): Promise<PageResponse> {
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/signin'),
      page.click(`button:text-is("${button}")`),
    ]);
    return response;
  }

  /** `GET /account` (a route handler) with only `cookie`: 200 signed in, 303 to /login otherwise. */
  const account = (cookie: string) =>
    fetch(`${example.url}/account`, { headers: { cookie: `${SID}=${cookie}` }, redirect: 'manual' });

  it('signs in through an action, and signs out through one, ending the session server-side', async () => {
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(`${example.url}/signin`);
      expect(await page.textContent('h1')).toBe('Sign in');

      // A wrong password: the action returns a form state; no session, no cookie.
      await page.fill('input[name=username]', 'alice');
      await page.fill('input[name=password]', 'wrong-password');
      await submit(page, 'Sign in');
      await expect.poll(() => page.textContent('[role=alert]')).toBe('Wrong username or password.');
      expect(await sessionCookie()).toBeUndefined();

      // React resets a form after its action ran: both fields again.
      await page.fill('input[name=username]', 'alice');
      await page.fill('input[name=password]', 'alice-password-123');
      const signIn = await submit(page, 'Sign in');
      // The cookie as the action set it through cookies().set, on the real response.
      const lines = (await signIn.headersArray())
        .filter((header) => header.name.toLowerCase() === 'set-cookie')
        .map((header) => header.value);
      expect(lines).toEqual([expect.stringMatching(new RegExp(`^${SID}=[\\w-]+\\.[\\w-]+; `))]);
      expect(lines[0]?.split('; ').slice(1).sort()).toEqual(['HttpOnly', 'Path=/', 'SameSite=lax', 'Secure']);
      await page.waitForURL(`${example.url}/status`);
      await expect.poll(() => page.textContent('main p')).toBe('Signed in as alice.');

      const token = await sessionCookie();
      expect(token).toMatch(/^[\w-]{22}\.[\w-]{43}$/);
      const cookie = (await context.cookies(example.url)).find((c) => c.name === SID);
      expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/', expires: -1 });

      // The route handlers see the same session.
      await page.goto(`${example.url}/account`);
      expect(await page.textContent('h1')).toBe('Hello, alice');
      expect((await account(token ?? '')).status).toBe(200);

      // Sign out through the other action.
      await page.goto(`${example.url}/signin`);
      expect(await page.textContent('h1')).toBe('Signed in as alice');
      await submit(page, 'Sign out');
      await page.waitForURL(`${example.url}/status`);
      await expect.poll(() => page.textContent('main p')).toBe('Not signed in.');
      expect(await sessionCookie()).toBeUndefined();

      // Ended in the store: the old token, replayed, is no session.
      const replay = await account(token ?? '');
      expect(replay.status).toBe(303);
      expect(replay.headers.get('location')).toBe('/login');
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- examples/nextjs output ---\n${example.output()}`, {
        cause: error,
      });
    }
  }, 120_000);
});
