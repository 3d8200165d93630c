/**
 * The store floor: the baseline plus the very store calls Sesame makes for each route, on the
 * same Sesame store, with no session library around them. `GET /read` is one `get`, `POST /update`
 * a `get` then an `applyDelta` of one key, `POST /login` one `create`. The cookie is the record's
 * id as it is: no token, no hash, no CSRF check, no timeouts, no rotation, no headers beyond the
 * cookie. It puts Express's req and res in dictionary mode as Sesame's adapters do, since that
 * makes Express itself cheaper (bench/RESULTS.md, the express-session layer's section).
 *
 * Nothing a session layer can do on that store costs less, so express-session's req/s divided by
 * this variant's is the most any library could reach over express-session in the same run. The gap
 * from the store floor to Sesame is Sesame's own work on top of the store.
 *
 * @module
 */
import type { RequestHandler } from 'express';
import type { SessionRecord, SessionStore } from 'sesame-session';
import { fillRecord } from './fill-records.js';
import { freshUserId, nextValue, notSignedIn, type RouteHandlers } from './routes.js';

const COOKIE = 'floor=';
const SHAPE_SWITCH = Symbol('store-floor.shape');

/** The record the request's cookie names, or `null`; set by the middleware for the routes. */
const records = new WeakMap<object, SessionRecord | null>();

function cookieId(header: string | undefined): string | null {
  if (header === undefined || !header.startsWith(COOKIE)) return null;
  const end = header.indexOf(';');
  return header.slice(COOKIE.length, end === -1 ? undefined : end);
}

/**
 * The one trick of Sesame's Express adapters that any layer can use, so the floor has it too:
 * one property added to req and res and deleted again puts them in dictionary mode, which makes
 * every property Express adds later cheap (packages/sesame/src/adapters/express/own-shape.ts).
 */
function dictionaryMode(...objects: object[]): void {
  for (const object of objects) {
    const target = object as Record<symbol, unknown>;
    target[SHAPE_SWITCH] = true;
    delete target[SHAPE_SWITCH];
  }
}

export function storeFloorHandlers(store: SessionStore): RouteHandlers {
  const load: RequestHandler = (req, res, next) => {
    dictionaryMode(req, res);
    const id = cookieId(req.headers.cookie);
    if (id === null) {
      records.set(req, null);
      next();
      return;
    }
    store.get(id).then((record) => {
      records.set(req, record);
      next();
    }, next);
  };
  return {
    middleware: [load],
    read: (req, res) => {
      const record = records.get(req);
      if (record == null) return notSignedIn(res);
      res.json({ userId: record.userId, n: record.data['n'] ?? null });
    },
    update: async (req, res) => {
      const record = records.get(req);
      if (record == null) return notSignedIn(res);
      const n = nextValue();
      await store.applyDelta(record.id, { set: { n } });
      res.json({ n });
    },
    login: async (_req, res) => {
      const record = { ...fillRecord(0, Date.now()), userId: freshUserId(), data: {} };
      await store.create(record);
      res.setHeader('Set-Cookie', `${COOKIE}${record.id}; Path=/; HttpOnly`);
      res.json({ userId: record.userId });
    },
  };
}
