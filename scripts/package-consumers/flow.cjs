'use strict';
// The sign-in that the JavaScript consumer projects run against the installed tarballs: Express
// adapter and memory store on a real HTTP server; POST a login, read the __Host-sid cookie back.
const assert = require('node:assert/strict');
const { once } = require('node:events');
const { randomBytes } = require('node:crypto');

const FORM = 'application/x-www-form-urlencoded';

/** Runs the sign-in; throws when any step differs from what a user of the README would see. */
exports.signIn = async function signIn({ createSessions, isSesameError, memoryStore, sesame, express }) {
  const sessions = createSessions({ store: memoryStore(), secrets: randomBytes(32).toString('base64url') });
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  app.use(sesame(sessions));
  app.post('/login', async (req, res) => {
    await req.session.login(String(req.body.username));
    res.status(204).end();
  });
  app.get('/me', (req, res) => res.json({ userId: req.session.userId }));
  app.use((err, req, res, next) => {
    if (!isSesameError(err)) return next(err);
    res.status(err.status).json({ code: err.code });
  });
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const base = `http://127.0.0.1:${server.address().port}`;
    const sameSite = { 'content-type': FORM, origin: base, 'sec-fetch-site': 'same-origin' };
    const login = await fetch(`${base}/login`, { method: 'POST', headers: sameSite, body: 'username=alice' });
    assert.equal(login.status, 204);
    const setCookie = login.headers.getSetCookie().find((line) => line.startsWith('__Host-sid='));
    assert.ok(setCookie, 'the login sets the __Host-sid cookie');
    assert.match(setCookie, /; HttpOnly/i);
    assert.match(setCookie, /; Secure/i);
    assert.match(setCookie, /; SameSite=Lax/i);
    const me = await fetch(`${base}/me`, { headers: { cookie: setCookie.split(';')[0] } });
    assert.deepEqual(await me.json(), { userId: 'alice' });
    const foreign = { ...sameSite, origin: 'https://attacker.example', 'sec-fetch-site': 'cross-site' };
    const forged = await fetch(`${base}/login`, { method: 'POST', headers: foreign, body: 'username=eve' });
    assert.equal(forged.status, 403);
    assert.deepEqual(await forged.json(), { code: 'ERR_CSRF_ORIGIN' });
  } finally {
    server.close();
    await sessions.close();
  }
};

/**
 * Device Bound Session Credentials from this module system: the login offers registration and the
 * registration proof, signed with jose as a browser would, is verified by the installed package.
 * From CommonJS this is the path that must not `require('jose')` (ESM only; Node 20.12–20.18 cannot
 * require an ES module). A proof whose header carries another key is refused.
 */
exports.deviceBound = async function deviceBound({ createSessions, memoryStore, sesame, express }) {
  // jose is ESM only: `import()` works from CommonJS on every Node.js 20, `require()` does not.
  const { SignJWT, exportJWK, generateKeyPair } = await import('jose');
  const sessions = createSessions({
    store: memoryStore(),
    secrets: randomBytes(32).toString('base64url'),
    deviceBound: {},
  });
  const app = express();
  app.use(sesame(sessions));
  app.post('/login', async (req, res) => {
    await req.session.login('alice');
    res.status(204).end();
  });
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const base = `http://127.0.0.1:${server.address().port}`;
    const sameSite = { origin: base, 'sec-fetch-site': 'same-origin' };
    const login = await fetch(`${base}/login`, { method: 'POST', headers: sameSite });
    assert.equal(login.status, 204);
    const cookie = login.headers
      .getSetCookie()
      .find((line) => line.startsWith('__Host-sid='))
      .split(';')[0];
    const offer = /^\(([^)]*)\);path="([^"]*)";challenge="([^"]*)"$/.exec(
      login.headers.get('secure-session-registration') ?? '',
    );
    assert.ok(offer, 'the login offers device-bound registration');
    const [, , path, challenge] = offer;
    const key = await generateKeyPair('ES256');
    const other = await generateKeyPair('ES256');
    const proof = (signer, jwk) =>
      new SignJWT({ jti: challenge })
        .setProtectedHeader({ alg: 'ES256', typ: 'dbsc+jwt', jwk })
        .sign(signer.privateKey);
    const post = async (jwt) =>
      fetch(`${base}${path}`, {
        method: 'POST',
        headers: { ...sameSite, cookie, 'secure-session-response': jwt },
      });
    const forged = await post(await proof(other, await exportJWK(key.publicKey)));
    assert.equal(forged.status, 400, 'a proof signed by another key is refused');
    const registered = await post(await proof(key, await exportJWK(key.publicKey)));
    assert.equal(registered.status, 200, 'the registration proof verifies');
    assert.match(registered.headers.get('secure-session-challenge') ?? '', /^"[^"]+";id="[^"]+"$/);
  } finally {
    server.close();
    await sessions.close();
  }
};

/** `load` must fail with ERR_PEER_MISSING naming `peer` and an install command. */
exports.expectPeerMissing = async function expectPeerMissing(load, peer) {
  let error;
  try {
    await load();
  } catch (err) {
    error = err;
  }
  assert.equal(
    error?.code,
    'ERR_PEER_MISSING',
    `expected ERR_PEER_MISSING for ${peer}, got ${String(error)}`,
  );
  assert.equal(error.name, 'SesameError');
  // Loggers (pino's "type", Node's uncaught-error line) print the class's own name.
  assert.equal(error.constructor.name, 'SesameError');
  assert.match(error.message, new RegExp(`npm install (-D )?${peer}`));
};
