/**
 * The demo turns Device Bound Session Credentials on (issue 16): a browser that registers a key
 * is marked "bound to this device" on the sessions page, a copy of its cookies stops working when
 * the bound cookie expires, and it carries on by refreshing. A browser that never registers (every
 * other test of the demo) sees no change. A manual clock moves time.
 */
import { manualClock } from 'sesame-session';
import { DeviceKey, parseChallenge, parseRegistration } from 'sesame-session/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOD_PASSWORD, Visitor, uniqueUsername } from './support/http-client.js';
import type { RunningDemo } from './support/start-demo.js';
import { startDemo } from './support/start-demo.js';

const clock = manualClock();
let demo: RunningDemo;
beforeAll(async () => {
  demo = await startDemo({ clock });
});
afterAll(() => demo.close());

describe('device-bound sessions in the demo', () => {
  it('shows "bound to this device"; a copied cookie jar stops working, the real browser refreshes', async () => {
    const username = uniqueUsername('dbsc');
    const browser = new Visitor(demo.url);
    const signUp = await browser.register(username, GOOD_PASSWORD);
    expect(signUp.status).toBe(303);
    const offer = parseRegistration(signUp.headers.get('secure-session-registration'));
    const key = await DeviceKey.create('ES256');
    const registered = await browser.request(offer.path, {
      method: 'POST',
      headers: { 'secure-session-response': await key.registrationProof(offer.challenge) },
    });
    expect(registered.status).toBe(200);
    const { challenge, id } = parseChallenge(registered.headers.get('secure-session-challenge'));

    const page = await (await browser.get('/account/sessions')).text();
    expect(page).toMatch(/session-current[\s\S]*?data-testid="device-bound"[^>]*>\s*bound to this device/);

    const stolen = new Visitor(demo.url, new Map(browser.cookies));
    expect((await stolen.get('/account')).status).toBe(200);
    clock.advance(10 * 60_000);
    expect((await stolen.get('/account')).status, 'the copy after 10 minutes').toBe(303);
    expect((await browser.get('/account')).status, 'the real browser before its refresh').toBe(303);

    const refreshed = await browser.request('/.sesame/dbsc/refresh', {
      method: 'POST',
      headers: { 'sec-secure-session-id': id, 'secure-session-response': await key.refreshProof(challenge) },
    });
    expect(refreshed.status).toBe(200);
    expect((await browser.get('/account')).status).toBe(200);
    expect((await stolen.get('/account')).status).toBe(303);
  });

  it('a browser that does not register keeps an ordinary session', async () => {
    const visitor = new Visitor(demo.url);
    expect((await visitor.register(uniqueUsername('plain'), GOOD_PASSWORD)).status).toBe(303);
    clock.advance(11 * 60_000);
    expect((await visitor.get('/account')).status).toBe(200);
    expect(await (await visitor.get('/account/sessions')).text()).not.toContain('data-testid="device-bound"');
  });
});
