/**
 * connect-flash, unmodified, on the express-session layer (issue 12): a message set before a
 * redirect is shown once after it. Before the layer, `req.session.flash` was never stored and
 * messages vanished without an error.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Client } from '../support/app.js';
import { startLayerApp } from '../support/layer-app.js';
import type { LayerApp } from '../support/layer-app.js';
import { connectFlash, passportRequest } from '../support/passport-modules.js';

let app: LayerApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('connect-flash on the layer', () => {
  it('a flash message survives the redirect and is shown once', async () => {
    app = await startLayerApp({
      before: (a) => a.use(connectFlash()),
      routes: (a) => {
        a.post('/items', (req, res) => {
          passportRequest(req).flash('info', 'Item saved');
          res.redirect(303, '/items');
        });
        a.get('/items', (req, res) => res.json({ info: passportRequest(req).flash('info') }));
      },
    });
    const client = new Client(app.url);
    const posted = await client.post('/items');
    expect(posted.status).toBe(303);
    expect((await client.get('/items')).body).toEqual({ info: ['Item saved'] });
    expect((await client.get('/items')).body).toEqual({ info: [] });
  });
});
