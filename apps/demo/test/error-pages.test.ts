/**
 * Error pages keep the visitor's menu (issue 10: a signed-in user saw the signed-out menu on 403
 * and 404 pages), and the sign-out button on them works.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOD_PASSWORD, Visitor, uniqueUsername } from './support/http-client.js';
import type { RunningDemo } from './support/start-demo.js';
import { startDemo } from './support/start-demo.js';

let demo: RunningDemo;
beforeAll(async () => {
  demo = await startDemo();
});
afterAll(() => demo.close());

function navUser(html: string): string | null {
  return /data-testid="nav-user"[^>]*>([^<]*)</.exec(html)?.[1] ?? null;
}

describe('error pages', () => {
  it('show a signed-in user their menu on 404 and 403, with a working sign-out', async () => {
    const visitor = new Visitor(demo.url);
    const username = uniqueUsername();
    await visitor.register(username, GOOD_PASSWORD);

    const missing = await visitor.get('/no/such/page');
    expect(missing.status).toBe(404);
    const missingHtml = await missing.text();
    expect(navUser(missingHtml)).toBe(username);
    expect(missingHtml).not.toContain('Create account');

    const refused = await visitor.post('/logout', {}); // no token, no Fetch Metadata: 403
    expect(refused.status).toBe(403);
    const refusedHtml = await refused.text();
    expect(navUser(refusedHtml)).toBe(username);

    const token = /name="_csrf" value="([^"]+)"/.exec(refusedHtml)?.[1] ?? '';
    expect((await visitor.post('/logout', { _csrf: token })).status).toBe(303);
    expect((await visitor.get('/api/me')).status).toBe(401);
  });

  it('show the signed-out menu to everyone else, and store nothing for them', async () => {
    const visitor = new Visitor(demo.url);
    const html = await (await visitor.get('/no/such/page')).text();
    expect(navUser(html)).toBeNull();
    expect(html).toContain('Create account');
    expect(visitor.cookies.size).toBe(0);
  });
});
