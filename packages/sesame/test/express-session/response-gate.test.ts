/**
 * The layer holds a response's first output until the session is saved, so a new session's
 * `Set-Cookie` is in the headers whichever way the app starts its response (`writeHead`,
 * `flushHeaders`, `write`, `end`), and holds it no longer: a server-sent event stream starts once
 * the save is done, not when the handler ends, and a visitor with nothing to save is never held.
 * Data that cannot be saved is a 500 and a log line, never a crash; a write after the response
 * was sent logs which request did it (issue 12).
 */
import { request } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { COOKIE, Client } from '../support/app.js';
import { startLayerApp, sessionOf } from '../support/layer-app.js';
import type { LayerApp } from '../support/layer-app.js';

let app: LayerApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** GET `path` and resolve once the response's headers have arrived; the body is read in chunks. */
function openStream(url: string, path: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(url + path, { method: 'GET' }, resolve);
    req.on('error', reject);
    req.end();
  });
}

/** The next chunk of `stream`, as text. */
function nextChunk(stream: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    stream.once('data', (chunk: Buffer) => resolve(chunk.toString('utf8')));
    stream.once('error', reject);
  });
}

const sessionCookie = (headers: IncomingMessage['headers']): string | undefined =>
  headers['set-cookie']?.find((line) => line.startsWith(`${COOKIE}=`));

describe('the first output waits for the save, and only the first', () => {
  it('an app that calls res.writeHead itself still sends the new session cookie', async () => {
    app = await startLayerApp({
      routes: (a) =>
        a.get('/head', (req, res) => {
          sessionOf(req)['seen'] = true;
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end('ok');
        }),
    });
    const client = new Client(app.url);
    const reply = await client.get('/head');
    expect(reply.text).toBe('ok');
    expect(client.jar.has(COOKIE)).toBe(true);
  });

  it('a server-sent event stream gets its cookie in the headers, and streams before the handler ends', async () => {
    let more: () => void = () => undefined;
    const moreAllowed = new Promise<void>((resolve) => (more = resolve));
    app = await startLayerApp({
      routes: (a) =>
        a.get('/events', async (req, res) => {
          if (req.query['quiet'] === undefined) sessionOf(req)['subscribed'] = true;
          res.setHeader('Content-Type', 'text/event-stream');
          res.flushHeaders();
          res.write('data: 1\n\n');
          await moreAllowed;
          res.write('data: 2\n\n');
          res.end();
        }),
    });
    const stream = await openStream(app.url, '/events');
    expect(stream.headers['content-type']).toBe('text/event-stream');
    expect(sessionCookie(stream.headers)).toBeDefined();
    expect(await nextChunk(stream)).toBe('data: 1\n\n');
    more();
    expect(await nextChunk(stream)).toBe('data: 2\n\n');

    // Nothing to save: the headers leave at once, with no cookie.
    const quiet = await openStream(app.url, '/events?quiet');
    expect(sessionCookie(quiet.headers)).toBeUndefined();
    expect(await nextChunk(quiet)).toBe('data: 1\n\n');
    quiet.resume();
  });
});

describe('what cannot be saved', () => {
  it('data whose toJSON throws (whatever it throws) is a 500 and a log line, with no cookie', async () => {
    app = await startLayerApp({
      routes: (a) =>
        a.get('/bad', (req, res) => {
          sessionOf(req)['bad'] = {
            toJSON() {
              // eslint-disable-next-line @typescript-eslint/only-throw-error -- what an app's value might throw
              throw 'not serializable';
            },
          };
          res.json({ ok: true });
        }),
    });
    const reply = await new Client(app.url).get('/bad');
    expect(reply.status).toBe(500);
    expect(reply.text).not.toContain('ok');
    expect(reply.setCookies).toEqual([]);
    expect(app.errors.join('\n')).toContain('saving req.session failed');
  });

  it('a save after the response was sent fails in its callback and logs the request that did it', async () => {
    let late: (err: unknown) => void = () => undefined;
    const lateSave = new Promise<unknown>((resolve) => (late = resolve));
    app = await startLayerApp({
      routes: (a) =>
        a.post('/late', (req, res) => {
          const session = sessionOf(req);
          res.on('finish', () => {
            session['late'] = true;
            session.save(late);
          });
          res.json({ ok: true });
        }),
    });
    const client = new Client(app.url);
    const reply = await client.post('/late?token=secret-value');
    expect(reply.status).toBe(200);
    expect(reply.setCookies).toEqual([]);
    expect(await lateSave).toBeInstanceOf(Error);
    const warnings = app.errors.filter((e) => e.startsWith('warn: sesame: POST /late:'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).not.toContain('secret-value');
  });
});
