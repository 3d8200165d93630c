/**
 * A `redis-server` child process on a spare local port, for tests that must kill, restart or
 * cluster their own Redis. Every wait is bounded; stop() always removes the temp directory.
 *
 * @module
 */
import type { ChildProcess } from 'node:child_process';
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);
const HOST = '127.0.0.1';
const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;
const POLL_MS = 50;
/** Redis Cluster talks node to node on the port plus this (Redis Cluster specification). */
export const CLUSTER_BUS_OFFSET = 10_000;

/** A redis-server we started. */
export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** Start (again) on the same port. */
  start(): Promise<void>;
  /** Kill it at once (SIGKILL), as a crash would, and wait until it is gone. */
  kill(): Promise<void>;
  /** Stop it (SIGTERM, SIGKILL after a bound) and remove its directory. */
  stop(): Promise<void>;
  /** SIGSTOP: connections stay open, nothing is answered (a hung server). */
  freeze(): void;
  /** SIGCONT after {@link freeze}. */
  thaw(): void;
}

/** Options of {@link startRedisServer}. */
export interface RedisServerOptions {
  /** Run with `cluster-enabled yes`, so it can join a cluster. */
  cluster?: boolean;
  /** Keep data across a kill: append-only file, fsync on every write. */
  persist?: boolean;
}

/** Start a redis-server on a spare port (persistence off unless asked) and wait until it answers PING. */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const cluster = options.cluster ?? false;
  const port = await sparePort(cluster);
  const dir = await mkdtemp(join(tmpdir(), `sesame-redis-${port}-`));
  let child: ChildProcess | null = null;

  const persistence =
    options.persist === true ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
  const args = ['--port', String(port), '--bind', HOST, '--save', '', ...persistence, '--dir', dir];
  if (cluster) {
    args.push('--cluster-enabled', 'yes', '--cluster-config-file', join(dir, `nodes-${port}.conf`));
  }

  const server: RedisServer = {
    port,
    url: `redis://${HOST}:${port}`,
    async start() {
      if (child !== null) return;
      const started = spawn('redis-server', args, { stdio: 'ignore' });
      child = started;
      started.once('exit', () => {
        if (child === started) child = null;
      });
      await waitForPing(port, () => child === started);
    },
    async kill() {
      await signal(child, 'SIGKILL');
    },
    freeze() {
      child?.kill('SIGSTOP');
    },
    thaw() {
      child?.kill('SIGCONT');
    },
    async stop() {
      child?.kill('SIGCONT');
      try {
        await signal(child, 'SIGTERM');
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
  try {
    await server.start();
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

/** `redis-cli -p <port> <args…>` with a bound, its output trimmed. */
export async function redisCli(port: number, args: readonly string[], timeoutMs = 5_000): Promise<string> {
  const { stdout } = await run('redis-cli', ['-h', HOST, '-p', String(port), ...args], {
    timeout: timeoutMs,
  });
  return stdout.trim();
}

async function waitForPing(port: number, running: () => boolean): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (!running()) throw new Error(`redis-server on port ${port} exited during start`);
    const reply = await redisCli(port, ['PING'], 1_000).catch(() => '');
    if (reply === 'PONG') return;
    await sleep(POLL_MS);
  }
  throw new Error(`redis-server on port ${port} did not answer PING within ${START_TIMEOUT_MS} ms`);
}

async function signal(child: ChildProcess | null, name: NodeJS.Signals): Promise<void> {
  if (child === null || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(name);
  const timeout = sleep(STOP_TIMEOUT_MS).then(() => 'timeout' as const);
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    child.kill('SIGKILL');
    await Promise.race([exited, sleep(STOP_TIMEOUT_MS)]);
  }
}

/** A free port (and, for cluster nodes, a free bus port above it), found by binding to it. */
async function sparePort(cluster: boolean): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await listenOnce(0);
    if (!cluster) return port;
    if (port + CLUSTER_BUS_OFFSET > 65_535) continue;
    const bus = await listenOnce(port + CLUSTER_BUS_OFFSET).catch(() => null);
    if (bus !== null) return port;
  }
  throw new Error('no spare port found for redis-server after 50 attempts');
}

function listenOnce(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(port, HOST, () => {
      const address = probe.address();
      const bound = typeof address === 'object' && address !== null ? address.port : port;
      probe.close(() => resolve(bound));
    });
  });
}
