import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditAbort, BudgetExhausted, OffTargetError } from '../errors.js';
import { Agent } from './agent.js';
import { RequestBudget } from './budget.js';
import { HttpClient } from './client.js';

interface Running {
  url: URL;
  hits: string[];
  server: Server;
}

async function start(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Running> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(`${req.method ?? ''} ${req.url ?? ''}`);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`), hits, server };
}

let elsewhere: Running;
let site: Running;

beforeAll(async () => {
  elsewhere = await start((_req, res) => res.end('other origin'));
  site = await start((req, res) => {
    if (req.url === '/away') res.writeHead(302, { location: `${elsewhere.url.origin}/stolen` }).end();
    else if (req.url === '/hop') res.writeHead(303, { location: '/here', 'set-cookie': 'a=1; Path=/' }).end();
    else if (req.url === '/big') res.end('x'.repeat(200_000));
    else if (req.url === '/hang') setTimeout(() => res.end('late'), 3000);
    else res.end(`here ${req.headers.cookie ?? ''} ${req.headers['x-extra']?.toString() ?? ''}`);
  });
});

afterAll(async () => {
  for (const { server } of [site, elsewhere]) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const clientFor = (
  overrides: { maxRequests?: number; requestTimeoutMs?: number; maxBodyBytes?: number } = {},
): HttpClient =>
  new HttpClient({
    target: site.url,
    publicOrigin: site.url.origin,
    budget: new RequestBudget(overrides.maxRequests ?? 50, Date.now() + 60_000),
    headers: { 'X-Extra': 'from --header' },
    requestTimeoutMs: overrides.requestTimeoutMs ?? 5000,
    maxBodyBytes: overrides.maxBodyBytes ?? 1 << 20,
  });

describe('HttpClient', () => {
  it('refuses to send anything to another origin', async () => {
    const client = clientFor();
    await expect(
      client.send({ method: 'GET', url: new URL('/x', elsewhere.url), headers: {} }),
    ).rejects.toThrow(OffTargetError);
    expect(elsewhere.hits).toEqual([]);
  });

  it('adds --header values to every request', async () => {
    const res = await clientFor().send({ method: 'GET', url: new URL('/', site.url), headers: {} });
    expect(res.body).toContain('from --header');
  });

  it('stops at the request budget', async () => {
    const client = clientFor({ maxRequests: 2 });
    const get = () => client.send({ method: 'GET', url: new URL('/', site.url), headers: {} });
    await get();
    await get();
    await expect(get()).rejects.toThrow(BudgetExhausted);
  });

  it('gives up on a request that takes longer than the per-request timeout', async () => {
    const started = Date.now();
    await expect(
      clientFor({ requestTimeoutMs: 300 }).send({
        method: 'GET',
        url: new URL('/hang', site.url),
        headers: {},
      }),
    ).rejects.toThrow(AuditAbort);
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('reads at most maxBodyBytes of a body', async () => {
    const res = await clientFor({ maxBodyBytes: 1000 }).send({
      method: 'GET',
      url: new URL('/big', site.url),
      headers: {},
    });
    expect(res.body.length).toBe(1000);
  });

  it('reports an unreachable site as AuditAbort("unreachable")', async () => {
    const closed = await start((_req, res) => res.end());
    closed.server.close();
    const client = new HttpClient({
      target: closed.url,
      publicOrigin: closed.url.origin,
      budget: new RequestBudget(5, Date.now() + 10_000),
      headers: {},
      requestTimeoutMs: 2000,
      maxBodyBytes: 1000,
    });
    await expect(client.send({ method: 'GET', url: closed.url, headers: {} })).rejects.toMatchObject({
      reason: 'unreachable',
    });
  });
});

describe('Agent.navigate', () => {
  it('follows same-origin redirects, keeping cookies set on the way', async () => {
    const agent = new Agent(clientFor(), true);
    const { final, hops } = await agent.navigate('POST', '/hop', { form: { a: 'b' } });
    expect(hops.map((h) => `${h.method} ${h.url.pathname} ${h.status}`)).toEqual([
      'POST /hop 303',
      'GET /here 200',
    ]);
    expect(final.body).toContain('a=1');
  });

  it('does not follow a redirect to another origin', async () => {
    const before = elsewhere.hits.length;
    const { offTarget, final } = await new Agent(clientFor(), true).navigate('GET', '/away');
    expect(offTarget?.origin).toBe(elsewhere.url.origin);
    expect(final.status).toBe(302);
    expect(elsewhere.hits.length).toBe(before);
  });
});
