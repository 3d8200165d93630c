/**
 * What one session read and one session write cost on PostgreSQL, outside HTTP: Sesame's
 * postgresStore (`get`, `applyDelta` of one key) and connect-pg-simple, express-session's
 * PostgreSQL store (`get`, `set`), on one pg Pool each, with the write's commit waiting for its WAL
 * flush (`synchronous_commit=on`, the server default) and not (`off`). For each: CPU time of this
 * process and of the pool's server backends (from /proc, by backend pid) per operation, and
 * operations per second at a fixed concurrency. It shows where scenario (b)'s time goes: the
 * statements' own cost on both sides of the connection, and the wait for the disk that every
 * library's write pays once.
 *
 * `npm run pg-statements -w bench [-- --ops=6000 --rounds=3 --concurrency=8]`; needs the server
 * to run on this machine (the backends' CPU time is read from /proc). Prints a Markdown table.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { SessionStore } from 'sesame-session';
import { postgresStore } from 'sesame-session/stores/postgres';
import { createSchema, dropSchema } from './pg-admin.js';
import { fillLegacySession, fillRecord } from './server/fill-records.js';
import { loadConnectPgSimple, loadExpressSession, type LegacyStore } from './server/legacy-modules.js';
import { median } from './stats.js';

const { values } = parseArgs({
  options: { ops: { type: 'string' }, rounds: { type: 'string' }, concurrency: { type: 'string' } },
});
const OPS = Number(values.ops ?? 6_000);
const ROUNDS = Number(values.rounds ?? 3);
const CONCURRENCY = Number(values.concurrency ?? 8);
const SESSIONS = 100;
const DATABASE_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

interface Sample {
  nodeUs: number;
  backendUs: number;
  opsPerS: number;
}

/** User + system CPU time of these backends so far, µs (clock ticks of /proc/<pid>/stat at 100 Hz). */
function backendCpuUs(pids: ReadonlySet<number>): number {
  let ticks = 0;
  for (const pid of pids) {
    const fields =
      readFileSync(`/proc/${String(pid)}/stat`, 'utf8')
        .split(') ')[1]
        ?.split(' ') ?? [];
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks * 10_000;
}

async function measure(
  pids: ReadonlySet<number>,
  findBackends: () => Promise<void>,
  op: (i: number) => Promise<unknown>,
): Promise<Sample> {
  const warmUp = async (): Promise<void> => {
    for (let i = 0; i < 250; i += 1) await op(i);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, warmUp)); // every connection opened
  await findBackends();
  const cpu = process.cpuUsage();
  const backend = backendCpuUs(pids);
  const started = performance.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < OPS) await op((next += 1));
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const used = process.cpuUsage(cpu);
  return {
    nodeUs: (used.user + used.system) / OPS,
    backendUs: (backendCpuUs(pids) - backend) / OPS,
    opsPerS: OPS / ((performance.now() - started) / 1000),
  };
}

function callback<T>(run: (done: (error: unknown, value?: T) => void) => unknown): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    run((error, value) =>
      error ? reject(error instanceof Error ? error : new Error(JSON.stringify(error))) : resolve(value),
    );
  });
}

async function main(): Promise<void> {
  const rows: string[] = [];
  for (const commit of ['on', 'off'] as const) {
    // A schema each: connect-pg-simple's index name is fixed.
    const schema = `bench_statements_${String(process.pid)}_${commit}`;
    await createSchema(DATABASE_URL, schema);
    const applicationName = `sesame-bench-statements-${String(process.pid)}-${commit}`;
    const admin = new pg.Pool({ connectionString: DATABASE_URL, max: 1 });
    // Connections kept for the whole run (no idle timeout), so the backends measured stay the same.
    const pool = new pg.Pool({
      connectionString: DATABASE_URL,
      max: 4,
      idleTimeoutMillis: 0,
      application_name: applicationName,
      options: `-c search_path=${schema} -c synchronous_commit=${commit}`,
    });
    try {
      const pids = new Set<number>();
      // The pool's backends, by their application_name, once it has opened all its connections.
      const findBackends = async (): Promise<void> => {
        const { rows: found } = await admin.query<{ pid: number }>(
          'SELECT pid FROM pg_stat_activity WHERE application_name = $1',
          [applicationName],
        );
        for (const { pid } of found) pids.add(pid);
      };
      const sesame: SessionStore = postgresStore({ pool, schema });
      await (sesame as SessionStore & { migrate(): Promise<void> }).migrate();
      const PgStore = loadConnectPgSimple(loadExpressSession());
      const legacy: LegacyStore = new PgStore({
        pool,
        schemaName: schema,
        tableName: 'session',
        createTableIfMissing: true,
        pruneSessionInterval: false,
      });
      const nowMs = Date.now();
      const records = Array.from({ length: SESSIONS }, (_, i) => fillRecord(i, nowMs));
      const legacySessions = Array.from({ length: SESSIONS }, (_, i) => fillLegacySession(i, nowMs));
      for (const record of records) await sesame.create(record);
      for (const { sid, session } of legacySessions) await callback((done) => legacy.set(sid, session, done));
      const at = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;
      const ops: [string, (i: number) => Promise<unknown>][] = [
        ['Sesame get', (i) => sesame.get(at(records, i).id)],
        ['Sesame applyDelta (one key)', (i) => sesame.applyDelta(at(records, i).id, { set: { n: i } })],
        ['connect-pg-simple get', (i) => callback((done) => legacy.get(at(legacySessions, i).sid, done))],
        [
          'connect-pg-simple set',
          (i) => {
            const { sid, session } = at(legacySessions, i);
            return callback((done) => legacy.set(sid, { ...session, n: i }, done));
          },
        ],
      ];
      const samples = new Map<string, Sample[]>(ops.map(([name]) => [name, []]));
      for (let round = 0; round < ROUNDS; round += 1) {
        for (const [name, op] of ops) samples.get(name)?.push(await measure(pids, findBackends, op));
      }
      for (const [name, list] of samples) {
        const m = (pick: (s: Sample) => number): string =>
          Math.round(median(list.map(pick)) ?? Number.NaN).toLocaleString('en-US');
        rows.push(
          `| ${name} | ${commit} | ${m((s) => s.nodeUs)} | ${m((s) => s.backendUs)} | ${m((s) => s.opsPerS)} |`,
        );
      }
    } finally {
      await pool.end();
      await admin.end();
      await dropSchema(DATABASE_URL, schema);
    }
  }
  console.log(
    [
      `${String(OPS)} operations per measurement, ${String(CONCURRENCY)} in flight on a pool of 4 connections, ${String(SESSIONS)} sessions; median of ${String(ROUNDS)} rounds.`,
      '',
      '| operation | synchronous_commit | this process, CPU µs/op | server backends, CPU µs/op | ops/s |',
      '| --- | --- | ---: | ---: | ---: |',
      ...rows,
    ].join('\n'),
  );
}

await main();
