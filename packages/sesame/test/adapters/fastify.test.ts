/**
 * Fastify 5 passes the adapter contract (issue 13), with `@fastify/formbody` parsing forms and
 * Fastify's own error handling answering refusals; plus what only Fastify can get wrong.
 */
import formbody from '@fastify/formbody';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { createSessions, isSesameError } from '../../src/index.js';
import type { Sessions } from '../../src/index.js';
import { sesame } from '../../src/adapters/fastify/index.js';
import { memoryStore } from '../../src/stores/memory/index.js';
import { describeAdapterContract } from '../../src/testing/index.js';
import type { AdapterServer } from '../../src/testing/index.js';

async function start(sessions: Sessions, extra?: (app: FastifyInstance) => void): Promise<AdapterServer> {
  const app = Fastify({ trustProxy: '127.0.0.1', logger: false });
  await app.register(formbody);
  await app.register(sesame, { sessions });
  const query = (request: { query: unknown }) => request.query as Record<string, string>;
  app.get('/me', (request) => ({
    userId: request.session.userId,
    data: request.session.data,
    stored: request.session.isStored,
  }));
  app.post('/login', async (request) => {
    await request.session.login(String(query(request)['user']), {
      remember: query(request)['remember'] === '1',
    });
    return { userId: request.session.userId };
  });
  app.post('/set', async (request) => {
    await request.session.update({ ...query(request) });
    return { data: request.session.data };
  });
  app.post('/logout', async (request) => {
    await request.session.logout();
    return { ok: true };
  });
  app.post('/logout-everywhere', async (request) => ({ count: await request.session.logoutEverywhere() }));
  app.get('/csrf', async (request) => ({ token: await request.session.csrfToken() }));
  app.post('/action', () => ({ ok: true }));
  extra?.(app);
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, close: () => app.close() };
}

describeAdapterContract('fastify', { trustsLoopbackProxy: true, start });

describe('fastify specifics', () => {
  const secrets = 'fastify-test-secret-0123456789-abcdefghijklmnop';
  const quiet = { warn: () => undefined, error: () => undefined };

  it('answers errors through Fastify with the error code, and a change after the reply is an error', async () => {
    const sessions = createSessions({ store: memoryStore(), secrets, production: false, logger: quiet });
    let late: unknown;
    let lateDone!: () => void;
    const lateSettled = new Promise<void>((resolve) => (lateDone = resolve));
    const server = await start(sessions, (app) =>
      app.post('/late', async (request, reply) => {
        await reply.send({ ok: true });
        // A write and a sign-in that could only reach the browser with a cookie, after the reply.
        void Promise.allSettled([request.session.set('late', 1), request.session.login('late-user')]).then(
          (results) => {
            late = results.map((result): unknown => (result.status === 'rejected' ? result.reason : null));
            lateDone();
          },
        );
        return reply;
      }),
    );
    try {
      const refused = await fetch(`${server.url}/action`, {
        method: 'POST',
        headers: { 'sec-fetch-site': 'cross-site' },
      });
      expect(refused.status).toBe(403);
      expect(await refused.json()).toMatchObject({ statusCode: 403, code: 'ERR_CSRF_ORIGIN' });
      const reply = await fetch(`${server.url}/late`, {
        method: 'POST',
        headers: { 'sec-fetch-site': 'same-origin' },
      });
      expect(reply.status).toBe(200);
      await lateSettled;
      const failures = late as unknown[];
      expect(failures.map((error) => isSesameError(error, 'ERR_RESPONSE_SENT'))).toEqual([true, true]);
      expect(String(failures[1])).toMatch(/after the reply was sent/);
      // Nothing was stored for a cookie that could not be sent.
      expect(await sessions.config.store.listByUser('late-user')).toEqual([]);
    } finally {
      await server.close();
      await sessions.close();
    }
  });

  it('refuses a cross-site request before its body is parsed; waits for the body when only the token can decide', async () => {
    const sessions = createSessions({ store: memoryStore(), secrets, production: false, logger: quiet });
    const parsed: string[] = [];
    const server = await start(sessions, (app) =>
      app.addContentTypeParser('text/plain', { parseAs: 'string' }, (_request, body, done) => {
        parsed.push(String(body));
        done(null, { _csrf: String(body) });
      }),
    );
    try {
      const post = (headers: Record<string, string>, body: string) =>
        fetch(`${server.url}/action`, {
          method: 'POST',
          headers: { 'content-type': 'text/plain', ...headers },
          body,
        });
      expect((await post({ 'sec-fetch-site': 'cross-site' }, 'cross-site')).status).toBe(403);
      expect((await post({ origin: 'https://evil.example' }, 'evil-origin')).status).toBe(403);
      // Anonymous: no token can be valid, so nothing to parse.
      expect((await post({}, 'anonymous')).status).toBe(403);
      const login = await fetch(`${server.url}/login?user=alice`, {
        method: 'POST',
        headers: { 'sec-fetch-site': 'same-origin' },
      });
      const cookie = (login.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
      expect((await post({ cookie }, 'signed-in')).status).toBe(403);
      expect(parsed).toEqual(['signed-in']);
    } finally {
      await server.close();
      await sessions.close();
    }
  });
});
