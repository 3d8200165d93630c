/**
 * The machine and versions a run was measured on, for the report's header.
 *
 * @module
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { RedisAdmin } from './redis-admin.js';

const run = promisify(execFile);

export interface Environment {
  dateIso: string;
  cpuModel: string;
  nproc: number;
  memoryGb: number;
  kernel: string;
  node: string;
  wrk: string;
  redis: string | null;
  postgres: string | null;
  sqlite: string;
  gitCommit: string;
  /** How the servers loaded Sesame. */
  sesameBuild?: string;
  packages: Record<string, string>;
}

const PACKAGES = [
  'sesame',
  'express',
  'express-session',
  'connect-redis',
  'better-sqlite3-session-store',
  'connect-pg-simple',
  'iron-session',
  'better-sqlite3',
  'redis',
  'pg',
  'tsx',
];

async function packageVersion(root: string, name: string): Promise<string> {
  for (const dir of [join(root, 'bench', 'node_modules'), join(root, 'node_modules')]) {
    try {
      const json = JSON.parse(await readFile(join(dir, name, 'package.json'), 'utf8')) as { version: string };
      return json.version;
    } catch {
      // Not installed here: try the next node_modules.
    }
  }
  return 'not installed';
}

async function text(command: string, args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await run(command, args);
    return `${stdout}${stderr}`.trim();
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    return `${stdout}${stderr}`.trim();
  }
}

export async function describeEnvironment(
  root: string,
  redis: RedisAdmin | null,
  databaseUrl: string,
  postgresUp: boolean,
): Promise<Environment> {
  const packages: Record<string, string> = {};
  for (const name of PACKAGES) packages[name] = await packageVersion(root, name);
  let postgres: string | null = null;
  if (postgresUp) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const row = (await client.query<{ server_version: string }>('SHOW server_version')).rows[0];
    postgres = row?.server_version.split(' ')[0] ?? null;
    await client.end();
  }
  const db = new Database(':memory:');
  const sqlite = (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  db.close();
  const dirty =
    (await text('git', ['-C', root, 'status', '--porcelain', '--', 'packages/sesame/src'])) !== '';
  return {
    dateIso: new Date().toISOString(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    nproc: Number(await text('nproc', [])) || cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    kernel: await text('uname', ['-sr']),
    node: process.version,
    wrk: (await text('wrk', ['--version'])).split('\n')[0]?.replace(/ Copyright.*/, '') ?? 'unknown',
    redis: redis === null ? null : await redis.serverVersion(),
    postgres,
    sqlite,
    gitCommit: `${await text('git', ['-C', root, 'rev-parse', '--short', 'HEAD'])}${dirty ? ' (packages/sesame/src has uncommitted changes)' : ''}`,
    packages,
  };
}
