/**
 * ownShape changes how V8 stores Express's req and res, never what an app sees: every property,
 * the prototype and the property order stay, and nothing of Sesame's is left behind.
 */
import { describe, expect, it } from 'vitest';
import express from 'express';
import { createSessions } from '../../index.js';
import { memoryStore } from '../../stores/memory/index.js';
import { Client, TEST_SECRET } from '../../../test/support/app.js';
import { listen } from '../../../test/support/layer-app.js';
import { sesame } from './index.js';
import { ownShape } from './own-shape.js';

function shapeOf(value: object): { keys: string[]; symbols: symbol[]; proto: object | null } {
  return {
    keys: Object.keys(value),
    symbols: Object.getOwnPropertySymbols(value),
    proto: Object.getPrototypeOf(value) as object | null,
  };
}

describe('ownShape', () => {
  it('leaves the keys, their order, their values and the prototype as they were', () => {
    const proto = { inherited: true };
    const req = Object.assign(Object.create(proto) as Record<string, unknown>, { b: 1, a: 'x', c: [1] });
    const res = Object.assign(Object.create(null) as Record<string, unknown>, { locals: {} });
    const before = [shapeOf(req), shapeOf(res)];
    const locals = res['locals'];
    ownShape(req, res);
    expect([shapeOf(req), shapeOf(res)]).toEqual(before);
    expect(res['locals']).toBe(locals);
    expect(req['c']).toEqual([1]);
  });

  it('leaves Express’s req and res as Express made them, in a real app behind sesame()', async () => {
    const sessions = createSessions({ store: memoryStore(), secrets: TEST_SECRET, production: false });
    const app = express();
    let seen: { symbols: string[]; locals: unknown; params: unknown; proto: boolean } | null = null;
    app.use(sesame(sessions));
    app.get('/items/:id', (req, res) => {
      res.locals['title'] = 'item';
      seen = {
        symbols: [...Object.getOwnPropertySymbols(req), ...Object.getOwnPropertySymbols(res)].map(String),
        locals: { ...res.locals },
        params: { ...req.params },
        proto: Object.getPrototypeOf(res) === app.response && Object.getPrototypeOf(req) === app.request,
      };
      res.json({ ok: true });
    });
    const server = await listen(app, {});
    try {
      const reply = await new Client(server.url).get('/items/42');
      expect(reply.status).toBe(200);
    } finally {
      await server.close();
    }
    expect(seen).not.toBeNull();
    expect(seen!.symbols.filter((name) => name.includes('sesame'))).toEqual([]);
    expect(seen!.locals).toEqual({ title: 'item' });
    expect(seen!.params).toEqual({ id: '42' });
    expect(seen!.proto).toBe(true);
  });
});
