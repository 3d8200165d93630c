/**
 * Where the real servers for store tests are, and what to do when one is missing: skip on a
 * developer machine, fail in CI (`CI=true`), so a CI run can never pass by skipping silently.
 *
 * @module
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import pg from 'pg';
import { createClient } from 'redis';

const run = promisify(execFile);
const PROBE_TIMEOUT_MS = 2_000;

/** `REDIS_URL`, default the local Redis. */
export function redisUrl(): string {
  return process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
}

/** `DATABASE_URL`, default the local PostgreSQL. */
export function databaseUrl(): string {
  return process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

/** True in CI, where a missing server is a failure rather than a skip. */
export function isCi(): boolean {
  const ci = process.env['CI'];
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

/** A name unique to this run, for key prefixes, schemas and tables: `<label>_<hex>`. */
export function uniqueName(label: string): string {
  return `${label}_${randomBytes(6).toString('hex')}`;
}

/**
 * Whether the tests that need `what` can run. Resolves `false` (tests skip) when `probe` fails on
 * a developer machine; throws in CI, failing the test file.
 */
export async function requireServer(what: string, probe: () => Promise<unknown>): Promise<boolean> {
  try {
    await probe();
    return true;
  } catch (error) {
    const reason = `${what} is not available: ${error instanceof Error ? error.message : String(error)}`;
    if (isCi()) throw new Error(`${reason}. CI=true: store tests must run against the real server.`);
    console.warn(`skipping tests: ${reason}`);
    return false;
  }
}

/** Connect to `url`, PING, disconnect; rejects within about two seconds when Redis is not there. */
export async function probeRedis(url: string = redisUrl()): Promise<void> {
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: PROBE_TIMEOUT_MS, reconnectStrategy: false },
  });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
  } finally {
    if (client.isOpen) client.destroy();
  }
}

/** Run `SELECT 1` on `url`; rejects within about two seconds when PostgreSQL is not there. */
export async function probePostgres(url: string = databaseUrl()): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: PROBE_TIMEOUT_MS });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => {});
  }
}

/** Resolves when the `redis-server` and `redis-cli` binaries can be run. */
export async function probeRedisBinaries(): Promise<void> {
  await run('redis-server', ['--version'], { timeout: PROBE_TIMEOUT_MS });
  await run('redis-cli', ['--version'], { timeout: PROBE_TIMEOUT_MS });
}
