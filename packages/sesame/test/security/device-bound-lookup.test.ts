/**
 * The DBSC registration endpoint finds its session the way a load does (issue 16): no cookie, a
 * malformed one, a wrong secret or an expired session is no session (401), never a lookup that
 * lets a request register a key for someone else's session; a live session without a proof is a
 * 400 (the endpoint found it).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseRegistration } from '../../src/testing/device-key.js';
import { Client, startApp, type TestApp } from '../support/app.js';

const SID = '__Host-sid';

describe('DBSC registration: which session it finds', () => {
  let app: TestApp;
  afterEach(async () => {
    await app.close();
  });

  async function signedIn(): Promise<{ path: string; token: string }> {
    const client = new Client(app.url);
    const login = await client.post('/login', { json: { user: 'alice' } });
    const offer = parseRegistration(login.headers.get('secure-session-registration'));
    const line = login.setCookies.find((l) => l.startsWith(`${SID}=`)) ?? '';
    return { path: offer.path, token: line.slice(SID.length + 1).split(';')[0] ?? '' };
  }

  const post = (path: string, cookie: string | null) =>
    new Client(app.url).post(path, cookie === null ? {} : { headers: { cookie } });

  it('a live session without a proof is found (400); no, malformed, wrong-secret or expired cookies are not (401)', async () => {
    app = await startApp({ deviceBound: {} });
    const { path, token } = await signedIn();
    expect((await post(path, `${SID}=${token}`)).status).toBe(400);
    // The endpoint is matched on the path alone: a query string does not hide it.
    expect((await post(`${path}?from=browser`, `${SID}=${token}`)).status).toBe(400);
    expect((await post(path, null)).status).toBe(401);
    expect((await post(path, `${SID}=not-a-token`)).status).toBe(401);
    const [id, secret] = token.split('.');
    const flipped = `${secret?.startsWith('A') === true ? 'B' : 'A'}${secret?.slice(1) ?? ''}`;
    expect((await post(path, `${SID}=${id}.${flipped}`)).status).toBe(401);
    app.clock.advance(365 * 24 * 3_600_000);
    expect((await post(path, `${SID}=${token}`)).status).toBe(401);
  });
});
