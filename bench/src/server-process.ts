/**
 * The runner's handle on one bench server: spawned pinned to CPU 1 with `taskset`, driven over
 * IPC, stopped by asking it to exit (it closes its store), killed only if it does not exit
 * within ten seconds.
 *
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Command, Counts, Ready, Reply, ServerConfig } from './server/protocol.js';
import { CONFIG_ENV } from './server/protocol.js';

const SERVER_ENTRY = fileURLToPath(new URL('./server/main.ts', import.meta.url));
const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));
const DIST_TSCONFIG = fileURLToPath(new URL('../tsconfig.dist.json', import.meta.url));
const START_TIMEOUT_MS = 30_000;
const COMMAND_TIMEOUT_MS = 300_000;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A command without its id (the handle numbers them). */
type CommandBody = DistributiveOmit<Command, 'id'>;

export interface StartOptions {
  /** CPU list for `taskset -c`. */
  cpus: string;
}

export type Started = { ok: true; server: ServerProcess } | { ok: false; reason: string };

export class ServerProcess {
  readonly pid: number;
  readonly port: number;
  readonly #child: ChildProcess;
  #nextId = 1;
  readonly #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  private constructor(child: ChildProcess, port: number) {
    this.#child = child;
    this.pid = child.pid as number;
    this.port = port;
    child.on('message', (raw) => {
      const reply = raw as Reply;
      const waiter = this.#pending.get(reply.id);
      if (waiter === undefined) return;
      this.#pending.delete(reply.id);
      if (reply.ok) waiter.resolve(reply.value);
      else waiter.reject(new Error(reply.error));
    });
    child.on('exit', () => {
      for (const waiter of this.#pending.values()) waiter.reject(new Error('bench server exited'));
      this.#pending.clear();
    });
  }

  static start(config: ServerConfig, options: StartOptions): Promise<Started> {
    // tsx runs the bench's own TypeScript. Sesame itself comes from dist/ (built as users install
    // it): tsx compiles with esbuild's keepNames, which wraps every closure in a __name() call and
    // would charge Sesame for the loader. tsx maps sesame-session to its sources through the
    // tsconfig "paths"; tsconfig.dist.json has none, so the import resolves to the built package.
    const nodeArgs = ['--import', 'tsx'];
    const tsconfig = config.fromSource ? {} : { TSX_TSCONFIG_PATH: DIST_TSCONFIG };
    // taskset execs node in place: the pid is the server's, and the IPC fd is inherited.
    const child = spawn('taskset', ['-c', options.cpus, process.execPath, ...nodeArgs, SERVER_ENTRY], {
      cwd: BENCH_DIR,
      env: { ...process.env, ...tsconfig, [CONFIG_ENV]: JSON.stringify(config), NODE_ENV: 'development' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve({ ok: false, reason: `did not start within ${START_TIMEOUT_MS} ms` });
      }, START_TIMEOUT_MS);
      child.once('message', (raw) => {
        clearTimeout(timer);
        const ready = raw as Ready;
        if (ready.type === 'ready') resolve({ ok: true, server: new ServerProcess(child, ready.port) });
        else resolve({ ok: false, reason: ready.error });
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve({ ok: false, reason: `exited with code ${String(code)} before it was ready` });
      });
    });
  }

  call<T>(command: CommandBody): Promise<T> {
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`bench server ${this.pid}: ${command.cmd} timed out`));
      }, COMMAND_TIMEOUT_MS);
      this.#pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as T);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.#child.send({ ...command, id });
    });
  }

  counts(): Promise<Counts> {
    return this.call<Counts>({ cmd: 'counts' });
  }

  /** Ask the server to exit; SIGKILL after 10 s if it does not. */
  async stop(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.#child.once('exit', () => resolve()));
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 10_000);
    try {
      await this.call({ cmd: 'exit' });
    } catch {
      // Already gone, or it crashed on the way out: the exit event settles it.
    }
    await exited;
    clearTimeout(timer);
  }
}
