/**
 * The child of sqlite-peer.ts: `sqliteStore` on the file named by its one argument, answering
 * each message `{ id, method, args }` with `{ id, result }` or `{ id, error }`.
 *
 * @module
 */
import type { SessionStore } from '../../src/store.js';
import { sqliteStore } from '../../src/stores/sqlite/index.js';

interface Call {
  id: number;
  method: keyof SessionStore;
  args: unknown[];
}

const path = process.argv[2];
if (path === undefined || process.send === undefined)
  throw new Error('usage: fork with an IPC channel and a path');
const store = sqliteStore({ path });
const reply = (message: object): void => {
  process.send?.(message);
};

process.on('message', (call: Call) => {
  if (call.method === 'close') {
    void store.close().finally(() => process.disconnect());
    return;
  }
  const methods = store as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const method = methods[call.method];
  if (method === undefined) throw new Error(`sqlite peer: no method ${call.method}`);
  method.apply(store, call.args).then(
    (result) => reply({ id: call.id, result }),
    (error: unknown) => reply({ id: call.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
reply({ ready: true });
