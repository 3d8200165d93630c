/**
 * The Web-standard entry passes the adapter contract (issue 13): one fetch-style handler wrapped
 * in `withSession`, served on Node through @hono/node-server's bridge (no Hono routing).
 */
import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import type { Session, Sessions } from '../../src/index.js';
import { withSession } from '../../src/adapters/web/index.js';
import { describeAdapterContract } from '../../src/testing/index.js';
import { listen } from './listen.js';

async function route(request: Request, session: Session): Promise<Response> {
  const url = new URL(request.url);
  const query = Object.fromEntries(url.searchParams);
  switch (`${request.method} ${url.pathname}`) {
    case 'GET /me':
      return Response.json({ userId: session.userId, data: session.data, stored: session.isStored });
    case 'POST /login':
      await session.login(String(query['user']), { remember: query['remember'] === '1' });
      return Response.json({ userId: session.userId });
    case 'POST /set':
      await session.update(query);
      return Response.json({ data: session.data });
    case 'POST /logout':
      await session.logout();
      return Response.json({ ok: true });
    case 'POST /logout-everywhere':
      return Response.json({ count: await session.logoutEverywhere() });
    case 'GET /csrf':
      return Response.json({ token: await session.csrfToken() });
    case 'POST /action':
      return Response.json({ ok: true });
    default:
      return new Response('Not Found', { status: 404 });
  }
}

describeAdapterContract('web (withSession)', {
  trustsLoopbackProxy: true,
  start: (sessions: Sessions) =>
    listen(createAdaptorServer({ fetch: withSession(sessions, route, { trustProxy: true }) }) as Server),
});
