/**
 * passport-oauth2 with `state: true`, unmodified, against a small OAuth 2.0 provider started in
 * the test (issue 12). The state lives in `req.session` between the redirect to the provider and
 * the callback (RFC 6749 §10.12); before the layer it was never stored, and every sign-in failed
 * with "Unable to verify authorization request state".
 */
import { afterEach, describe, expect, it } from 'vitest';
import express from 'express';
import { Client } from '../support/app.js';
import { listen, startLayerApp } from '../support/layer-app.js';
import { newPassport, oauth2Strategy, passportRequest } from '../support/passport-modules.js';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const server of opened.splice(0)) await server.close();
});

/** Authorize (redirects straight back with a code), token and profile endpoints. */
async function startProvider(): Promise<{ url: string; close(): Promise<void> }> {
  const provider = express();
  provider.use(express.urlencoded({ extended: false }));
  provider.get('/authorize', (req, res) => {
    const query = req.query as Record<string, string | undefined>;
    const redirect = new URL(query['redirect_uri'] ?? '');
    redirect.searchParams.set('code', 'code-123');
    redirect.searchParams.set('state', query['state'] ?? '');
    res.redirect(302, redirect.href);
  });
  provider.post('/token', (req, res) => {
    if ((req.body as { code?: string }).code !== 'code-123')
      return res.status(400).json({ error: 'invalid_grant' });
    res.json({ access_token: 'access-xyz', token_type: 'bearer' });
  });
  provider.get('/profile', (req, res) => {
    if (req.headers.authorization !== 'Bearer access-xyz') return res.status(401).end();
    res.json({ id: 'oauth-7', name: 'Grace' });
  });
  const server = await listen(provider, {});
  opened.push(server);
  return server;
}

async function startApp(providerUrl: string): Promise<string> {
  const passport = newPassport();
  const strategy = oauth2Strategy(
    {
      authorizationURL: `${providerUrl}/authorize`,
      tokenURL: `${providerUrl}/token`,
      clientID: 'client-1',
      clientSecret: 'client-secret',
      callbackURL: '/auth/callback',
      state: true,
    },
    (
      _access: string,
      _refresh: string,
      profile: { id: string },
      done: (err: unknown, user?: object) => void,
    ) => done(null, { id: profile.id }),
  );
  strategy.userProfile = (accessToken, done) => {
    strategy._oauth2.useAuthorizationHeaderforGET(true);
    strategy._oauth2.get(`${providerUrl}/profile`, accessToken, (err, body) => {
      if (err) return done(err);
      done(null, JSON.parse(String(body)) as object);
    });
  };
  passport.use('provider', strategy);
  passport.serializeUser<{ id: string }>((user, done) => done(null, user.id));
  passport.deserializeUser<{ id: string }>((id, done) => done(null, { id }));
  const app = await startLayerApp({
    before: (a) => a.use(passport.session()),
    routes: (a) => {
      a.get('/auth/provider', passport.authenticate('provider'));
      a.get(
        '/auth/callback',
        passport.authenticate('provider', { successRedirect: '/account', failureRedirect: '/failed' }),
      );
      a.get('/account', (req, res) => {
        const preq = passportRequest(req);
        if (!preq.isAuthenticated()) return res.status(401).end();
        res.json({ user: (preq.user as { id: string }).id, sesameUser: req.sesame.userId });
      });
    },
  });
  opened.push(app);
  return app.url;
}

describe('passport-oauth2 with state: true on the layer', () => {
  it('keeps the state across the provider round trip and signs the user in', async () => {
    const provider = await startProvider();
    const url = await startApp(provider.url);
    const client = new Client(url);
    const toProvider = await client.get('/auth/provider');
    expect(toProvider.status).toBe(302);
    const authorize = new URL(toProvider.headers.get('location') ?? '');
    expect(authorize.searchParams.get('state')).toMatch(/.{16,}/);
    const back = await new Client(provider.url).get(authorize.pathname + authorize.search);
    const callback = new URL(back.headers.get('location') ?? '');
    const done = await client.get(callback.pathname + callback.search);
    expect(done.headers.get('location')).toBe('/account');
    expect((await client.get('/account')).body).toEqual({ user: 'oauth-7', sesameUser: 'oauth-7' });
  });

  it('refuses a callback whose state is not the one stored for this browser', async () => {
    const provider = await startProvider();
    const url = await startApp(provider.url);
    const client = new Client(url);
    await client.get('/auth/provider');
    const done = await client.get('/auth/callback?code=code-123&state=forged-state-value');
    expect(done.headers.get('location')).toBe('/failed');
    expect((await client.get('/account')).status).toBe(401);
  });
});
