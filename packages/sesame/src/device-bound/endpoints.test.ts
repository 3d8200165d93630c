import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { manualClock, type ManualClock } from '../clock.js';
import { readCookie } from '../cookie/parse.js';
import { cookieWriter } from '../cookie/serialize.js';
import type { RequestFacts } from '../http.js';
import { MemoryStore } from '../stores/memory/memory-store.js';
import { makeRecord } from '../testing/make-record.js';
import { DeviceKey, parseChallenge } from '../testing/device-key.js';
import { BoundCookie } from './bound-cookie.js';
import { offerBinding } from './challenge.js';
import type { DeviceBoundContext } from './endpoints.js';
import { endpointOf, refresh, register } from './endpoints.js';
import { resolveDeviceBound } from './options.js';

const settings = resolveDeviceBound({}, '__Host-', 'sid')!;
const secrets = [randomBytes(32)];
const MINUTE = 60_000;

let clock: ManualClock;
let store: MemoryStore;
let ctx: DeviceBoundContext;
let cookie: BoundCookie;

function facts(path: string, cookieHeader: string | null, headers: Partial<RequestFacts> = {}): RequestFacts {
  return {
    method: 'POST',
    host: 'example.com',
    isSecure: true,
    cookieHeader,
    origin: null,
    secFetchSite: 'same-origin',
    ip: null,
    userAgent: null,
    path,
    ...headers,
  };
}

beforeEach(() => {
  clock = manualClock(1_800_000_000_000);
  store = new MemoryStore({ clock });
  cookie = new BoundCookie(
    secrets,
    settings.cookieName,
    cookieWriter({ name: settings.cookieName, secure: true, sameSite: 'lax' }),
    settings.cookieLifetimeMs,
  );
  ctx = {
    settings,
    cookie,
    cookieAttributes: cookie.attributes(true, 'lax'),
    now: () => clock.now(),
    // Here the "session cookie" is the record id itself; the engine verifies a real token.
    findRecord: (f) => store.get(readCookie(f.cookieHeader, 'sid') ?? ''),
    saveBinding: (id, deviceBinding) => store.applyDelta(id, { deviceBinding }),
  };
});

async function signedIn() {
  const record = makeRecord(
    { userId: 'alice', deviceBinding: offerBinding(clock.now(), settings.challengeLifetimeMs) },
    clock.now(),
  );
  await store.create(record);
  return { record, sid: `sid=${record.id}`, offer: record.deviceBinding! };
}

async function registered(key: DeviceKey) {
  const session = await signedIn();
  const answer = await register(
    ctx,
    facts(settings.registrationPath, session.sid, {
      secureSessionResponse: await key.registrationProof(session.offer.challenge),
    }),
  );
  expect(answer.status).toBe(200);
  return { ...session, answer, next: parseChallenge(answer.headers['Secure-Session-Challenge'] ?? null) };
}

describe('endpointOf', () => {
  it('answers only POSTs to the two configured paths', () => {
    expect(endpointOf(settings, facts('/.sesame/dbsc/register', null))).toBe('register');
    expect(endpointOf(settings, facts('/.sesame/dbsc/refresh', null))).toBe('refresh');
    expect(endpointOf(settings, { ...facts('/.sesame/dbsc/refresh', null), method: 'GET' })).toBeNull();
    expect(endpointOf(settings, facts('/.sesame/dbsc/refresh/', null))).toBeNull();
    const pathless: RequestFacts = facts('/', null);
    delete pathless.path;
    expect(endpointOf(settings, pathless)).toBeNull();
  });
});

