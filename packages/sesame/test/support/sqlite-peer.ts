/**
 * A second process on the same SQLite file, for the store contract's race cases (issue 10: "two
 * processes on one file"): a child runs `sqliteStore` on the file, and this side is a
 * {@link SessionStore} whose every call is a message to it.
 *
 * @module
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SessionStore } from '../../src/store.js';

const CHILD = fileURLToPath(new URL('./sqlite-peer-child.ts', import.meta.url));
const START_TIMEOUT_MS = 20_000;

type Method = Exclude<keyof SessionStore, 'close'>;
interface Reply {
  id: number;
  result?: unknown;
  error?: string;
}

/** Start the child on `path` and resolve once it has opened the database. */
export async function sqlitePeer(path: string): Promise<SessionStore> {
  const child = fork(CHILD, [path], {
    execArgv: ['--import', 'tsx'],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => {
    for (const { reject } of pending.values()) reject(new Error('sqlite peer process exited'));
    pending.clear();
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('sqlite peer did not start')), START_TIMEOUT_MS);
    child.once('message', () => {
      clearTimeout(timer);
      resolve();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sqlite peer exited with ${String(code)} during start`));
    });
  });
  child.on('message', (message: Reply) => {
    const call = pending.get(message.id);
    pending.delete(message.id);
    if (message.error !== undefined) call?.reject(new Error(message.error));
    else call?.resolve(message.result);
  });
  const send = (method: Method, args: unknown[]): Promise<never> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ id, method, args });
    });
  return {
    create: (...args) => send('create', args),
    // SQLite keeps no read cache, so `revalidate` has nothing to judge (and cannot cross IPC).
    get: (id) => send('get', [id]),
    applyDelta: (...args) => send('applyDelta', args),
    touch: (...args) => send('touch', args),
    replace: (...args) => send('replace', args),
    renewSecret: (...args) => send('renewSecret', args),
    delete: (...args) => send('delete', args),
    listByUser: (...args) => send('listByUser', args),
    deleteByUser: (...args) => send('deleteByUser', args),
    deleteExpired: (...args) => send('deleteExpired', args),
    async close() {
      if (child.exitCode === null && child.signalCode === null)
        child.send({ id: -1, method: 'close', args: [] });
      await exited;
    },
  };
}
