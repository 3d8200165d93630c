/**
 * `req.session.cookie` on the layer (issue 12): the lifetime an express-session app sets through
 * `maxAge` or `expires` is the cookie's `Max-Age`, cut to what is left of the absolute lifetime
 * (docs/architecture.md §1.2, §1.4); setting it back to `null`, `false`, zero or a negative number
 * makes a browser-session cookie again; a lifetime alone stores no session; and the cookie
 * serializes as express-session's does.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { COOKIE, Client } from '../support/app.js';
import { startLayerApp, sessionOf } from '../support/layer-app.js';
import type { LayerApp } from '../support/layer-app.js';

let app: LayerApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const HOUR = 3_600_000;

async function start(): Promise<LayerApp> {
  app = await startLayerApp({
    absoluteTimeout: '12h',
    routes: (a) => {
      a.post('/set', (req, res) => {
        Object.assign(sessionOf(req), req.body as object);
        res.end();
      });
      // { maxAge } or { expiresInMs } or { expires: false }, as JSON; the cookie as the app reads it after.
      a.post('/lifetime', (req, res) => {
        const body = req.body as { maxAge?: unknown; expiresInMs?: number; expires?: false | null };
        const cookie = sessionOf(req).cookie as unknown as Record<string, unknown>;
        if ('maxAge' in body) cookie['maxAge'] = body.maxAge === 'NaN' ? Number.NaN : body.maxAge;
        if (body.expiresInMs !== undefined)
          cookie['expires'] = new Date((app?.clock.now() ?? 0) + body.expiresInMs);
        if ('expires' in body) cookie['expires'] = body.expires;
        res.json({ maxAge: cookie['maxAge'], expires: cookie['expires'], json: JSON.stringify(cookie) });
      });
    },
  });
  return app;
}

const sessionLine = (lines: string[]): string => lines.find((l) => l.startsWith(`${COOKIE}=`)) ?? '';

describe('req.session.cookie', () => {
  it.each([
    ['null', null],
    ['zero', 0],
    ['a negative number', -1000],
    ['NaN', 'NaN'],
  ])('maxAge = %s after a "remember me" makes a browser-session cookie again', async (_name, maxAge) => {
    const { url } = await start();
    const client = new Client(url);
    await client.post('/set', { json: { a: 1 } });
    const token = client.jar.get(COOKIE);
    const remembered = await client.post('/lifetime', { json: { maxAge: 2 * HOUR } });
    expect(sessionLine(remembered.setCookies)).toMatch(/Max-Age=7200(;|$)/);
    const reply = await client.post('/lifetime', { json: { maxAge } });
    expect(reply.body).toMatchObject({ maxAge: null, expires: null });
    const line = sessionLine(reply.setCookies);
    expect(line.split(';')[0]).toBe(`${COOKIE}=${token}`);
    expect(line).not.toMatch(/max-age|expires/i);
  });

  it('expires = a Date sets the lifetime up to it; expires = false a browser-session cookie', async () => {
    const { url } = await start();
    const client = new Client(url);
    await client.post('/set', { json: { a: 1 } });
    const dated = await client.post('/lifetime', { json: { expiresInMs: HOUR } });
    expect(sessionLine(dated.setCookies)).toMatch(/Max-Age=3600(;|$)/);
    expect(dated.body).toMatchObject({
      maxAge: HOUR,
      expires: new Date((app?.clock.now() ?? 0) + HOUR).toJSON(),
    });
    const cleared = await client.post('/lifetime', { json: { expires: false } });
    expect(cleared.body).toMatchObject({ maxAge: null, expires: null });
    expect(sessionLine(cleared.setCookies)).not.toMatch(/max-age|expires/i);
  });

  it("serializes as express-session's cookie: originalMaxAge, expires and the attributes", async () => {
    const { url } = await start();
    const client = new Client(url);
    const reply = await client.post('/lifetime', { json: { maxAge: 2 * HOUR } });
    const json = JSON.parse((reply.body as { json: string }).json) as Record<string, unknown>;
    expect(json).toMatchObject({
      originalMaxAge: 2 * HOUR,
      secure: true,
      httpOnly: true,
      path: '/',
      sameSite: 'lax',
    });
    expect(typeof json['expires']).toBe('string');
  });

  it('a lifetime set on a visitor with nothing else stores no session and sets no cookie', async () => {
    const { url } = await start();
    const client = new Client(url);
    const reply = await client.post('/lifetime', { json: { maxAge: 2 * HOUR } });
    expect(reply.status).toBe(200);
    expect(reply.setCookies).toEqual([]);
    expect(client.jar.size).toBe(0);
  });
});
