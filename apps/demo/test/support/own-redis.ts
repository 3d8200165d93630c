/**
 * A redis-server of the test's own, to kill, freeze and restart under a running demo (issue 4:
 * a store that goes away mid-traffic). The process handling is the library's test helper; this
 * adds freezing (SIGSTOP), the one failure a kill cannot show: a Redis that accepts commands and
 * never answers, which only Sesame's `storeTimeout` bounds.
 *
 * @module
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { RedisServer } from '../../../../packages/sesame/test/support/redis-server.js';
import { redisCli, startRedisServer } from '../../../../packages/sesame/test/support/redis-server.js';
import { serverAvailable } from './servers.js';

const run = promisify(execFile);

/** A redis-server we started, which can also be frozen and thawed. */
export interface OwnRedis extends Omit<RedisServer, 'freeze' | 'thaw'> {
  /** SIGSTOP: connections stay open, nothing is answered. */
  freeze(): Promise<void>;
  /** SIGCONT after {@link freeze}. */
  thaw(): void;
}

/** Whether `redis-server` and `redis-cli` are installed; in CI their absence fails the file. */
export function ownRedisAvailable(): Promise<boolean> {
  return serverAvailable('redis-server (the outage test runs, kills and restarts its own)', async () => {
    await run('redis-server', ['--version'], { timeout: 2_000 });
    await run('redis-cli', ['--version'], { timeout: 2_000 });
  });
}

/**
 * Start one on a spare loopback port. `persist` keeps data across a kill (append-only file,
 * fsync on every write), so a session can outlive the crash.
 *
 * @example
 * const redis = await startOwnRedis({ persist: true });
 * await redis.kill(); await redis.start(); await redis.stop();
 */
export async function startOwnRedis(options: { persist: boolean }): Promise<OwnRedis> {
  const server = await startRedisServer(options);
  let frozenPid: number | null = null;
  const thaw = (): void => {
    if (frozenPid === null) return;
    process.kill(frozenPid, 'SIGCONT');
    frozenPid = null;
  };
  return {
    port: server.port,
    url: server.url,
    start: () => server.start(),
    kill: () => server.kill(),
    async stop() {
      thaw();
      await server.stop();
    },
    async freeze() {
      const info = await redisCli(server.port, ['INFO', 'server']);
      const pid = Number(/^process_id:(\d+)/m.exec(info)?.[1]);
      if (!Number.isInteger(pid) || pid <= 0) throw new Error(`no process_id in INFO server:\n${info}`);
      process.kill(pid, 'SIGSTOP');
      frozenPid = pid;
    },
    thaw,
  };
}
