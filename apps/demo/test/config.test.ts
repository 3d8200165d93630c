/**
 * Configuration from the environment: durations people write by hand, a secret that production
 * cannot do without, and messages that say what to change.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseTrustProxy } from '../src/config.js';
import { TEST_SECRET } from './support/start-demo.js';

describe('loadConfig', () => {
  it('has working defaults for `npm start`', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      dataDir: './data',
      sessionStore: 'sqlite',
      sessionSecret: undefined,
      idleTimeoutMs: 30 * 60_000,
      absoluteTimeoutMs: 12 * 3_600_000,
      trustProxy: false,
      production: false,
    });
  });

  it.each([
    ['90s', 90_000],
    ['30m', 1_800_000],
    ['12h', 43_200_000],
  ])('reads SESSION_IDLE_TIMEOUT=%s', (value, ms) => {
    expect(loadConfig({ SESSION_IDLE_TIMEOUT: value }).idleTimeoutMs).toBe(ms);
  });

  it('refuses durations it cannot read, and an idle timeout longer than the absolute one', () => {
    expect(() => loadConfig({ SESSION_IDLE_TIMEOUT: '30 minutes' })).toThrow(
      /SESSION_IDLE_TIMEOUT must be a duration like 90s, 30m or 12h/,
    );
    expect(() => loadConfig({ SESSION_ABSOLUTE_TIMEOUT: '-1h' })).toThrow(ConfigError);
    expect(() => loadConfig({ SESSION_IDLE_TIMEOUT: '2h', SESSION_ABSOLUTE_TIMEOUT: '1h' })).toThrow(
      /must not be longer/,
    );
  });

  it('reads SESSION_KEYS newest first, and none by default (issue 15)', () => {
    expect(loadConfig({}).sessionKeys).toEqual([]);
    expect(loadConfig({ SESSION_KEYS: ' new-key , old-key,' }).sessionKeys).toEqual(['new-key', 'old-key']);
  });

  it('refuses an unknown store and a bad port', () => {
    expect(() => loadConfig({ SESSION_STORE: 'mongo' })).toThrow(
      /SESSION_STORE must be one of memory, sqlite, redis, postgres/,
    );
    expect(() => loadConfig({ PORT: 'http' })).toThrow(/PORT/);
  });

  it('refuses to run in production without SESSION_SECRET and says how to make one', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /SESSION_SECRET is required[\s\S]*randomBytes\(32\)/,
    );
    expect(
      loadConfig({
        NODE_ENV: 'production',
        SESSION_SECRET: 'x'.repeat(40),
        PUBLIC_ORIGIN: 'https://a.example',
      }).production,
    ).toBe(true);
  });

  // issue 10: the same-origin check must not trust the Host header a client sends.
  it('refuses to run in production without PUBLIC_ORIGIN and says what to set', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) })).toThrow(
      /^PUBLIC_ORIGIN is required when NODE_ENV=production: .*PUBLIC_ORIGIN=https:\/\/sesame\.example\.com/,
    );
    expect(loadConfig({ PUBLIC_ORIGIN: ' https://a.example, https://b.example ' }).publicOrigins).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
    expect(loadConfig({}).publicOrigins).toEqual([]);
  });

  it('reads TRUST_PROXY as Express understands it', () => {
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(parseTrustProxy('false')).toBe(false);
    expect(parseTrustProxy('true')).toBe(true);
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy('loopback, 10.0.0.0/8')).toBe('loopback, 10.0.0.0/8');
  });
});

describe('npm start', () => {
  const demoDir = fileURLToPath(new URL('..', import.meta.url));
  const run = promisify(execFile);

  it('exits with a one-line reason in production without SESSION_SECRET', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sesame-demo-start-'));
    try {
      const failed = await run(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
        cwd: demoDir,
        env: { PATH: process.env['PATH'], NODE_ENV: 'production', DATA_DIR: dataDir, PORT: '0' },
        timeout: 20_000,
      }).then(
        () => null,
        (error: { code: number; stderr: string }) => error,
      );
      expect(failed?.code).toBe(1);
      expect(failed?.stderr).toMatch(/^Cannot start: SESSION_SECRET is required when NODE_ENV=production/);
      expect(failed?.stderr).toContain('randomBytes(32)');
      expect(failed?.stderr).not.toMatch(/\n\s+at /);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('npm start on a port already in use', () => {
  const demoDir = fileURLToPath(new URL('..', import.meta.url));
  const run = promisify(execFile);

  it('exits 1 with one line that names the port', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sesame-demo-port-'));
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const failed = await run(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
        cwd: demoDir,
        env: {
          PATH: process.env['PATH'],
          DATA_DIR: dataDir,
          PORT: String(port),
          HOST: '127.0.0.1',
          SESSION_SECRET: TEST_SECRET,
        },
        timeout: 20_000,
      }).then(
        () => null,
        (error: { code: number; stdout: string; stderr: string }) => error,
      );
      expect(failed?.code).toBe(1);
      expect(failed?.stderr.trim()).toBe(
        `Cannot start: port ${port} on 127.0.0.1 is already in use. Stop whatever uses it, or set PORT to another port.`,
      );
      expect(failed?.stdout).not.toContain('Sesame demo on');
    } finally {
      taken.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('development without SESSION_SECRET', () => {
  it('starts with a random secret and exactly one warning line that says how to set one', async () => {
    const { startDemo } = await import('./support/start-demo.js');
    const demo = await startDemo({ env: { SESSION_SECRET: '', SESSION_STORE: 'memory' } });
    try {
      const warnings = demo.logger.lines.filter((line) => line.startsWith('warn:'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/^warn: SESSION_SECRET is not set: using a random one .*randomBytes\(32\)/);
      expect(warnings[0]).not.toContain('\n');
      expect((await fetch(`${demo.url}/login`)).status).toBe(200);
    } finally {
      await demo.close();
    }
  });
});
