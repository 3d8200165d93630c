/**
 * On Express 4, `sesame()` makes the router do what Express 5's does with a handler's promise
 * (issue 13): a rejection reaches the error handlers as `next(err)`, whatever it rejects with, and
 * otherwise routing is Express 4's own: error handlers are skipped on the normal path, plain
 * middleware is skipped on the error path, and an async error handler's own rejection reaches the
 * next one. Without this, a store outage inside an async route ends the process.
 */
/* eslint-disable @typescript-eslint/no-misused-promises -- Express 4's types say handlers return void; async handlers are what this shim is for. */
import { createServer } from 'node:http';
import express4 from 'express4';
import type { NextFunction, Request, Response } from 'express4';
import { afterEach, describe, expect, it } from 'vitest';
import { createSessions, isSesameError } from '../../src/index.js';
import { sesame } from '../../src/adapters/express/index.js';
import { memoryStore } from '../../src/stores/memory/index.js';
import type { AdapterServer } from '../../src/testing/index.js';
import { TEST_SECRET } from '../support/app.js';
import { listen } from './listen.js';

let server: AdapterServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** What the app's handlers saw, in order. */
const seen: string[] = [];
afterEach(() => void seen.splice(0));

/** The real memory store, every call failing while `down` is set (as in store-outage.test.ts). */
let down = false;
const store = new Proxy(memoryStore(), {
  get(target, key, receiver) {
    const value: unknown = Reflect.get(target, key, receiver);
    if (typeof value !== 'function' || key === 'close') return value;
    return (...args: unknown[]) =>
      down
        ? Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379'))
        : (value as (...a: unknown[]) => unknown).apply(target, args);
  },
});

async function start(): Promise<string> {
  const sessions = createSessions({
    store,
    secrets: TEST_SECRET,
    production: false,
    logger: { warn: () => undefined, error: () => undefined },
  });
  const app = express4();
  app.set('env', 'test'); // finalhandler: no stack traces on stderr
  // Typed through `unknown`: the repo's Express types are Express 5's, with Sesame's req.session.
  app.use(sesame(sessions) as unknown as express4.RequestHandler);
  app.get('/rejects-with-nothing', async () => {
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- what a careless handler does
    await Promise.reject(undefined);
  });
  app.post('/store-down', async (req, res) => {
    down = true; // the store fails while the route writes
    try {
      await (req as unknown as { session: { update(v: object): Promise<void> } }).session.update({ a: 1 });
    } finally {
      down = false;
    }
    res.json({ saved: true });
  });
  app.get('/error-handler-rejects', async () => {
    await Promise.resolve();
    throw new Error('first');
  });
  app.use((_req: Request, _res: Response, next: NextFunction) => {
    seen.push('plain middleware');
    next();
  });
  app.use(async (err: unknown, req: Request, res: Response, next: NextFunction) => {
    seen.push(`error handler: ${err instanceof Error ? err.message : String(err)}`);
    await Promise.resolve();
    if (req.path === '/error-handler-rejects') throw new Error('second');
    if (isSesameError(err)) return void res.status(err.status).json({ error: err.code });
    next(err);
  });
  server = await listen(createServer(app));
  return server.url;
}

describe('express 4 with sesame()', () => {
  it('a handler that rejects with nothing reaches the error handlers as an error', async () => {
    const url = await start();
    const reply = await fetch(`${url}/rejects-with-nothing`);
    expect(reply.status).toBe(500);
    expect(seen).toEqual(['error handler: Rejected promise']);
  });

  it('a store outage inside an async route skips plain middleware and answers 503 through the error handler', async () => {
    const url = await start();
    const reply = await fetch(`${url}/store-down`, {
      method: 'POST',
      headers: { 'sec-fetch-site': 'same-origin' },
    });
    expect(reply.status).toBe(503);
    expect(await reply.json()).toEqual({ error: 'ERR_STORE_UNAVAILABLE' });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatch(/^error handler: /);
  });

  it("an async error handler's own rejection reaches the next error handler (Express's own answers 500)", async () => {
    const url = await start();
    const reply = await fetch(`${url}/error-handler-rejects`);
    expect(reply.status).toBe(500);
    expect(seen).toEqual(['error handler: first']);
  });

  it('a request no route answers skips the error handler and is a 404', async () => {
    const url = await start();
    const reply = await fetch(`${url}/nowhere`);
    expect(reply.status).toBe(404);
    expect(seen).toEqual(['plain middleware']);
  });
});
