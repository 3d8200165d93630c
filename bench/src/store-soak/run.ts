/**
 * The store soak (issue 10), run by `npm run soak -w bench` and by `npm run bench`. For each store, a server process under
 * mixed sign-in, read, write and sign-out for `--soak-duration` (default 10 minutes), sampling
 * its RSS and the store's size; then a verdict (RSS flat, no errors, size bounded by the sweep)
 * and a Markdown section, written between markers into bench/RESULTS.md or to `--out`.
 *
 * @module
 */
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { rssMb } from '../proc.js';
import { runLoad } from './load.js';
import { renderStoreSoak, replaceSection, type StoreSoakResult } from './render.js';
import { judgeSoak, type SoakSample } from './verdict.js';

export const STORES = ['memory', 'sqlite', 'redis', 'postgres'] as const;
const SERVER = fileURLToPath(new URL('./server.ts', import.meta.url));
const USERS = 16;

function log(message: string): void {
  process.stderr.write(`[soak] ${message}\n`);
}

async function soakStore(kind: string, durationS: number, workDir: string): Promise<StoreSoakResult> {
  const tag = `sesame_soak_${process.pid}_${kind}`;
  const child = fork(SERVER, [kind, workDir, tag], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${String(code)}`)));
  });
  const size = (): Promise<number> =>
    new Promise((resolve) => {
      child.once('message', (m: { size: number }) => resolve(m.size));
      child.send({ cmd: 'size' });
    });
  const pid = child.pid ?? 0;
  const samples: SoakSample[] = [];
  const t0 = Date.now();
  const sample = async (): Promise<void> => {
    samples.push({
      atS: Math.round((Date.now() - t0) / 1000),
      rssMb: (await rssMb(pid)) ?? 0,
      storeSize: await size(),
    });
  };
  const everyMs = durationS < 120 ? 2_000 : 5_000;
  let stop = false;
  await sample();
  const timer = setInterval(() => void sample(), everyMs);
  const load = runLoad(`http://127.0.0.1:${port}`, USERS, () => stop);
  await new Promise((resolve) => setTimeout(resolve, durationS * 1000));
  stop = true;
  const tally = await load;
  clearInterval(timer);
  await sample();
  child.disconnect();
  await new Promise((resolve) => child.once('exit', resolve));
  if (kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: process.env['DATABASE_URL'], max: 1 });
    await pool.query(`DROP SCHEMA IF EXISTS "${tag}" CASCADE`).finally(() => pool.end());
  }
  if (kind === 'redis') {
    const { createClient } = await import('redis');
    const client = createClient({ url: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379' });
    await client.connect();
    for await (const keys of client.scanIterator({ MATCH: `sesame-bench:${tag}:*`, COUNT: 1_000 })) {
      if (keys.length > 0) await client.unlink(keys);
    }
    client.destroy();
  }
  const elapsedS = (Date.now() - t0) / 1000;
  return { store: kind, durationS, elapsedS, ...tally, samples, verdict: judgeSoak(samples, tally.errors) };
}

/**
 * Soak each of `stores` for `durationS` seconds, one after another, and write the section into
 * `out` (replacing the one there, or appended).
 */
export async function runStoreSoak(durationS: number, stores: readonly string[], out: string): Promise<void> {
  for (const store of stores) {
    if (!(STORES as readonly string[]).includes(store))
      throw new TypeError(`--stores: unknown ${JSON.stringify(store)}`);
  }
  process.env['REDIS_URL'] ??= 'redis://127.0.0.1:6379';
  process.env['DATABASE_URL'] ??= 'postgres://postgres@127.0.0.1:5432/postgres';
  const workDir = await mkdtemp(join(tmpdir(), 'sesame-soak-'));
  const results: StoreSoakResult[] = [];
  try {
    for (const store of stores) {
      log(`${store}: ${durationS} s of sign-in, read, write and sign-out`);
      results.push(await soakStore(store, durationS, workDir));
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  const before = existsSync(out) ? await readFile(out, 'utf8') : '';
  await writeFile(out, replaceSection(before, renderStoreSoak(results, new Date().toISOString())));
  log(`written to ${out}`);
}
