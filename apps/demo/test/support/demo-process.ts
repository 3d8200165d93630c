/**
 * The demo as `npm start` runs it, as a separate OS process: for tests that need several
 * instances behind one store, or that must see the process itself survive a store outage.
 * Every wait is bounded; {@link stopAll} ends every process it is given, even after a failure.
 *
 * @module
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { TEST_SECRET } from './start-demo.js';

const DEMO_DIR = fileURLToPath(new URL('../..', import.meta.url));
/** tsx compiles the app on start; a busy two-core machine running three at once needs a while. */
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;
const LISTENING = /^Sesame demo on (http:\/\/127\.0\.0\.1:(\d+)) /m;

/** A demo server process we started. */
export interface DemoProcess {
  readonly url: string;
  readonly pid: number;
  /** Everything it printed so far (stdout and stderr), for assertions and failure messages. */
  output(): string;
  /** Still running: not exited, not killed. */
  alive(): boolean;
  /** SIGTERM (its graceful shutdown), SIGKILL after a bound. */
  stop(): Promise<void>;
}

/**
 * Start `node --import tsx src/server.ts` in apps/demo (the `start` script)
 * on a free loopback port and wait for its listening line. `env` adds to a minimal environment
 * (PATH, `HOST=127.0.0.1`, `PORT=0`, the test secret), so nothing leaks in from the test runner.
 *
 * @example
 * const demo = await spawnDemo({ SESSION_STORE: 'redis', REDIS_PREFIX: 'run1:', DATA_DIR: dir });
 * try { await fetch(`${demo.url}/`); } finally { await demo.stop(); }
 */
export async function spawnDemo(env: Record<string, string>): Promise<DemoProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: DEMO_DIR,
    env: {
      PATH: process.env['PATH'] ?? '',
      HOST: '127.0.0.1',
      PORT: '0',
      SESSION_SECRET: TEST_SECRET,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const demo = {
    pid: child.pid ?? -1,
    output: () => output,
    alive: () => running(child),
    stop: () => stop(child),
  };
  try {
    const url = await listeningUrl(child, () => output);
    return { ...demo, url };
  } catch (error) {
    await stop(child);
    throw error;
  }
}

/**
 * Start `count` instances with the same environment at once; if one fails to start, the others
 * are stopped before the error is thrown.
 *
 * @example
 * const [a, b, c] = await spawnDemos(3, { SESSION_STORE: 'redis', DATA_DIR: sharedDir });
 */
export async function spawnDemos(count: number, env: Record<string, string>): Promise<DemoProcess[]> {
  const started = await Promise.allSettled(Array.from({ length: count }, () => spawnDemo(env)));
  const demos = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failure = started.find((result) => result.status === 'rejected');
  if (failure === undefined) return demos;
  await stopAll(demos);
  throw failure.reason;
}

/** Stop every process given, in parallel; none is left running because another failed to stop. */
export async function stopAll(demos: readonly (DemoProcess | undefined)[]): Promise<void> {
  await Promise.allSettled(demos.flatMap((demo) => (demo === undefined ? [] : [demo.stop()])));
}

function running(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

async function listeningUrl(child: ChildProcess, output: () => string): Promise<string> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const url = LISTENING.exec(output())?.[1];
    if (url !== undefined) return url;
    if (!running(child)) throw new Error(`the demo exited during start:\n${output()}`);
    await sleep(50);
  }
  throw new Error(`the demo did not print its listening line within ${START_TIMEOUT_MS} ms:\n${output()}`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (!running(child)) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timeout = sleep(STOP_TIMEOUT_MS).then(() => 'timeout' as const);
  if ((await Promise.race([exited, timeout])) !== 'timeout') return;
  child.kill('SIGKILL');
  await Promise.race([exited, sleep(STOP_TIMEOUT_MS)]);
}
