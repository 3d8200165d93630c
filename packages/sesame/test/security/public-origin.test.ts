/**
 * In production the same-origin check trusts the configured public origin(s), never the client's
 * `Host` header (issue 10: `Host: evil.example` with `Origin: http://evil.example` was accepted,
 * which a proxy that forwards Host unchecked makes reachable). Production refuses to start
 * without the option; development keeps the Host fallback.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSessions, isSesameError } from '../../src/index.js';
import { sqliteStore } from '../../src/stores/sqlite/index.js';
import { startApp, TEST_SECRET, type TestApp } from '../support/app.js';

/** POST /action with exactly these headers (fetch may not set Host). */
function post(app: TestApp, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL('/action', app.url), { method: 'POST', headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const forged = { host: 'evil.example', origin: 'http://evil.example' };

const dir = mkdtempSync(join(tmpdir(), 'sesame-origin-'));
const durableStore = () => sqliteStore({ path: join(dir, `${Math.random().toString(36).slice(2)}.db`) });

describe('same-origin check in production', () => {
  let production: TestApp;
  let development: TestApp;
  beforeAll(async () => {
    production = await startApp({
      store: durableStore(),
      production: true,
      origin: ['https://app.example', 'https://www.app.example'],
    });
    development = await startApp();
  });
  afterAll(async () => {
    await production.close();
    await development.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a forged Host with a matching Origin', async () => {
    const reply = await post(production, forged);
    expect(reply.status).toBe(403);
    expect(JSON.parse(reply.body)).toEqual({ error: 'ERR_CSRF_ORIGIN' });
  });

  it('refuses the request’s own Host as Origin when it is not configured', async () => {
    const host = new URL(production.url).host;
    expect((await post(production, { host, origin: `http://${host}` })).status).toBe(403);
  });

  it('accepts every configured origin, whatever the Host header says', async () => {
    for (const origin of ['https://app.example', 'https://www.app.example']) {
      expect((await post(production, { host: 'evil.example', origin })).status).toBe(200);
    }
  });

  it('development without the option falls back to the Host header, as documented', async () => {
    expect((await post(development, forged)).status).toBe(200);
  });

  it('production refuses to start without it, and says what to set', async () => {
    let error: unknown;
    const store = durableStore();
    try {
      createSessions({ store, secrets: TEST_SECRET, production: true });
    } catch (caught) {
      error = caught;
    }
    await store.close();
    expect(isSesameError(error, 'ERR_CONFIG_INSECURE')).toBe(true);
    expect((error as Error).message).toMatch(/origin: 'https:\/\/app\.example\.com'/);
  });
});
