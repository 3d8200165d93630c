/**
 * What the adapter contract leaves to each adapter's options and edges, on Fastify, the Web entry
 * and Hono: `skipCsrf` exempts the requests it names and only those (a webhook that verifies its
 * own signature); a form without Fetch Metadata, Origin or `_csrf` is refused; an error that is
 * not Sesame's stays the app's (never turned into a session refusal); a request without a `Host`
 * is never same-origin; and the app's own cookies stay beside Sesame's.
 */
import { connect } from 'node:net';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { createSessions } from '../../src/index.js';
import type { Sessions } from '../../src/index.js';
import { sesame as expressSesame } from '../../src/adapters/express/index.js';
import { sesame as fastifySesame } from '../../src/adapters/fastify/index.js';
import { sesame as honoSesame } from '../../src/adapters/hono/index.js';
import type { SesameEnv } from '../../src/adapters/hono/index.js';
import { withSession } from '../../src/adapters/web/index.js';
import { memoryStore } from '../../src/stores/memory/index.js';
import type { AdapterServer } from '../../src/testing/index.js';
import { TEST_SECRET } from '../support/app.js';
import { listen } from './listen.js';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const item of opened.splice(0)) await item.close();
});

function newSessions(): Sessions {
  const sessions = createSessions({
    store: memoryStore(),
    secrets: TEST_SECRET,
    production: false,
    logger: { warn: () => undefined, error: () => undefined },
  });
  opened.push(sessions);
  return sessions;
}

const crossSite = { 'sec-fetch-site': 'cross-site' };
const post = (url: string, headers: Record<string, string> = {}, body?: string) =>
  fetch(url, { method: 'POST', headers, ...(body === undefined ? {} : { body }) });

/** Send raw HTTP/1.0 (no Host header) and resolve the status code. */
function rawStatus(url: string, request: string): Promise<number> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.end(request));
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString('latin1')));
    socket.on('end', () => resolve(Number(/^HTTP\/1\.\d (\d{3})/.exec(text)?.[1] ?? 0)));
    socket.on('error', reject);
  });
}

describe('express', () => {
  it("keeps a cookie the app set before Sesame's, as one line or several", async () => {
    const app = express();
    app.use((req, res, next) => {
      res.setHeader('Set-Cookie', req.query['many'] === undefined ? 'theme=dark; Path=/' : ['a=1', 'b=2']);
      next();
    });
    app.use(expressSesame(newSessions()));
    app.post('/login', async (req, res) => {
      await req.session.login('alice');
      res.json({ ok: true });
    });
    const server = await listen(createServer(app));
    opened.push(server);
    const one = await post(`${server.url}/login`, { 'sec-fetch-site': 'same-origin' });
    expect(one.headers.getSetCookie()).toEqual([
      'theme=dark; Path=/',
      expect.stringMatching(/^__Host-sid=[^;]+;/),
    ]);
    const many = await post(`${server.url}/login?many`, { 'sec-fetch-site': 'same-origin' });
    expect(many.headers.getSetCookie()).toEqual(['a=1', 'b=2', expect.stringMatching(/^__Host-sid=[^;]+;/)]);
  });
});

describe('fastify', () => {
  async function start(): Promise<AdapterServer> {
    const app = Fastify({ logger: false });
    await app.register(fastifySesame, {
      sessions: newSessions(),
      skipCsrf: (request) => request.url === '/webhook',
    });
    app.post('/webhook', async (request) => {
      await request.session.update({ hooked: true });
      return { ok: true };
    });
    app.post('/action', () => ({ ok: true }));
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const server = { url, close: () => app.close() };
    opened.push(server);
    return server;
  }

  it('skipCsrf exempts the requests it names, and only those', async () => {
    const { url } = await start();
    const hook = await post(`${url}/webhook`, crossSite);
    expect(hook.status).toBe(200);
    expect(hook.headers.getSetCookie()).toHaveLength(1);
    expect((await post(`${url}/action`, crossSite)).status).toBe(403);
  });

  it('a request without a Host header is never same-origin', async () => {
    const { url } = await start();
    expect(await rawStatus(url, `POST /action HTTP/1.0\r\nOrigin: ${url}\r\nContent-Length: 0\r\n\r\n`)).toBe(
      403,
    );
    const withHost = `POST /action HTTP/1.0\r\nHost: ${new URL(url).host}\r\nOrigin: ${url}\r\nContent-Length: 0\r\n\r\n`;
    expect(await rawStatus(url, withHost)).toBe(200);
  });
});

describe('web entry', () => {
  const sessions = newSessions;

  it('skipCsrf exempts the requests it names, and only those', async () => {
    const handler = withSession(
      sessions(),
      async (_request, session) => {
        await session.update({ hooked: true });
        return Response.json({ ok: true });
      },
      { skipCsrf: (request) => new URL(request.url).pathname === '/webhook' },
    );
    const hook = await handler(
      new Request('http://127.0.0.1/webhook', { method: 'POST', headers: crossSite }),
    );
    expect(hook.status).toBe(200);
    expect(hook.headers.getSetCookie()).toHaveLength(1);
    const other = await handler(
      new Request('http://127.0.0.1/action', { method: 'POST', headers: crossSite }),
    );
    expect(other.status).toBe(403);
  });

  it('refuses a signed-in form without Fetch Metadata, Origin or a _csrf field', async () => {
    const handler = withSession(sessions(), async (request, session) => {
      if (new URL(request.url).pathname === '/login') await session.login('alice');
      return Response.json({ ok: true });
    });
    const login = await handler(
      new Request('http://127.0.0.1/login', { method: 'POST', headers: { 'sec-fetch-site': 'same-origin' } }),
    );
    const cookie = (login.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
    const form = (body: string) =>
      new Request('http://127.0.0.1/action', {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
    expect((await handler(form('a=1'))).status).toBe(403);
    expect((await handler(form('a=1&_csrf=forged'))).status).toBe(403);
  });

  it("rethrows a handler's own error: only a SesameError becomes a response", async () => {
    const handler = withSession(sessions(), () => {
      throw new Error('the app failed');
    });
    await expect(handler(new Request('http://127.0.0.1/'))).rejects.toThrow('the app failed');
  });
});

describe('hono', () => {
  async function start(app: Hono<SesameEnv>): Promise<string> {
    const server = await listen(createAdaptorServer({ fetch: app.fetch }) as Server);
    opened.push(server);
    return server.url;
  }

  it("a hook's own error reaches app.onError as itself, not as a session refusal", async () => {
    const app = new Hono<SesameEnv>();
    app.use(
      honoSesame(newSessions(), {
        skipCsrf: () => {
          throw new Error('hook failed');
        },
      }),
    );
    app.post('/action', (c) => c.json({ ok: true }));
    app.onError((error, c) => c.text(`onError: ${error.message}`, 500));
    const url = await start(app);
    const reply = await post(`${url}/action`, { 'sec-fetch-site': 'same-origin' });
    expect(reply.status).toBe(500);
    expect(await reply.text()).toBe('onError: hook failed');
  });
});
