/**
 * SESSION_IDLE_TIMEOUT=90s, as the README offers: a user who is active every 50 s must stay
 * signed in, and one who is away for 91 s must not. Regression for the touch interval defaulting
 * to one minute whatever the idle timeout: the 50-s request did not extend the expiry, so the
 * session died at 90 s despite the activity (fixed in packages/sesame/src/config.ts).
 */
import { manualClock } from 'sesame-session';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOD_PASSWORD, Visitor, uniqueUsername } from './support/http-client.js';
import type { RunningDemo } from './support/start-demo.js';
import { startDemo } from './support/start-demo.js';

const clock = manualClock();
let demo: RunningDemo;
beforeAll(async () => {
  demo = await startDemo({ clock, env: { SESSION_STORE: 'memory', SESSION_IDLE_TIMEOUT: '90s' } });
});
afterAll(() => demo.close());

describe('a 90-second idle timeout', () => {
  it('keeps a user who is active every 50 s, for ten minutes', async () => {
    const visitor = new Visitor(demo.url);
    await visitor.register(uniqueUsername(), GOOD_PASSWORD);
    for (let seconds = 50; seconds <= 600; seconds += 50) {
      clock.advance(50_000);
      expect((await visitor.get('/api/me')).status, `after ${seconds} s`).toBe(200);
    }
  });

  it('signs out a user who was away for 91 s, and says after how long', async () => {
    const visitor = new Visitor(demo.url);
    await visitor.register(uniqueUsername(), GOOD_PASSWORD);
    clock.advance(91_000);
    const response = await visitor.get('/account');
    expect(response.status).toBe(303);
    const page = await (await visitor.get(response.headers.get('location') as string)).text();
    expect(page).toContain('after 90 seconds of inactivity');
  });
});