describe.each(['ES256', 'RS256'] as const)('registration and refresh with %s', (alg) => {
  it('registers the key, answers the instructions and a bound cookie, and caches the next challenge', async () => {
    const key = await DeviceKey.create(alg);
    const { record, answer, next } = await registered(key);
    const body = JSON.parse(answer.body) as Record<string, unknown>;
    const stored = (await store.get(record.id))?.deviceBinding;
    expect(body).toEqual({
      session_identifier: stored?.sessionId,
      refresh_url: '/.sesame/dbsc/refresh',
      scope: { include_site: false },
      credentials: [
        { type: 'cookie', name: '__Host-sid-bound', attributes: 'Path=/; Secure; HttpOnly; SameSite=Lax' },
      ],
    });
    expect(stored?.jwk).toMatchObject({ kty: alg === 'ES256' ? 'EC' : 'RSA' });
    expect(stored?.boundMs).toBe(clock.now());
    expect(next).toEqual({ challenge: stored?.challenge, id: stored?.sessionId });
    expect(answer.setCookies[0]).toMatch(
      /^__Host-sid-bound=[0-9a-z]+\.[\w-]{43}; Max-Age=600; Path=\/; HttpOnly; Secure; SameSite=Lax$/,
    );
  });

  it('refresh: 403 with the challenge without a proof, a new bound cookie with one', async () => {
    const key = await DeviceKey.create(alg);
    const { sid, next } = await registered(key);
    const asked = await refresh(ctx, facts(settings.refreshPath, sid, { secureSessionId: next.id }));
    expect(asked.status).toBe(403);
    expect(parseChallenge(asked.headers['Secure-Session-Challenge'] ?? null)).toEqual(next);

    const proof = await key.refreshProof(next.challenge);
    const answered = await refresh(
      ctx,
      facts(settings.refreshPath, sid, { secureSessionId: `"${next.id}"`, secureSessionResponse: proof }),
    );
    expect(answered.status).toBe(200);
    expect(answered.setCookies).toHaveLength(1);
    const after = parseChallenge(answered.headers['Secure-Session-Challenge'] ?? null);
    expect(after.challenge).not.toBe(next.challenge);
  });

  it('refuses a replayed refresh proof: the challenge is single use', async () => {
    const key = await DeviceKey.create(alg);
    const { sid, next } = await registered(key);
    const proof = await key.refreshProof(next.challenge);
    const request = facts(settings.refreshPath, sid, {
      secureSessionId: next.id,
      secureSessionResponse: proof,
    });
    expect((await refresh(ctx, request)).status).toBe(200);
    const replay = await refresh(ctx, request);
    expect(replay.status).toBe(403);
    expect(replay.setCookies).toEqual([]);
  });

  it('refuses a proof signed by another key', async () => {
    const { sid, next } = await registered(await DeviceKey.create(alg));
    const thief = await DeviceKey.create(alg);
    const answer = await refresh(
      ctx,
      facts(settings.refreshPath, sid, {
        secureSessionId: next.id,
        secureSessionResponse: await thief.refreshProof(next.challenge),
      }),
    );
    expect(answer.status).toBe(403);
    expect(answer.setCookies).toEqual([]);
  });

  it('the challenge sent with a 200 outlasts the bound cookie, so the next refresh needs one round trip', async () => {
    const key = await DeviceKey.create(alg);
    const { sid, next } = await registered(key);
    clock.advance(settings.cookieLifetimeMs + settings.challengeLifetimeMs - 1);
    const request = facts(settings.refreshPath, sid, {
      secureSessionId: next.id,
      secureSessionResponse: await key.refreshProof(next.challenge),
    });
    expect((await refresh(ctx, request)).status).toBe(200);
  });

  it('refuses a proof over an expired challenge, and issues a fresh one', async () => {
    const key = await DeviceKey.create(alg);
    const { sid, next } = await registered(key);
    clock.advance(settings.cookieLifetimeMs + settings.challengeLifetimeMs);
    const stale = await refresh(
      ctx,
      facts(settings.refreshPath, sid, {
        secureSessionId: next.id,
        secureSessionResponse: await key.refreshProof(next.challenge),
      }),
    );
    expect(stale.status).toBe(403);
    const fresh = parseChallenge(stale.headers['Secure-Session-Challenge'] ?? null);
    expect(fresh.challenge).not.toBe(next.challenge);
    const retried = await refresh(
      ctx,
      facts(settings.refreshPath, sid, {
        secureSessionId: next.id,
        secureSessionResponse: await key.refreshProof(fresh.challenge),
      }),
    );
    expect(retried.status).toBe(200);
  });
});

