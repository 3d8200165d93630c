/**
 * Give Express's `req` and `res` a shape of their own before anything is added to them.
 *
 * Express swaps the prototype of every request and response (`Object.setPrototypeOf` to
 * `app.request` / `app.response`). In V8 an object whose prototype was swapped gets a new hidden
 * class (map) for every property added afterwards, copied with its ~45-entry descriptor array: no
 * two requests in flight share one, every inline cache that touches them misses, and the copies
 * are old-generation garbage. Express itself adds `res.locals`, `req.params`, `req.route`, … that
 * way, and every property a session middleware adds (`req.session`, a wrapped `res.end`) costs
 * about 2.3 µs more.
 *
 * Adding one property and deleting it again turns the object into a dictionary-mode object: from
 * then on a property add is a hash-table insert, and the objects share a normalized map, which
 * the inline caches know. Measured in an Express 5 app under wrk (one core, 50 connections,
 * `res.send('ok')`, median server CPU per request): 137 µs untouched, 107 µs with req and res
 * turned into dictionary mode, 155 µs with seven properties added the ordinary way, 97 µs with
 * the same seven added after the switch (bench/RESULTS.md, the express-session layer's section,
 * "Why Express's requests were expensive to add to").
 *
 * Only the two objects of this request change, and nothing an app can observe: the property is
 * a private symbol and is gone again at once.
 *
 * @module
 */

const SWITCH = Symbol('sesame.ownShape');

/** Turn `req` and `res` into dictionary-mode objects, which make later property adds cheap. */
export function ownShape(req: object, res: object): void {
  const request = req as Record<symbol, unknown>;
  const response = res as Record<symbol, unknown>;
  request[SWITCH] = true;
  response[SWITCH] = true;
  delete request[SWITCH];
  delete response[SWITCH];
}
