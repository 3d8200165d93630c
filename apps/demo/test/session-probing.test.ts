/**
 * A live session id with a wrong secret and an unknown id get the same answer (issue 10: the
 * sign-in page said "could not be recognised" for one and "has ended" for the other, which
 * confirmed to anyone holding an id that it was live). The timing half is measured in the
 * library's security tests (packages/sesame/test/security/session-probing.test.ts).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOD_PASSWORD, Visitor, holding, noticeMessage, uniqueUsername } from './support/http-client.js';
import type { RunningDemo } from './support/start-demo.js';
import { startDemo } from './support/start-demo.js';

let demo: RunningDemo;
beforeAll(async () => {
  demo = await startDemo();
});
afterAll(() => demo.close());

const secret = (): string => randomBytes(32).toString('base64url');

/** What a page says, without the per-visitor CSRF token. */
async function page(response: Response): Promise<string> {
  return (await response.text()).replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf"');
}

describe('a wrong secret and an unknown id', () => {
  it('get the same redirect, the same page and the same message', async () => {
    const visitor = new Visitor(demo.url);
    await visitor.register(uniqueUsername(), GOOD_PASSWORD);
    const [id = ''] = (visitor.sessionCookie ?? '').split('.');
    const wrongSecret = `${id}.${secret()}`;
    const unknownId = `${randomBytes(16).toString('base64url')}.${secret()}`;

    const accounts = await Promise.all(
      [wrongSecret, unknownId].map((cookie) => holding(demo.url, cookie).get('/account')),
    );
    expect(accounts.map((r) => r.status)).toEqual([303, 303]);
    expect(accounts[0]?.headers.get('location')).toBe(accounts[1]?.headers.get('location'));

    const logins = await Promise.all(
      [wrongSecret, unknownId].map((cookie) => holding(demo.url, cookie).get('/login')),
    );
    expect(logins[0]?.status).toBe(logins[1]?.status);
    const [a = '', b = ''] = await Promise.all(logins.map((r) => page(r)));
    expect(a).toBe(b);
    expect(noticeMessage(a)).toMatch(/^Your session has ended/);
    // And the real session is untouched.
    expect((await visitor.get('/api/me')).status).toBe(200);
  });
});