describe('registration refusals', () => {
  it('refuses a registration proof over another challenge, or with a bad signature', async () => {
    const { sid } = await signedIn();
    const key = await DeviceKey.create('ES256');
    const wrongChallenge = await register(
      ctx,
      facts(settings.registrationPath, sid, {
        secureSessionResponse: await key.registrationProof('not-the-offer'),
      }),
    );
    expect(wrongChallenge.status).toBe(400);
    const { offer } = await signedIn();
    const proof = await key.registrationProof(offer.challenge);
    const tampered = `${proof.slice(0, -4)}AAAA`;
    expect(
      (await register(ctx, facts(settings.registrationPath, sid, { secureSessionResponse: tampered })))
        .status,
    ).toBe(400);
  });

  it('refuses an expired offer, a second registration, and anonymous or unknown sessions', async () => {
    const key = await DeviceKey.create('ES256');
    const late = await signedIn();
    clock.advance(settings.challengeLifetimeMs + 1);
    expect(
      (
        await register(
          ctx,
          facts(settings.registrationPath, late.sid, {
            secureSessionResponse: await key.registrationProof(late.offer.challenge),
          }),
        )
      ).status,
    ).toBe(400);

    const { sid, offer } = await registered(key);
    const again = await register(
      ctx,
      facts(settings.registrationPath, sid, {
        secureSessionResponse: await (await DeviceKey.create('ES256')).registrationProof(offer.challenge),
      }),
    );
    expect(again.status).toBe(400);

    const anonymous = makeRecord({ deviceBinding: offerBinding(clock.now(), MINUTE) }, clock.now());
    await store.create(anonymous);
    const proof = await key.registrationProof(anonymous.deviceBinding!.challenge);
    expect(
      (
        await register(
          ctx,
          facts(settings.registrationPath, `sid=${anonymous.id}`, { secureSessionResponse: proof }),
        )
      ).status,
    ).toBe(401);
    expect(
      (await register(ctx, facts(settings.registrationPath, null, { secureSessionResponse: proof }))).status,
    ).toBe(401);
  });

  it('refuses a proof whose header key is not a P-256 or RSA public key', async () => {
    const { sid, offer } = await signedIn();
    const { SignJWT, generateKeyPair, exportJWK } = await import('jose');
    const { privateKey, publicKey } = await generateKeyPair('ES384');
    const proof = await new SignJWT({ jti: offer.challenge })
      .setProtectedHeader({ alg: 'ES384', typ: 'dbsc+jwt', jwk: await exportJWK(publicKey) })
      .sign(privateKey);
    expect(
      (await register(ctx, facts(settings.registrationPath, sid, { secureSessionResponse: proof }))).status,
    ).toBe(400);
  });
});

describe('refresh of sessions that are not bound under that id', () => {
  it('tells the browser to end its DBSC session', async () => {
    const { sid, next } = await registered(await DeviceKey.create('ES256'));
    const other = await refresh(ctx, facts(settings.refreshPath, sid, { secureSessionId: 'someOtherId' }));
    expect(other.status).toBe(200);
    expect(JSON.parse(other.body)).toEqual({ session_identifier: 'someOtherId', continue: false });
    const gone = await refresh(ctx, facts(settings.refreshPath, null, { secureSessionId: next.id }));
    expect(JSON.parse(gone.body)).toEqual({ session_identifier: next.id, continue: false });
    const unbound = await signedIn();
    const offered = await refresh(
      ctx,
      facts(settings.refreshPath, unbound.sid, { secureSessionId: unbound.offer.sessionId }),
    );
    expect(JSON.parse(offered.body)).toEqual({
      session_identifier: unbound.offer.sessionId,
      continue: false,
    });
    expect((await refresh(ctx, facts(settings.refreshPath, sid, {}))).status).toBe(400);
  });
});

describe('bound cookie', () => {
  it('verifies for its session until it expires, and never for another session', () => {
    const line = cookie.issue('record-a', 'binding-a', clock.now());
    const header = line.slice(0, line.indexOf(';'));
    expect(cookie.verify(header, 'record-a', 'binding-a', clock.now())).toBe(true);
    expect(cookie.verify(header, 'record-b', 'binding-a', clock.now())).toBe(false);
    expect(cookie.verify(header, 'record-a', 'binding-b', clock.now())).toBe(false);
    clock.advance(settings.cookieLifetimeMs - 1);
    expect(cookie.verify(header, 'record-a', 'binding-a', clock.now())).toBe(true);
    clock.advance(1);
    expect(cookie.verify(header, 'record-a', 'binding-a', clock.now())).toBe(false);
  });

  it('refuses a later expiry written into the value (the MAC covers it)', () => {
    const line = cookie.issue('record-a', 'binding-a', clock.now());
    const value = line.slice(line.indexOf('=') + 1, line.indexOf(';'));
    const [, mac] = value.split('.');
    const forged = `${settings.cookieName}=${(clock.now() + 86_400_000).toString(36)}.${mac}`;
    expect(cookie.verify(forged, 'record-a', 'binding-a', clock.now())).toBe(false);
    expect(cookie.verify(`${settings.cookieName}=garbage`, 'record-a', 'binding-a', clock.now())).toBe(false);
  });
});
