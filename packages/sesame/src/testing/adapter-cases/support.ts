/**
 * Small helpers the adapter contract cases share.
 *
 * @module
 */
import { expect } from '../vitest.js';
import type { Me } from '../adapter-case.js';
import { SESSION_COOKIE } from '../adapter-case.js';
import type { Browser, BrowserReply } from '../browser.js';
import { parseSetCookie } from '../browser.js';

/** `GET /me` as `browser`, expecting 200. */
export async function me(browser: Browser, cookie?: string | null): Promise<Me> {
  const reply = await browser.get('/me', cookie === undefined ? {} : { cookie });
  expect(reply.status, 'GET /me').toBe(200);
  return reply.body as Me;
}

/** Sign `user` in as `browser`, expecting 200, and return the session token. */
export async function signIn(browser: Browser, user: string, query = ''): Promise<string> {
  const reply = await browser.post(`/login?user=${encodeURIComponent(user)}${query}`);
  expect(reply.status, 'POST /login').toBe(200);
  const token = browser.jar.get(SESSION_COOKIE);
  expect(token, 'session cookie after sign-in').toBeDefined();
  return token ?? '';
}

/** The `Set-Cookie` lines of the session cookie in a reply. */
export function sessionCookies(reply: BrowserReply): ReturnType<typeof parseSetCookie>[] {
  return reply.setCookies.map(parseSetCookie).filter((c) => c.name === SESSION_COOKIE);
}

/** A `Cookie` header carrying only this session token. */
export function cookieOf(token: string): string {
  return `${SESSION_COOKIE}=${token}`;
}
